import Foundation
import Testing
@testable import GSL

@Suite struct IntegrationTests {
    @Test func polynomial() throws {
        #expect(abs(try Integration.qags(from: 0, to: 1) { $0 * $0 }.value - 1.0 / 3.0) < 1e-12)
    }

    @Test func reversedLimitsNegate() throws {
        #expect(abs(try Integration.qags(from: 1, to: 0) { $0 * $0 }.value + 1.0 / 3.0) < 1e-12)
    }

    /// ∫₀¹ x^(−1/2) dx = 2: an integrable end-point singularity.
    @Test func endpointSingularity() throws {
        #expect(abs(try Integration.qags(from: 0, to: 1) { 1 / $0.squareRoot() }.value - 2) < 1e-9)
    }

    @Test func infiniteRanges() throws {
        #expect(abs(try Integration.qags(from: 0, to: .infinity) { exp(-$0) }.value - 1) < 1e-9)
        #expect(abs(try Integration.qags(from: -.infinity, to: .infinity) { exp(-$0 * $0) }.value - Double.pi.squareRoot()) < 1e-9)
    }

    @Test func divergentIntegralThrows() {
        #expect(throws: GSLError.self) { try Integration.qags(from: 0, to: 1, limit: 20) { 1 / $0 } }
    }
}

@Suite struct RootFindingTests {
    @Test func squareRootOfTwo() throws {
        #expect(abs(try RootFinding.brent(in: 0, 2) { $0 * $0 - 2 } - 2.0.squareRoot()) < 1e-11)
    }

    /// The Dottie number, the fixed point of cos: 0.739085133215160641655...
    @Test func dottieNumber() throws {
        #expect(abs(try RootFinding.brent(in: 0, 1) { cos($0) - $0 } - 0.7390851332151607) < 1e-11)
    }

    @Test func notBracketedThrowsWithTheValues() {
        #expect(throws: RootNotBracketed(lower: 2, upper: 3, valueAtLower: 2, valueAtUpper: 7)) {
            try RootFinding.brent(in: 2, 3) { $0 * $0 - 2 }
        }
    }

    @Test func rootAtAnEndpoint() throws {
        #expect(try RootFinding.brent(in: 1, 2) { $0 - 1 } == 1)
    }
}

@Suite struct QuasiRandomTests {
    /// Sobol points in dimensions 1 and 2 (Gray-code order, origin skipped),
    /// as in Bratley & Fox (1988) and every Sobol implementation.
    @Test func firstSobolPoints() throws {
        let q = try QuasiRandomSequence(kind: .sobol, dimensions: 2)
        let expected: [[Double]] = [[0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375], [0.875, 0.875]]
        for point in expected { #expect(try q.next() == point) }
        q.reset()
        #expect(try q.next() == [0.5, 0.5])
    }

    /// Halton: radical inverses in bases 2 and 3.
    @Test func firstHaltonPoints() throws {
        let q = try QuasiRandomSequence(kind: .halton, dimensions: 2)
        let expected: [[Double]] = [[1.0 / 2, 1.0 / 3], [1.0 / 4, 2.0 / 3], [3.0 / 4, 1.0 / 9]]
        for point in expected {
            let p = try q.next()
            #expect(abs(p[0] - point[0]) < 1e-15 && abs(p[1] - point[1]) < 1e-15)
        }
    }

    @Test func dimensionLimits() throws {
        #expect(throws: GSLError.self) { try QuasiRandomSequence(kind: .sobol, dimensions: 41) }
        #expect(QuasiRandomSequence.Kind.preferred(forDimensions: 41) == .halton)
        let wide = try QuasiRandomSequence(kind: .halton, dimensions: 100)
        #expect(try wide.next().allSatisfy { $0 > 0 && $0 < 1 })
    }

    /// Equidistribution: the mean of 4,096 Sobol points in 40 dimensions is
    /// within 1e-3 of 1/2 in every coordinate (the error of a (t, s)-net
    /// decays like (log N)^s / N, far below Monte Carlo's 1/√N ≈ 0.0045).
    @Test func sobolIsEquidistributed() throws {
        let q = try QuasiRandomSequence(kind: .sobol, dimensions: 40)
        var sums = [Double](repeating: 0, count: 40), point = sums
        for _ in 0..<4096 {
            try q.next(into: &point)
            for j in 0..<40 { sums[j] += point[j] }
        }
        #expect(sums.allSatisfy { abs($0 / 4096 - 0.5) < 1e-3 })
    }
}

@Suite struct NonlinearFitTests {
    /// y = A·exp(−λx) + b with A = 5, λ = 0.4, b = 1 and Gaussian noise of SD
    /// 0.05 (GSL manual's example model). The fit must recover each
    /// parameter within 4 of its standard errors, and χ²/dof must be near the
    /// noise variance (0.0025) — within 30 % at 100 points.
    @Test func recoversKnownParameters() throws {
        let truth = [5.0, 0.4, 1.0]
        let stream = RandomStream(seed: 7)
        let noise = ProbabilityDistribution.normal(mean: 0, sd: 0.05)
        let x = (0..<100).map { Double($0) * 0.2 }
        let y = x.map { truth[0] * exp(-truth[1] * $0) + truth[2] + noise.sample(stream) }
        let fit = try NonlinearLeastSquares.fit(x: x, y: y, initial: [1, 1, 0]) { p, x in
            p[0] * exp(-p[1] * x) + p[2]
        }
        for i in 0..<3 {
            #expect(abs(fit.parameters[i] - truth[i]) < 4 * fit.standardErrors[i])
            #expect(fit.standardErrors[i] < 0.05)
        }
        #expect(abs(fit.chiSquared / Double(fit.degreesOfFreedom) / 0.0025 - 1) < 0.3)
    }

    @Test func tooFewPointsThrow() {
        #expect(throws: GSLError.self) {
            try NonlinearLeastSquares.fit(x: [1], y: [1], initial: [1, 2]) { p, x in p[0] * x + p[1] }
        }
    }
}
