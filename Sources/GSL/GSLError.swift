import CGSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed GSL call, or a call refused before it reached GSL because its
/// arguments lie outside the routine's domain.
///
/// `status` is GSL's error code (`GSL_EDOM`, `GSL_EINVAL`, ...), `routine`
/// names the C function, `message` is `gsl_strerror(status)` and `detail`
/// says, in our words or GSL's, what was wrong with the arguments.
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

// MARK: - GSL's error handler

/// GSL's default error handler calls `abort()`. It is replaced exactly once,
/// the first time any entry point of this module runs (a global `let` is
/// initialised lazily and atomically, so this is safe from any thread), by
/// `recordGSLError`, which never aborts: it notes what GSL reported in a
/// per-thread record that `trappingGSLErrors` turns into a thrown
/// `GSLError`. This matters for the routines that report failure only
/// through the handler (`GSL_ERROR_VAL`, e.g. the inverse CDFs'
/// "inverse failed to converge", which then return NaN).
private let gslErrorHandlerIsOff: Bool = { _ = recordingHandlerAddress; return true }()

/// Installs the handler; its address as GSL holds it (a Swift function
/// converted to `@convention(c)` again may give another thunk).
private let recordingHandlerAddress: UInt = {
    _ = errorRecordKey
    _ = gsl_set_error_handler(recordGSLError)
    return currentHandlerAddress()
}()

private func currentHandlerAddress() -> UInt {
    let current = gsl_set_error_handler_off()
    _ = gsl_set_error_handler(current)
    return current.map { UInt(bitPattern: unsafeBitCast($0, to: UnsafeRawPointer.self)) } ?? 0
}

/// Call before the first GSL call of every entry point (cheap after the
/// first: one load and branch).
@inline(__always)
func ensureGSLErrorHandlerOff() {
    _ = gslErrorHandlerIsOff
}

/// Whether GSL's error handler is set (GSL aborts only when it is not), read
/// without installing it. For the exit tests that prove each entry point
/// installs it.
package var gslErrorHandlerIsSet: Bool { currentHandlerAddress() != 0 }

/// Whether the handler set is this module's recording one (installs it).
package var gslErrorHandlerIsRecording: Bool {
    ensureGSLErrorHandlerOff()
    return currentHandlerAddress() == recordingHandlerAddress
}

/// What GSL's handler last reported on one thread. `reason` and `file` are
/// C string literals of GSL (`GSL_ERROR` passes literals), valid forever.
private struct ErrorRecord {
    var status: Int32 = 0
    var reason: UnsafePointer<CChar>?
    var file: UnsafePointer<CChar>?
    var line: Int32 = 0
}

/// One record per thread: GSL may report from Monte Carlo workers at once.
private let errorRecordKey: pthread_key_t = {
    var key = pthread_key_t()
    let created = pthread_key_create(&key) { free($0) }
    precondition(created == 0, "pthread_key_create failed: \(created)")
    return key
}()

private func errorRecord() -> UnsafeMutablePointer<ErrorRecord> {
    if let p = pthread_getspecific(errorRecordKey) { return p.assumingMemoryBound(to: ErrorRecord.self) }
    let p = malloc(MemoryLayout<ErrorRecord>.size)!.bindMemory(to: ErrorRecord.self, capacity: 1)
    p.initialize(to: ErrorRecord())
    pthread_setspecific(errorRecordKey, p)
    return p
}

/// GSL's handler: remembers the first report since the last reset, and
/// returns, so that the GSL routine returns its status (or its `_VAL`).
private func recordGSLError(_ reason: UnsafePointer<CChar>?, _ file: UnsafePointer<CChar>?,
                            _ line: Int32, _ status: Int32) {
    let r = errorRecord()
    if r.pointee.status == 0 { r.pointee = ErrorRecord(status: status, reason: reason, file: file, line: line) }
}

/// Runs `body`, which calls GSL, and throws what GSL's handler reported
/// meanwhile on this thread, with GSL's reason and source location after
/// `detail`.
@inline(__always)
func trappingGSLErrors<T>(_ routine: String, _ detail: @autoclosure () -> String = "",
                          _ body: () -> T) throws(GSLError) -> T {
    ensureGSLErrorHandlerOff()
    let record = errorRecord()
    record.pointee.status = 0
    let result = body()
    let reported = record.pointee
    guard reported.status == 0 else {
        record.pointee.status = 0
        let reason = reported.reason.map { String(cString: $0) } ?? ""
        let location = reported.file.map { " (\(String(cString: $0)):\(reported.line))" } ?? ""
        let d = detail()
        throw GSLError(status: reported.status, routine: routine,
                       detail: (d.isEmpty ? reason : "\(d): \(reason)") + location)
    }
    return result
}

/// Throws when a GSL status is not `GSL_SUCCESS`.
@inline(__always)
func check(_ status: Int32, _ routine: String, _ detail: @autoclosure () -> String = "") throws(GSLError) {
    if status != Int32(GSL_SUCCESS) {
        throw GSLError(status: status, routine: routine, detail: detail())
    }
}

/// GSL routines the tests call directly (the test target does not import CGSL).
package enum CGSLTestHook {
    package static func gammaPinv(_ p: Double, _ k: Double, _ theta: Double) -> Double { gsl_cdf_gamma_Pinv(p, k, theta) }
    package static func gammaP(_ x: Double, _ k: Double, _ theta: Double) -> Double { gsl_cdf_gamma_P(x, k, theta) }
    package static func betaP(_ x: Double, _ a: Double, _ b: Double) -> Double { gsl_cdf_beta_P(x, a, b) }
}
