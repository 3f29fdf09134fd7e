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
///
/// GSL's inverse CDFs of the beta and gamma distributions
/// (`gsl_cdf_beta_Pinv`, `gsl_cdf_gamma_Pinv`, GSL 2.7) fail to converge
/// outside a range of shapes, and sporadically inside it (measured: 66 of
/// 6.7 million (α, β, p) points with α, β in [0.25, 64]; 54 of 560,000 for
/// gamma shapes in [0.15, 10⁴]); beta(10⁶, 10⁶) at p = 0.5 does not return
/// at all. So shapes are limited to `betaShapes` and `gammaShapes`, where
/// no call took over 10 ms, and where GSL's inverse still fails the
/// quantile is found by bisection on GSL's CDF instead.
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

    /// The α and β of a beta distribution whose quantiles Footprint computes.
    public static let betaShapes: ClosedRange<Double> = 0.1...1e4
    /// The shapes of a gamma distribution whose quantiles Footprint computes.
    public static let gammaShapes: ClosedRange<Double> = 0.1...1e5

    /// Why the parameters are impossible (or outside the shapes whose
    /// quantiles can be computed), or nil when they are valid.
    public var parameterProblem: String? {
        func finite(_ values: Double...) -> Bool { values.allSatisfy(\.isFinite) }
        switch self {
        case let .uniform(a, b):
            if !finite(a, b) { return "min and max must be finite numbers" }
            if a > b { return "min (\(a)) is greater than max (\(b))" }
            if !(b - a).isFinite { return "max − min (\(b) − \(a)) is too large to compute with; give bounds within ±1e307" }
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
            for (name, x) in [("alpha", al), ("beta", be)] where !Self.betaShapes.contains(x) {
                return "\(name) (\(x)) is outside \(Self.betaShapes.lowerBound) to \(Int(Self.betaShapes.upperBound)), "
                    + "the shapes whose quantiles GSL computes reliably; for a spread this narrow or skewed, use a triangular, PERT or lognormal distribution"
            }
        case let .gamma(k, theta):
            if !finite(k, theta) { return "shape and scale must be finite numbers" }
            if k <= 0 || theta <= 0 { return "shape (\(k)) and scale (\(theta)) must be positive" }
            if !Self.gammaShapes.contains(k) {
                return "shape (\(k)) is outside \(Self.gammaShapes.lowerBound) to \(Int(Self.gammaShapes.upperBound)), "
                    + "the shapes whose quantiles GSL computes reliably; for a spread this narrow or skewed, use a normal or lognormal distribution"
            }
        case let .triangular(a, c, b), let .pert(a, c, b):
            if !finite(a, c, b) { return "min, mode and max must be finite numbers" }
            if a > b { return "min (\(a)) is greater than max (\(b))" }
            if c < a || c > b { return "mode (\(c)) must lie between min (\(a)) and max (\(b))" }
            if !(b - a).isFinite { return "max − min (\(b) − \(a)) is too large to compute with; give bounds within ±1e307" }
            // 4·(max − mode) overflows before the division when max is
            // near the largest double: PERT's β would be infinite, and GSL's
            // inverse beta CDF never returns for it.
            if case .pert = self, b > a {
                let (al, be) = Self.pertShape(a, c, b)
                if !al.isFinite || !be.isFinite {
                    return "min, mode and max (\(a), \(c), \(b)) are too far apart to compute PERT's shape; give bounds within ±1e307"
                }
            }
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

    /// The inverse CDF at probability `p` ∈ [0, 1]. Throws when the
    /// parameters are invalid, or when neither GSL's inverse nor bisection
    /// on its CDF gives a number (GSL's reason and source line included).
    public func quantile(_ p: Double) throws(GSLError) -> Double {
        ensureGSLErrorHandlerOff()
        guard p >= 0, p <= 1 else {
            throw .domain("quantile", "probability \(p) is outside [0, 1]")
        }
        if let problem = parameterProblem { throw .domain("quantile", problem) }
        let routine = inverseRoutine
        let direct: Result<Double, GSLError> = Result { () throws(GSLError) in
            try trappingGSLErrors(routine, "at p = \(p)") { directQuantile(p) }
        }
        if case let .success(x) = direct, !x.isNaN { return x }
        // GSL's inverse failed to converge (it returns NaN): bisect its CDF.
        let bisected = try? trappingGSLErrors(routine, "at p = \(p)") { bisectedQuantile(p) }
        if let bisected, !bisected.isNaN { return bisected }
        if case let .failure(e) = direct { throw e }
        throw GSLError(status: Int32(GSL_EFAILED), routine: routine, detail: "at p = \(p): the result is not a number")
    }

    /// The inverse CDF without checks: `p` in [0, 1], parameters valid
    /// (`parameterProblem` nil). NaN where `quantile` would throw; never
    /// aborts.
    @inline(__always)
    public func unsafeQuantile(_ p: Double) -> Double {
        ensureGSLErrorHandlerOff()
        let x = directQuantile(p)
        return x.isNaN ? bisectedQuantile(p) : x
    }

    /// The GSL routine behind `directQuantile`, for messages.
    private var inverseRoutine: String {
        switch self {
        case .uniform, .triangular: "quantile"
        case .normal: "gsl_cdf_gaussian_Pinv"
        case .lognormal: "gsl_cdf_lognormal_Pinv"
        case .beta, .pert: "gsl_cdf_beta_Pinv"
        case .gamma: "gsl_cdf_gamma_Pinv"
        }
    }

    @inline(__always)
    private func directQuantile(_ p: Double) -> Double {
        switch self {
        case let .uniform(a, b): return a + (b - a) * p
        case let .normal(m, s): return s == 0 ? m : m + gsl_cdf_gaussian_Pinv(p, s)
        case let .lognormal(mu, s): return s == 0 ? exp(mu) : gsl_cdf_lognormal_Pinv(p, mu, s)
        case let .beta(al, be, a, b):
            guard al.isFinite, be.isFinite else { return .nan }  // GSL would loop forever
            return a + (b - a) * gsl_cdf_beta_Pinv(p, al, be)
        case let .gamma(k, theta): return gsl_cdf_gamma_Pinv(p, k, theta)
        case let .triangular(a, c, b): return Self.triangularQuantile(p, a, c, b)
        case let .pert(a, c, b):
            guard b > a else { return a }
            let (al, be) = Self.pertShape(a, c, b)
            guard al.isFinite, be.isFinite else { return .nan }  // GSL would loop forever
            return a + (b - a) * gsl_cdf_beta_Pinv(p, al, be)
        }
    }

    /// The triangular distribution's inverse CDF at p (min a, mode c, max
    /// b): closed form, no GSL call.
    @inlinable @inline(__always)
    static func triangularQuantile(_ p: Double, _ a: Double, _ c: Double, _ b: Double) -> Double {
        guard b > a else { return a }
        let split = (c - a) / (b - a)
        return p < split
            ? a + (p * (b - a) * (c - a)).squareRoot()
            : b - ((1 - p) * (b - a) * (b - c)).squareRoot()
    }

    /// The quantile by bisection on GSL's CDF (beta and gamma, the
    /// distributions whose inverse may fail): the smallest x, to within
    /// 2⁻²⁰⁰ of the bracket, with CDF(x) ≥ p. NaN for the others.
    private func bisectedQuantile(_ p: Double) -> Double {
        func bisect(_ lo: Double, _ hi: Double, _ cdf: (Double) -> Double) -> Double {
            var lo = lo, hi = hi
            for _ in 0..<200 {
                let mid = lo + (hi - lo) / 2
                guard mid > lo, mid < hi else { break }
                if cdf(mid) < p { lo = mid } else { hi = mid }
            }
            return hi
        }
        switch self {
        case let .beta(al, be, a, b):
            guard al.isFinite, be.isFinite else { return .nan }
            return a + (b - a) * bisect(0, 1) { gsl_cdf_beta_P($0, al, be) }
        case let .pert(a, c, b):
            guard b > a else { return a }
            let (al, be) = Self.pertShape(a, c, b)
            guard al.isFinite, be.isFinite else { return .nan }
            return a + (b - a) * bisect(0, 1) { gsl_cdf_beta_P($0, al, be) }
        case let .gamma(k, theta):
            var hi = Swift.max(k * theta, theta)
            var doublings = 0
            while hi.isFinite, doublings < 2100, gsl_cdf_gamma_P(hi, k, theta) < p { hi *= 2; doublings += 1 }
            guard hi.isFinite else { return .nan }
            return bisect(0, hi) { gsl_cdf_gamma_P($0, k, theta) }
        default:
            return .nan
        }
    }

    /// One variate drawn from `stream`.
    ///
    /// Inlinable, so that a sampling loop in another module pays no call
    /// and no switch on an indirect enum per variate; uniform variates come
    /// from `RandomStream.uniform()` (GSL's generator called directly). A
    /// triangular variate is its quantile at a uniform variate, as
    /// `unsafeQuantile` computes it (no GSL call that could report an
    /// error).
    @inlinable @inline(__always)
    public func sample(_ stream: RandomStream) -> Double {
        let r = stream.rng
        switch self {
        case let .uniform(a, b): return a + (b - a) * stream.uniform()
        case let .normal(m, s): return m + gsl_ran_gaussian_ziggurat(r, s)
        case let .lognormal(mu, s): return gsl_ran_lognormal(r, mu, s)
        case let .beta(al, be, a, b): return a + (b - a) * gsl_ran_beta(r, al, be)
        case let .gamma(k, theta): return gsl_ran_gamma(r, k, theta)
        case let .triangular(a, c, b): return Self.triangularQuantile(stream.uniform(), a, c, b)
        case let .pert(a, c, b):
            guard b > a else { return a }
            let (al, be) = Self.pertShape(a, c, b)
            return a + (b - a) * gsl_ran_beta(r, al, be)
        }
    }

    @usableFromInline
    static func pertShape(_ a: Double, _ c: Double, _ b: Double) -> (Double, Double) {
        (1 + 4 * (c - a) / (b - a), 1 + 4 * (b - c) / (b - a))
    }
}
