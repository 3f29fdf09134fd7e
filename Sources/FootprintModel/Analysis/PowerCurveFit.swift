import Foundation
import GSL

/// The accelerator power curve `P(u) = P_idle + (P_max − P_idle) · u^k`
/// (`PowerCurve`, the engine's, with `P_idle` = `idle_w`, `P_max` = `tdp_w`, `k` =
/// `power_exponent`) fitted to measured (utilization, power) samples by
/// nonlinear least squares (GSL's trust-region Levenberg–Marquardt).
///
/// Standard errors are GSL's `(JᵀJ)⁻¹ · χ²/(n − 3)`: asymptotic, from the
/// residual scatter, as when the measurements' own errors are unknown. They
/// assume independent residuals; telemetry sampled every second is often
/// autocorrelated, which makes them too small (thin the samples, or widen
/// the result, when that matters). `tdp_w` is P(1): when no sample is near
/// full utilization it is an extrapolation, and `utilizationRange` says so.
public struct PowerCurveFit: Sendable {
    /// A fitted value and its standard error.
    public struct Estimate: Sendable {
        public let value: Double
        public let standardError: Double
    }

    public let idleW: Estimate
    public let tdpW: Estimate
    public let powerExponent: Estimate
    /// Covariance of (idle_w, tdp_w, power_exponent).
    public let covariance: [[Double]]
    public let points: Int
    /// The lowest and highest utilization measured.
    public let utilizationRange: ClosedRange<Double>
    /// `sqrt(SSR / (n − 3))`, in watts.
    public let residualStandardErrorW: Double
    /// `1 − SSR / SST`, SST about the mean power.
    public let rSquared: Double
    public let iterations: Int

    /// Why a fit cannot be made, said for the file's user.
    public enum Problem: Error, Sendable, CustomStringConvertible {
        case tooFewPoints(Int)
        case tooFewUtilizations(distinct: [Double], points: Int)
        case noConvergence(String)
        case implausible(String)

        public var description: String {
            switch self {
            case let .tooFewPoints(n):
                "\(n) sample\(n == 1 ? "" : "s"): fitting idle_w, tdp_w and power_exponent needs at least 3, at 3 or more different utilizations"
            case let .tooFewUtilizations(distinct, n) where distinct.count == 1:
                "all \(n) samples are at one utilization (\(formatNumber(distinct[0]))): the curve's shape cannot be fitted; "
                    + "measure at 3 or more different loads (idle, partial, full)"
            case let .tooFewUtilizations(distinct, n):
                "the \(n) samples are at only \(distinct.count) utilizations (\(distinct.map(formatNumber).joined(separator: ", "))): "
                    + "3 parameters need 3 or more different utilizations (idle, partial, full)"
            case let .noConvergence(detail): "the fit did not converge (\(detail)); check that power rises with utilization"
            case let .implausible(detail): detail
            }
        }
    }

    /// Fits the curve to `utilization` (fractions, 0 to 1) and `powerW`.
    public static func fit(utilization u: [Double], powerW p: [Double]) throws(Problem) -> PowerCurveFit {
        precondition(u.count == p.count, "one power per utilization")
        let n = u.count
        guard n >= 3 else { throw .tooFewPoints(n) }
        let distinct = Array(Set(u)).sorted()
        guard distinct.count >= 3 else { throw .tooFewUtilizations(distinct: distinct, points: n) }

        // Start from the straight line (k = 1) through the data.
        let meanU = u.reduce(0, +) / Double(n), meanP = p.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, sst = 0.0
        for i in 0..<n {
            sxy += (u[i] - meanU) * (p[i] - meanP); sxx += (u[i] - meanU) * (u[i] - meanU)
            sst += (p[i] - meanP) * (p[i] - meanP)
        }
        let slope = sxy / sxx, intercept = meanP - slope * meanU
        let result: NonlinearLeastSquares.Fit
        do {
            result = try NonlinearLeastSquares.fit(x: u, y: p, initial: [intercept, intercept + slope, 1]) { theta, x in
                PowerCurve.watts(idle: theta[0], full: theta[1], exponent: theta[2], utilization: x)
            }
        } catch {
            throw .noConvergence(error.description)
        }
        let (idle, tdp, k) = (result.parameters[0], result.parameters[1], result.parameters[2])
        guard k > 0 else {
            throw .implausible("the fitted power_exponent is \(formatNumber(k)), not above 0: power does not rise with utilization in these samples")
        }
        guard idle >= 0 else {
            throw .implausible("the fitted idle power is negative (\(formatNumber(idle)) W): the samples near zero utilization do not fix it; include idle readings")
        }
        guard tdp > idle else {
            throw .implausible("the fitted full-load power (\(formatNumber(tdp)) W) is not above the idle power (\(formatNumber(idle)) W): power does not rise with utilization in these samples")
        }
        let se = result.standardErrors
        return PowerCurveFit(
            idleW: Estimate(value: idle, standardError: se[0]),
            tdpW: Estimate(value: tdp, standardError: se[1]),
            powerExponent: Estimate(value: k, standardError: se[2]),
            covariance: result.covariance, points: n,
            utilizationRange: distinct[0]...distinct[distinct.count - 1],
            residualStandardErrorW: (result.chiSquared / Double(result.degreesOfFreedom)).squareRoot(),
            rSquared: sst > 0 ? 1 - result.chiSquared / sst : 1,
            iterations: result.iterations)
    }

