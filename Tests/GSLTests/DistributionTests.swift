import Foundation
import Testing
@testable import GSL

/// Quantiles with closed forms or published tables. Tolerance 1e-9 absolute:
/// GSL's inverse CDFs are accurate to near double precision, and the
/// reference values are given to 10+ significant digits.
@Suite struct QuantileTests {
    @Test(arguments: [
        (ProbabilityDistribution.normal(mean: 0, sd: 1), 0.975, 1.959963984540054),
        (.normal(mean: 0, sd: 1), 0.5, 0),
        (.normal(mean: 10, sd: 2), 0.025, 10 - 2 * 1.959963984540054),
        (.uniform(min: 2, max: 5), 0.25, 2.75),
        (.lognormal(mu: 0, sigma: 1), 0.5, 1),
        (.lognormal(mu: 0, sigma: 1), 0.975, exp(1.959963984540054)),
        (.beta(alpha: 2, beta: 2, min: 0, max: 1), 0.5, 0.5),
        // Beta(1, 1) on [3, 7] is uniform on [3, 7].
        (.beta(alpha: 1, beta: 1, min: 3, max: 7), 0.3, 4.2),
        // Gamma(1, θ) is exponential with mean θ: Q(p) = −θ ln(1 − p).
        (.gamma(shape: 1, scale: 2), 0.5, 2 * log(2.0)),
        // Triangular(0, 1, 2): Q(p) = sqrt(2p) below the mode.
        (.triangular(min: 0, mode: 1, max: 2), 0.125, 0.5),
        (.triangular(min: 0, mode: 1, max: 2), 0.5, 1),
        (.triangular(min: 0, mode: 1, max: 2), 0.875, 1.5),
        // PERT(0, 0, 1) is Beta(1, 5): Q(p) = 1 − (1 − p)^(1/5).
        (.pert(min: 0, mode: 0, max: 1), 0.5, 1 - pow(0.5, 0.2)),
        (.pert(min: 0, mode: 0.5, max: 1), 0.5, 0.5),
    ])
    func knownQuantile(_ d: ProbabilityDistribution, _ p: Double, _ expected: Double) throws {
        #expect(abs(try d.quantile(p) - expected) < 1e-9)
    }

    @Test func outOfDomainProbabilityThrows() {
        #expect(throws: GSLError.self) { try ProbabilityDistribution.normal(mean: 0, sd: 1).quantile(1.5) }
    }

    @Test(arguments: [
        ProbabilityDistribution.uniform(min: 2, max: 1),
        .triangular(min: 0, mode: 3, max: 2),
        .pert(min: 1, mode: 1, max: 0),
        .normal(mean: 0, sd: -1),
        .beta(alpha: 0, beta: 1, min: 0, max: 1),
        .gamma(shape: 1, scale: .nan),
    ])
    func impossibleParametersAreNamed(_ d: ProbabilityDistribution) {
        #expect(d.parameterProblem != nil)
        #expect(throws: GSLError.self) { try d.quantile(0.5) }
    }

    @Test func centralValueIsModeForTriangularAndPERT() {
        #expect(ProbabilityDistribution.triangular(min: 1, mode: 1.2, max: 2).central == 1.2)
        #expect(ProbabilityDistribution.pert(min: 1, mode: 1.2, max: 2).central == 1.2)
        #expect(ProbabilityDistribution.uniform(min: 1, max: 2).central == 1.5)
    }
}

/// Sample moments of 200,000 draws against the analytic mean and variance.
/// The mean must lie within 5 standard errors (σ/√n): a false failure has
/// probability < 1e-6. The variance within 3 %: its standard error at this n
/// is below 0.6 % for these distributions (kurtosis ≤ 9), so 3 % is > 5 SE.
@Suite struct MomentTests {
    static let n = 200_000

    @Test(arguments: [
        ProbabilityDistribution.uniform(min: -1, max: 3),
        .normal(mean: 5, sd: 2),
        .lognormal(mu: 0.1, sigma: 0.4),
        .beta(alpha: 2, beta: 5, min: 10, max: 20),
        .gamma(shape: 3, scale: 0.5),
        .triangular(min: 1.08, mode: 1.15, max: 1.30),
        .pert(min: 0.5, mode: 0.6, max: 0.9),
    ])
    func sampleMomentsMatch(_ d: ProbabilityDistribution) throws {
        let stream = RandomStream(seed: 20261124, stream: 3)
        let xs = (0..<Self.n).map { _ in d.sample(stream) }
        let mean = try Statistics.mean(xs)
        let variance = try Statistics.variance(xs)
        let standardError = (d.variance / Double(Self.n)).squareRoot()
        #expect(abs(mean - d.mean) < 5 * standardError)
        #expect(abs(variance / d.variance - 1) < 0.03)
    }

    @Test func pertMeanIsTheClassicFormula() {
        let d = ProbabilityDistribution.pert(min: 1, mode: 2, max: 6)
        #expect(abs(d.mean - (1 + 8 + 6) / 6.0) < 1e-12)
    }
}

@Suite struct RandomStreamTests {
    @Test func sameSeedAndStreamGiveTheSameSequence() {
        let a = RandomStream(seed: 42, stream: 7), b = RandomStream(seed: 42, stream: 7)
        let xs = (0..<100).map { _ in a.uniform() }, ys = (0..<100).map { _ in b.uniform() }
        #expect(xs == ys)
    }

    @Test func streamsDiffer() {
        let seeds = Set((0..<10_000 as Range<UInt64>).map { RandomStream.mixedSeed(seed: 42, stream: $0) })
        #expect(seeds.count == 10_000)
        let a = RandomStream(seed: 42, stream: 0), b = RandomStream(seed: 42, stream: 1)
        #expect(a.uniform() != b.uniform())
    }

    /// Two streams must not be correlated: the sample correlation of 100,000
    /// pairs has standard error 1/√n ≈ 0.0032; 5 SE = 0.016.
    @Test func streamsAreUncorrelated() {
        let a = RandomStream(seed: 1, stream: 0), b = RandomStream(seed: 1, stream: 1)
        let n = 100_000
        var sxy = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0
        for _ in 0..<n {
            let x = a.uniform(), y = b.uniform()
            sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y
        }
        let N = Double(n)
        let r = (sxy - sx * sy / N) / ((sxx - sx * sx / N) * (syy - sy * sy / N)).squareRoot()
        #expect(abs(r) < 0.016)
    }
}
