import CGSL

/// The Cholesky factor of a symmetric positive-definite matrix, by GSL's
/// `gsl_linalg_cholesky_decomp1`: the lower-triangular L with L Lᵀ = A.
public enum Cholesky {
    /// L of the n × n matrix `a` (row-major), row-major with zeros above
    /// the diagonal; nil when `a` is not positive definite.
    public static func lower(_ a: [Double], n: Int) -> [Double]? {
        precondition(a.count == n * n && n > 0)
        ensureGSLErrorHandlerOff()
        guard let m = gsl_matrix_alloc(n, n) else { fatalError("gsl_matrix_alloc: out of memory") }
        defer { gsl_matrix_free(m) }
        for i in 0..<n { for j in 0..<n { gsl_matrix_set(m, i, j, a[i * n + j]) } }
        guard gsl_linalg_cholesky_decomp1(m) == GSL_SUCCESS else { return nil }
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0...i { l[i * n + j] = gsl_matrix_get(m, i, j) } }
        return l
    }
}

extension RandomStream {
    /// A standard normal variate (`gsl_ran_ugaussian`, Box–Muller polar).
    @inline(__always)
    public func standardNormal() -> Double { gsl_ran_ugaussian(rng) }
}

/// Φ, the standard normal CDF (`gsl_cdf_ugaussian_P`).
@inline(__always)
public func standardNormalCDF(_ z: Double) -> Double { gsl_cdf_ugaussian_P(z) }

/// Φ⁻¹, the standard normal quantile (`gsl_cdf_ugaussian_Pinv`).
@inline(__always)
public func standardNormalQuantile(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }
