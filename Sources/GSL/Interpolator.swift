import CGSL

/// A one-dimensional interpolating function through `(x, y)` knots
/// (`gsl_spline`), owning its spline and its lookup accelerator.
///
/// `x` must be strictly increasing and finite. Kinds: `linear` (2 knots or
/// more), `cubic` natural spline (3+), `steffen` monotone cubic (3+; never
/// overshoots between knots, Steffen 1990), `akima` (5+). Evaluation outside
/// `[xMin, xMax]` throws; `clampedValue(at:)` holds the end values instead.
///
/// Not thread-safe: the accelerator is a mutable cache. Use one per thread.
public final class Interpolator {
    public enum Kind: String, Sendable, CaseIterable {
        case linear, cubic, steffen, akima

        public var minimumKnots: Int {
            switch self {
            case .linear: 2
            case .cubic, .steffen: 3
            case .akima: 5
            }
        }

        var gslType: UnsafePointer<gsl_interp_type> {
            switch self {
            case .linear: cgsl_interp_linear()
            case .cubic: cgsl_interp_cspline()
            case .steffen: cgsl_interp_steffen()
            case .akima: cgsl_interp_akima()
            }
        }
    }

    let spline: UnsafeMutablePointer<gsl_spline>
    let accel: UnsafeMutablePointer<gsl_interp_accel>
    public let kind: Kind
    public let xMin: Double
    public let xMax: Double

    public init(x: [Double], y: [Double], kind: Kind = .linear) throws(GSLError) {
        ensureGSLErrorHandlerOff()
        guard x.count == y.count else {
            throw .invalid("gsl_spline_init", "x has \(x.count) values but y has \(y.count)")
        }
        guard x.count >= kind.minimumKnots else {
            throw .invalid("gsl_spline_init", "\(kind.rawValue) interpolation needs at least \(kind.minimumKnots) knots, got \(x.count)")
        }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw .domain("gsl_spline_init", "knots must be finite numbers")
        }
        for i in 1..<x.count where !(x[i] > x[i - 1]) {
            throw .invalid("gsl_spline_init", "x must be strictly increasing, but x[\(i)] = \(x[i]) follows x[\(i - 1)] = \(x[i - 1])")
        }
        guard let spline = gsl_spline_alloc(kind.gslType, x.count) else {
            throw GSLError(status: Int32(GSL_ENOMEM), routine: "gsl_spline_alloc")
        }
        guard let accel = gsl_interp_accel_alloc() else {
            gsl_spline_free(spline)
            throw GSLError(status: Int32(GSL_ENOMEM), routine: "gsl_interp_accel_alloc")
        }
        // gsl_spline_init copies both arrays, so they need not outlive this call.
        let status = x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in gsl_spline_init(spline, xs.baseAddress, ys.baseAddress, x.count) }
        }
        if status != Int32(GSL_SUCCESS) {
            gsl_interp_accel_free(accel)
            gsl_spline_free(spline)
            throw GSLError(status: status, routine: "gsl_spline_init")
        }
        self.spline = spline
        self.accel = accel
        self.kind = kind
        self.xMin = x[0]
        self.xMax = x[x.count - 1]
    }

    deinit {
        gsl_interp_accel_free(accel)
        gsl_spline_free(spline)
    }

    /// The interpolated value at `x` ∈ [xMin, xMax] (`gsl_spline_eval_e`).
    public func value(at x: Double) throws(GSLError) -> Double {
        var y = 0.0
        try check(gsl_spline_eval_e(spline, x, accel, &y), "gsl_spline_eval_e",
                  "x = \(x) is outside the table [\(xMin), \(xMax)]")
        return y
    }

    /// The value at `x`, with `x` clamped into [xMin, xMax]: the end values
    /// hold beyond the table. Never throws.
    public func clampedValue(at x: Double) -> Double {
        let xc = x.isNaN ? xMin : Swift.min(Swift.max(x, xMin), xMax)
        var y = 0.0
        _ = gsl_spline_eval_e(spline, xc, accel, &y)
        return y
    }

    /// The first derivative at `x` ∈ [xMin, xMax].
    public func derivative(at x: Double) throws(GSLError) -> Double {
        var d = 0.0
        try check(gsl_spline_eval_deriv_e(spline, x, accel, &d), "gsl_spline_eval_deriv_e",
                  "x = \(x) is outside the table [\(xMin), \(xMax)]")
        return d
    }

    /// The integral of the interpolant from `a` to `b`, both in [xMin, xMax].
    public func integral(from a: Double, to b: Double) throws(GSLError) -> Double {
        var r = 0.0
        try check(gsl_spline_eval_integ_e(spline, a, b, accel, &r), "gsl_spline_eval_integ_e",
                  "[\(a), \(b)] is not inside the table [\(xMin), \(xMax)]")
        return r
    }
}
