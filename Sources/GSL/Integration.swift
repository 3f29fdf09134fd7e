import CGSL

/// Adaptive numerical integration (QUADPACK in GSL).
public enum Integration {
    public struct Result: Sendable, Equatable {
        /// The estimate of the integral.
        public let value: Double
        /// GSL's estimate of the absolute error of `value`.
        public let absoluteError: Double
    }

    /// ∫ₐᵇ f(x) dx by QAGS (adaptive Gauss–Kronrod 21-point with Wynn's
    /// ε-extrapolation; copes with integrable end-point singularities).
    /// Infinite limits switch to QAGI/QAGIU/QAGIL. Stops when the error
    /// estimate is below `max(absoluteTolerance, relativeTolerance·|I|)`;
    /// throws when that cannot be reached within `limit` subintervals, or on
    /// a divergent or non-finite integrand.
    public static func qags(
        from a: Double, to b: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
        limit: Int = 1000,
        _ f: (Double) -> Double
    ) throws(GSLError) -> Result {
        ensureGSLErrorHandlerOff()
        guard !a.isNaN, !b.isNaN else { throw .domain("gsl_integration_qags", "limits must be numbers") }
        guard absoluteTolerance > 0 || relativeTolerance >= 5e-29 else {
            throw .invalid("gsl_integration_qags", "set a positive absolute tolerance or a relative tolerance ≥ 5e-29")
        }
        if a == b { return Result(value: 0, absoluteError: 0) }
        if a > b {
            let r = try qags(from: b, to: a, absoluteTolerance: absoluteTolerance,
                             relativeTolerance: relativeTolerance, limit: limit, f)
            return Result(value: -r.value, absoluteError: r.absoluteError)
        }
        let workspace = try IntegrationWorkspace(limit: limit)
        return try ScalarFunctionBox.withGSLFunction(f) { (function) throws(GSLError) -> Result in
            var value = 0.0, error = 0.0
            let w = workspace.pointer
            let status: Int32
            let routine: String
            switch (a.isInfinite, b.isInfinite) {
            case (false, false):
                routine = "gsl_integration_qags"
                status = gsl_integration_qags(&function, a, b, absoluteTolerance, relativeTolerance, limit, w, &value, &error)
            case (true, false):
                routine = "gsl_integration_qagil"
                status = gsl_integration_qagil(&function, b, absoluteTolerance, relativeTolerance, limit, w, &value, &error)
            case (false, true):
                routine = "gsl_integration_qagiu"
                status = gsl_integration_qagiu(&function, a, absoluteTolerance, relativeTolerance, limit, w, &value, &error)
            case (true, true):
                routine = "gsl_integration_qagi"
                status = gsl_integration_qagi(&function, absoluteTolerance, relativeTolerance, limit, w, &value, &error)
            }
            try check(status, routine, "integrating over [\(a), \(b)]")
            return Result(value: value, absoluteError: error)
        }
    }
}

/// Owns a `gsl_integration_workspace`.
final class IntegrationWorkspace {
    let pointer: UnsafeMutablePointer<gsl_integration_workspace>
    let limit: Int

    init(limit: Int) throws(GSLError) {
        guard limit >= 1 else { throw .invalid("gsl_integration_workspace_alloc", "limit must be at least 1") }
        guard let p = gsl_integration_workspace_alloc(limit) else {
            throw GSLError(status: Int32(GSL_ENOMEM), routine: "gsl_integration_workspace_alloc")
        }
        pointer = p
        self.limit = limit
    }

    deinit { gsl_integration_workspace_free(pointer) }
}
