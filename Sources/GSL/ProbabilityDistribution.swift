import CGSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A univariate probability distribution with the parameters users write.
///
/// Sampling goes through GSL's generators (`gsl_ran_*`) where GSL has one,
/// and through the inverse CDF otherwise (triangular). Quantiles use
/// `gsl_cdf_*_Pinv`. PERT is the scaled beta with
/// `α = 1 + 4(mode − min)/(max − min)`, `β = 1 + 4(max − mode)/(max − min)`
/// (Vose 2008, §9.1.4), whose mean is `(min + 4·mode + max)/6`.
///
/// Call `parameterProblem` before use: the other members assume valid
/// parameters (they return NaN otherwise, never abort).
public enum ProbabilityDistribution: Sendable, Equatable {
    case uniform(min: Double, max: Double)
    case normal(mean: Double, sd: Double)
    /// `log X ~ Normal(mu, sigma)`: median `exp(mu)`, geometric SD `exp(sigma)`.
    case lognormal(mu: Double, sigma: Double)
    /// Beta(α, β) scaled from [0, 1] to [min, max].
    case beta(alpha: Double, beta: Double, min: Double, max: Double)
    /// Gamma with shape `k` and scale `θ`: mean `kθ`.
    case gamma(shape: Double, scale: Double)
    case triangular(min: Double, mode: Double, max: Double)
    case pert(min: Double, mode: Double, max: Double)

    /// Why the parameters are impossible, or nil when they are valid.
    public var parameterProblem: String? {
        func finite(_ values: Double...) -> Bool { values.allSatisfy(\.isFinite) }
        switch self {
        case let .uniform(a, b):
            if !finite(a, b) { return "min and max must be finite numbers" }
            if a > b { return "min (\(a)) is greater than max (\(b))" }
        case let .normal(m, s):
            if !finite(m, s) { return "mean and sd must be finite numbers" }
            if s < 0 { return "sd (\(s)) must not be negative" }
        case let .lognormal(mu, sigma):
            if !finite(mu, sigma) { return "mu and sigma must be finite numbers" }
            if sigma < 0 { return "sigma (\(sigma)) must not be negative" }
        case let .beta(al, be, a, b):
            if !finite(al, be, a, b) { return "alpha, beta, min and max must be finite numbers" }
            if al <= 0 || be <= 0 { return "alpha (\(al)) and beta (\(be)) must be positive" }
            if a > b { return "min (\(a)) is greater than max (\(b))" }
        case let .gamma(k, theta):
            if !finite(k, theta) { return "shape and scale must be finite numbers" }
            if k <= 0 || theta <= 0 { return "shape (\(k)) and scale (\(theta)) must be positive" }
        case let .triangular(a, c, b), let .pert(a, c, b):
            if !finite(a, c, b) { return "min, mode and max must be finite numbers" }
            if a > b { return "min (\(a)) is greater than max (\(b))" }
            if c < a || c > b { return "mode (\(c)) must lie between min (\(a)) and max (\(b))" }
        }
        return nil
    }

    /// The expected value.
    public var mean: Double {
        switch self {
        case let .uniform(a, b): return (a + b) / 2
        case let .normal(m, _): return m
        case let .lognormal(mu, s): return exp(mu + s * s / 2)
        case let .beta(al, be, a, b): return a + (b - a) * al / (al + be)
        case let .gamma(k, theta): return k * theta
        case let .triangular(a, c, b): return (a + b + c) / 3
        case let .pert(a, c, b): return (a + 4 * c + b) / 6
        }
    }

    /// The variance.
    public var variance: Double {
        switch self {
        case let .uniform(a, b): return (b - a) * (b - a) / 12
        case let .normal(_, s): return s * s
        case let .lognormal(mu, s): return (exp(s * s) - 1) * exp(2 * mu + s * s)
        case let .beta(al, be, a, b):
            let n = al + be
            return (b - a) * (b - a) * al * be / (n * n * (n + 1))
        case let .gamma(k, theta): return k * theta * theta
        case let .triangular(a, c, b): return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case let .pert(a, c, b):
            guard b > a else { return 0 }
            let (al, be) = Self.pertShape(a, c, b)
            let n = al + be
            return (b - a) * (b - a) * al * be / (n * n * (n + 1))
        }
    }

    /// The value used when a scenario runs on central values: the mode for
    /// triangular and PERT (what an expert states as "most likely"), the
    /// mean otherwise.
    public var central: Double {
        switch self {
        case let .triangular(_, c, _), let .pert(_, c, _): return c
        default: return mean
        }
    }

    /// The inverse CDF at probability `p` ∈ [0, 1].
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        ensureGSLErrorHandlerOff()
        guard p >= 0, p <= 1 else {
            throw .domain("quantile", "probability \(p) is outside [0, 1]")
        }
        if let problem = parameterProblem { throw .domain("quantile", problem) }
        return unsafeQuantile(p)
    }

    /// The inverse CDF without checks: `p` in [0, 1], parameters valid.
    @inline(__always)
    public func unsafeQuantile(_ p: Double) -> Double {
        switch self {
        case let .uniform(a, b): return a + (b - a) * p
        case let .normal(m, s): return s == 0 ? m : m + gsl_cdf_gaussian_Pinv(p, s)
        case let .lognormal(mu, s): return s == 0 ? exp(mu) : gsl_cdf_lognormal_Pinv(p, mu, s)
        case let .beta(al, be, a, b): return a + (b - a) * gsl_cdf_beta_Pinv(p, al, be)
        case let .gamma(k, theta): return gsl_cdf_gamma_Pinv(p, k, theta)
        case let .triangular(a, c, b):
            guard b > a else { return a }
            let split = (c - a) / (b - a)
            return p < split
                ? a + (p * (b - a) * (c - a)).squareRoot()
                : b - ((1 - p) * (b - a) * (b - c)).squareRoot()
        case let .pert(a, c, b):
            guard b > a else { return a }
            let (al, be) = Self.pertShape(a, c, b)
            return a + (b - a) * gsl_cdf_beta_Pinv(p, al, be)
        }
    }

    /// One variate drawn from `stream`.
    @inline(__always)
    public func sample(_ stream: RandomStream) -> Double {
        let r = stream.rng
        switch self {
        case let .uniform(a, b): return a + (b - a) * gsl_rng_uniform(r)
        case let .normal(m, s): return m + gsl_ran_gaussian_ziggurat(r, s)
        case let .lognormal(mu, s): return gsl_ran_lognormal(r, mu, s)
        case let .beta(al, be, a, b): return a + (b - a) * gsl_ran_beta(r, al, be)
        case let .gamma(k, theta): return gsl_ran_gamma(r, k, theta)
        case .triangular: return unsafeQuantile(gsl_rng_uniform(r))
        case let .pert(a, c, b):
            guard b > a else { return a }
            let (al, be) = Self.pertShape(a, c, b)
            return a + (b - a) * gsl_ran_beta(r, al, be)
        }
    }

    static func pertShape(_ a: Double, _ c: Double, _ b: Double) -> (Double, Double) {
        (1 + 4 * (c - a) / (b - a), 1 + 4 * (b - c) / (b - a))
    }
}
