import CGSL

/// The function has the same sign at both ends of the bracket, so Brent's
/// method cannot start: no root is known to lie in `[lower, upper]`.
public struct RootNotBracketed: Error, Sendable, Equatable, CustomStringConvertible {
    public let lower: Double
    public let upper: Double
    public let valueAtLower: Double
    public let valueAtUpper: Double

    public var description: String {
        "no root in [\(lower), \(upper)]: f(\(lower)) = \(valueAtLower) and f(\(upper)) = \(valueAtUpper) have the same sign"
    }
}

/// One-dimensional root finding.
public enum RootFinding {
    /// A root of `f` in `[lower, upper]` by Brent's method
    /// (`gsl_root_fsolver_brent`): bisection safeguarded inverse quadratic
    /// interpolation, which always converges once the root is bracketed.
    ///
    /// Converged when the bracket `[a, b]` satisfies
    /// `|b − a| < absoluteTolerance + relativeTolerance·min(|a|, |b|)`.
    /// Throws `RootNotBracketed` when `f(lower)` and `f(upper)` share a sign
    /// (or are not finite), `GSLError` when GSL fails or `maxIterations` pass.
    public static func brent(
        in lower: Double, _ upper: Double,
        absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-12,
        maxIterations: Int = 200,
        _ f: (Double) -> Double
    ) throws -> Double {
        ensureGSLErrorHandlerOff()
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw GSLError.invalid("gsl_root_fsolver_set", "the bracket [\(lower), \(upper)] must be finite with lower < upper")
        }
        let fl = f(lower), fu = f(upper)
        if fl == 0 { return lower }
        if fu == 0 { return upper }
        guard fl.isFinite, fu.isFinite, (fl < 0) != (fu < 0) else {
            throw RootNotBracketed(lower: lower, upper: upper, valueAtLower: fl, valueAtUpper: fu)
        }
        let solver = try BrentSolver()
        return try ScalarFunctionBox.withGSLFunction(f) { (function) throws(GSLError) -> Double in
            let s = solver.pointer
            try check(gsl_root_fsolver_set(s, &function, lower, upper), "gsl_root_fsolver_set")
            for _ in 0..<maxIterations {
                try check(gsl_root_fsolver_iterate(s), "gsl_root_fsolver_iterate")
                let a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s)
                let status = gsl_root_test_interval(a, b, absoluteTolerance, relativeTolerance)
                if status == Int32(GSL_SUCCESS) { return gsl_root_fsolver_root(s) }
                if status != Int32(GSL_CONTINUE) { try check(status, "gsl_root_test_interval") }
            }
            throw GSLError(status: Int32(GSL_EMAXITER), routine: "gsl_root_fsolver_iterate",
                           detail: "no convergence in \(maxIterations) iterations")
        }
    }
}

/// Owns a Brent `gsl_root_fsolver`.
final class BrentSolver {
    let pointer: UnsafeMutablePointer<gsl_root_fsolver>

    init() throws(GSLError) {
        guard let p = gsl_root_fsolver_alloc(cgsl_root_brent()) else {
            throw GSLError(status: Int32(GSL_ENOMEM), routine: "gsl_root_fsolver_alloc")
        }
        pointer = p
    }

    deinit { gsl_root_fsolver_free(pointer) }
}