    /// The fitted curve at utilization `u`.
    public func powerW(at u: Double) -> Double {
        PowerCurve.watts(idle: idleW.value, full: tdpW.value, exponent: powerExponent.value, utilization: u)
    }
}

extension PowerCurveFit {
    /// The three fitted values as catalog distributions, rounded to two
    /// significant digits of their standard error.
    ///
    /// Each is `normal(estimate, standard error)` when that obeys the
    /// loader's rules: `idle_w`'s reach (up to its one-in-a-million
    /// quantile, `Quantity.reach`) stays below `tdp_w`'s, `idle_w` stays at
    /// or above 0 and `power_exponent` above 0. Otherwise each offending
    /// value becomes `PERT(estimate − √7·se, estimate, estimate + √7·se)`,
    /// which has the same mean and standard deviation, truncated where it
    /// would break the rule: idle's max and TDP's min at the point between
    /// the two estimates that splits the gap in proportion to their standard
    /// errors; idle's min at 0; the exponent's min at a tenth of its
    /// estimate. A truncated PERT is narrower than the fit's uncertainty;
    /// it only happens for fits whose standard errors are a sizeable share
    /// of the gap between idle and full-load power.
    public var catalogDistributions: (idleW: ProbabilityDistribution, tdpW: ProbabilityDistribution, powerExponent: ProbabilityDistribution) {
        let z = ProbabilityDistribution.normal(mean: 0, sd: 1).unsafeQuantile(1 - Quantity.negligibleTail)
        let idle = Self.rounded(idleW), tdp = Self.rounded(tdpW), k = Self.rounded(powerExponent)
        let overlap = idle.value + z * idle.standardError > tdp.value - z * tdp.standardError
        let split = idle.value + (tdp.value - idle.value) * idle.standardError / max(idle.standardError + tdp.standardError, .leastNonzeroMagnitude)
        let spread = 7.0.squareRoot()
        func pert(_ e: Estimate, floor: Double, ceiling: Double) -> ProbabilityDistribution {
            .pert(min: max(e.value - spread * e.standardError, floor), mode: e.value, max: min(e.value + spread * e.standardError, ceiling))
        }
        let idleDist: ProbabilityDistribution = overlap || idle.value - z * idle.standardError < 0
            ? pert(idle, floor: 0, ceiling: overlap ? split : .infinity)
            : .normal(mean: idle.value, sd: idle.standardError)
        let tdpDist: ProbabilityDistribution = overlap
            ? pert(tdp, floor: split, ceiling: .infinity)
            : .normal(mean: tdp.value, sd: tdp.standardError)
        let kDist: ProbabilityDistribution = k.value - z * k.standardError <= 0
            ? pert(k, floor: k.value / 10, ceiling: .infinity)
            : .normal(mean: k.value, sd: k.standardError)
        return (idleDist, tdpDist, kDist)
    }

    /// The number of decimals that keeps two significant digits of the
    /// standard error (at least 0).
    public static func decimals(forStandardError se: Double) -> Int {
        guard se > 0, se.isFinite else { return 3 }
        return max(0, 2 - Int(log10(se).rounded(.up)))
    }

    static func rounded(_ e: Estimate) -> Estimate {
        let d = decimals(forStandardError: e.standardError), scale = pow(10, Double(d))
        let se = (e.standardError * scale).rounded() / scale
        return Estimate(value: (e.value * scale).rounded() / scale, standardError: se > 0 ? se : e.standardError)
    }
}
