import CGSL

/// Nonlinear least-squares fitting of a model `y = m(x; θ)` to data
/// (`gsl_multifit_nlinear`, trust-region Levenberg–Marquardt with a
/// finite-difference Jacobian).
public enum NonlinearLeastSquares {
    public struct Fit: Sendable {
        /// The fitted parameters θ̂.
        public let parameters: [Double]
        /// Standard errors of θ̂: `sqrt(diag((JᵀJ)⁻¹) · χ²/dof)`, i.e. the
        /// covariance scaled by the residual variance, as when the data's
        /// own errors are unknown. Empty when dof = 0.
        public let standardErrors: [Double]
        /// The covariance of θ̂, `(JᵀJ)⁻¹ · χ²/dof` (p × p, row-major
        /// rows), whose diagonal's square roots are `standardErrors`.
        /// Empty when dof = 0.
        public let covariance: [[Double]]
        /// Σ wᵢ (m(xᵢ; θ̂) − yᵢ)².
        public let chiSquared: Double
        public let degreesOfFreedom: Int
        public let iterations: Int
    }

    /// Fits `model(x, θ)` to `(x, y)` starting from `initial`.
    ///
    /// Converges when the step, the gradient or the change in cost is small
    /// (`xtol` = 1e-10, `gtol` = 1e-10, `ftol` = 0, GSL's suggested values);
    /// throws on too few points, non-finite data, or failure to converge in
    /// `maxIterations`.
    public static func fit(
        x: [Double], y: [Double], weights: [Double]? = nil,
        initial: [Double], maxIterations: Int = 200,
        model: @escaping ([Double], Double) -> Double
    ) throws(GSLError) -> Fit {
        ensureGSLErrorHandlerOff()
        let n = x.count, p = initial.count
        guard n == y.count, weights.map({ $0.count == n }) ?? true else {
            throw .invalid("gsl_multifit_nlinear_init", "x, y and weights must have the same length")
        }
        guard p >= 1, n >= p else {
            throw .invalid("gsl_multifit_nlinear_alloc", "needs at least as many points (\(n)) as parameters (\(p)), and one parameter")
        }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite), initial.allSatisfy(\.isFinite) else {
            throw .domain("gsl_multifit_nlinear_init", "data and initial parameters must be finite")
        }
        if let w = weights, !w.allSatisfy({ $0 >= 0 && $0.isFinite }) {
            throw .domain("gsl_multifit_nlinear_winit", "weights must be finite and non-negative")
        }

        let workspace = try NonlinearWorkspace(n: n, p: p)
        let box = ResidualBox(x: x, y: y, p: p, model: model)
        let start = try GSLVector(initial)
        let weightVector = try weights.map { (w) throws(GSLError) in try GSLVector(w) }

        return try withExtendedLifetime(box) { () throws(GSLError) -> Fit in
            var fdf = gsl_multifit_nlinear_fdf()
            fdf.f = { theta, params, f in
                let box = Unmanaged<ResidualBox>.fromOpaque(params!).takeUnretainedValue()
                return box.residuals(theta!, f!)
            }
            fdf.df = nil  // finite differences
            fdf.fvv = nil
            fdf.n = n
            fdf.p = p
            fdf.params = Unmanaged.passUnretained(box).toOpaque()

            let w = workspace.pointer
            if let wv = weightVector {
                try check(gsl_multifit_nlinear_winit(start.pointer, wv.pointer, &fdf, w), "gsl_multifit_nlinear_winit")
            } else {
                try check(gsl_multifit_nlinear_init(start.pointer, &fdf, w), "gsl_multifit_nlinear_init")
            }
            var info: Int32 = 0
            try check(gsl_multifit_nlinear_driver(maxIterations, 1e-10, 1e-10, 0, nil, nil, &info, w),
                      "gsl_multifit_nlinear_driver", "no convergence in \(maxIterations) iterations")

            let position = gsl_multifit_nlinear_position(w)!
            let residual = gsl_multifit_nlinear_residual(w)!
            var chisq = 0.0
            try check(gsl_blas_ddot(residual, residual, &chisq), "gsl_blas_ddot")
            let parameters = (0..<p).map { cgsl_vector_get(position, $0) }

            let dof = n - p
            var errors: [Double] = [], covar: [[Double]] = []
            if dof > 0 {
                let covariance = try GSLMatrix(rows: p, columns: p)
                try check(gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0, covariance.pointer),
                          "gsl_multifit_nlinear_covar")
                let scale = chisq / Double(dof)
                covar = (0..<p).map { i in (0..<p).map { j in cgsl_matrix_get(covariance.pointer, i, j) * scale } }
                errors = (0..<p).map { covar[$0][$0].squareRoot() }
            }
            return Fit(parameters: parameters, standardErrors: errors, covariance: covar, chiSquared: chisq,
                       degreesOfFreedom: dof, iterations: Int(gsl_multifit_nlinear_niter(w)))
        }
    }
}

/// Evaluates residuals `m(xᵢ; θ) − yᵢ` for GSL's callback.
private final class ResidualBox {
    let x: [Double], y: [Double], p: Int
    let model: ([Double], Double) -> Double
    var theta: [Double]

    init(x: [Double], y: [Double], p: Int, model: @escaping ([Double], Double) -> Double) {
        self.x = x; self.y = y; self.p = p; self.model = model
        theta = [Double](repeating: 0, count: p)
    }

    func residuals(_ thetaVector: UnsafePointer<gsl_vector>, _ f: UnsafeMutablePointer<gsl_vector>) -> Int32 {
        for j in 0..<p { theta[j] = cgsl_vector_get(thetaVector, j) }
        for i in 0..<x.count {
            let r = model(theta, x[i]) - y[i]
            guard r.isFinite else { return Int32(GSL_EBADFUNC) }
            cgsl_vector_set(f, i, r)
        }
        return Int32(GSL_SUCCESS)
    }
}

/// Owns a trust-region `gsl_multifit_nlinear_workspace`.
final class NonlinearWorkspace {
    let pointer: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>

    init(n: Int, p: Int) throws(GSLError) {
        var parameters = gsl_multifit_nlinear_default_parameters()
        guard let w = gsl_multifit_nlinear_alloc(cgsl_multifit_nlinear_trust(), &parameters, n, p) else {
            throw GSLError(status: Int32(GSL_ENOMEM), routine: "gsl_multifit_nlinear_alloc")
        }
        pointer = w
    }

    deinit { gsl_multifit_nlinear_free(pointer) }
}

/// Owns a `gsl_vector`.
final class GSLVector {
    let pointer: UnsafeMutablePointer<gsl_vector>

    init(_ values: [Double]) throws(GSLError) {
        guard let v = gsl_vector_alloc(values.count) else {
            throw GSLError(status: Int32(GSL_ENOMEM), routine: "gsl_vector_alloc")
        }
        for (i, x) in values.enumerated() { cgsl_vector_set(v, i, x) }
        pointer = v
    }

    deinit { gsl_vector_free(pointer) }
}

/// Owns a `gsl_matrix`.
final class GSLMatrix {
    let pointer: UnsafeMutablePointer<gsl_matrix>

    init(rows: Int, columns: Int) throws(GSLError) {
        guard let m = gsl_matrix_calloc(rows, columns) else {
            throw GSLError(status: Int32(GSL_ENOMEM), routine: "gsl_matrix_calloc")
        }
        pointer = m
    }

    deinit { gsl_matrix_free(pointer) }
}
