import CGSL

/// A failed GSL call, or a call refused before it reached GSL because its
/// arguments lie outside the routine's domain.
///
/// `status` is GSL's error code (`GSL_EDOM`, `GSL_EINVAL`, ...), `routine`
/// names the C function, `message` is `gsl_strerror(status)` and `detail`
/// says, in our words, what was wrong with the arguments.
public struct GSLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int32
    public let routine: String
    public let message: String
    public let detail: String

    public init(status: Int32, routine: String, detail: String = "") {
        self.status = status
        self.routine = routine
        self.message = String(cString: gsl_strerror(status))
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? "\(routine): \(message)" : "\(routine): \(message): \(detail)"
    }

    /// Input domain error (`GSL_EDOM`).
    public static func domain(_ routine: String, _ detail: String) -> GSLError {
        GSLError(status: Int32(GSL_EDOM), routine: routine, detail: detail)
    }

    /// Invalid argument (`GSL_EINVAL`).
    public static func invalid(_ routine: String, _ detail: String) -> GSLError {
        GSLError(status: Int32(GSL_EINVAL), routine: routine, detail: detail)
    }
}

/// GSL's default error handler calls `abort()`. It is switched off exactly
/// once, the first time any wrapper is initialised: a global `let` is
/// initialised lazily and atomically, so this is safe from any thread.
private let gslErrorHandlerIsOff: Bool = {
    _ = gsl_set_error_handler_off()
    return true
}()

/// Call before the first GSL call of every wrapper (cheap after the first).
@inline(__always)
func ensureGSLErrorHandlerOff() {
    _ = gslErrorHandlerIsOff
}

/// Throws when a GSL status is not `GSL_SUCCESS`.
@inline(__always)
func check(_ status: Int32, _ routine: String, _ detail: @autoclosure () -> String = "") throws(GSLError) {
    if status != Int32(GSL_SUCCESS) {
        throw GSLError(status: status, routine: routine, detail: detail())
    }
}
