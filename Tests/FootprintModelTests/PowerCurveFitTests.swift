import Foundation
import Testing
import GSL
@testable import FootprintModel

/// `PowerCurveFit` on synthetic telemetry whose true curve is known.
@Suite struct PowerCurveFitTests {
    static let truth = (idle: 100.0, tdp: 700.0, k: 1.3), noiseW = 5.0

    /// `n` readings at uniform utilizations with normal noise, from `seed`.
    static func synthetic(n: Int = 500, seed: UInt64) -> (u: [Double], p: [Double]) {
        let stream = RandomStream(seed: seed)
        let noise = ProbabilityDistribution.normal(mean: 0, sd: noiseW)
        var u: [Double] = [], p: [Double] = []
        for _ in 0..<n {
            let x = stream.uniform()
            u.append(x)
            p.append(truth.idle + (truth.tdp - truth.idle) * pow(x, truth.k) + noise.sample(stream))
        }
        return (u, p)
    }

    /// Seed 42: every estimate within 3 standard errors of the truth, the
    /// residual standard error within 10 % of the noise's 5 W, R² near 1.
    @Test func recoversKnownParameters() throws {
        let data = Self.synthetic(seed: 42)
        let fit = try PowerCurveFit.fit(utilization: data.u, powerW: data.p)
        for (e, truth) in [(fit.idleW, Self.truth.idle), (fit.tdpW, Self.truth.tdp), (fit.powerExponent, Self.truth.k)] {
            #expect(abs(e.value - truth) < 3 * e.standardError, "\(e.value) ± \(e.standardError) against \(truth)")
        }
        #expect(abs(fit.residualStandardErrorW - Self.noiseW) < 0.5)
        #expect(fit.rSquared > 0.999)
        #expect(fit.points == 500)
        // Standard errors of the size 5 W noise over 500 points gives
        // (σ·sqrt(c/n) with c of order 1-10 for this design).
        #expect((0.3...1.5).contains(fit.idleW.standardError))
        #expect((0.3...1.5).contains(fit.tdpW.standardError))
        #expect((0.002...0.02).contains(fit.powerExponent.standardError))
        // The covariance's diagonal is the standard errors squared.
        #expect(abs(fit.covariance[1][1].squareRoot() - fit.tdpW.standardError) < 1e-12)
        #expect(fit.covariance[0][2] == fit.covariance[2][0])
    }

    /// The reported standard errors match the spread of the estimates over
    /// 200 independent data sets (within 20 %: the spread of 200 draws is
    /// itself uncertain by about 5 %), and the estimates are unbiased to
    /// within a few standard errors of their mean.
    @Test func standardErrorsMatchTheSpreadOfRepeatedFits() throws {
        let runs = 200
        var estimates: [[Double]] = [[], [], []], reported: [[Double]] = [[], [], []]
        for seed in 1...UInt64(runs) {
            let data = Self.synthetic(seed: 1000 + seed)
            let fit = try PowerCurveFit.fit(utilization: data.u, powerW: data.p)
            for (i, e) in [fit.idleW, fit.tdpW, fit.powerExponent].enumerated() {
                estimates[i].append(e.value); reported[i].append(e.standardError)
            }
        }
        for (i, truth) in [Self.truth.idle, Self.truth.tdp, Self.truth.k].enumerated() {
            let mean = estimates[i].reduce(0, +) / Double(runs)
            let sd = (estimates[i].map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(runs - 1)).squareRoot()
            let se = reported[i].reduce(0, +) / Double(runs)
            #expect(abs(se / sd - 1) < 0.2, "parameter \(i): reported \(se), spread \(sd)")
            #expect(abs(mean - truth) < 4 * sd / Double(runs).squareRoot(), "parameter \(i): mean \(mean), truth \(truth)")
        }
    }

    @Test func refusesTooFewPoints() {
        #expect { try PowerCurveFit.fit(utilization: [0, 1], powerW: [100, 700]) } throws: { error in
            "\(error)" == "2 samples: fitting idle_w, tdp_w and power_exponent needs at least 3, at 3 or more different utilizations"
        }
    }

    @Test func refusesOneUtilization() {
        #expect { try PowerCurveFit.fit(utilization: [0.5, 0.5, 0.5, 0.5], powerW: [400, 410, 395, 402]) } throws: { error in
            "\(error)".hasPrefix("all 4 samples are at one utilization (0.5): the curve's shape cannot be fitted")
        }
    }

    @Test func refusesTwoUtilizations() {
        #expect { try PowerCurveFit.fit(utilization: [0, 1, 0, 1], powerW: [100, 700, 101, 699]) } throws: { error in
            "\(error)".hasPrefix("the 4 samples are at only 2 utilizations (0, 1): 3 parameters need 3 or more")
        }
    }

    @Test func refusesPowerThatFallsWithUtilization() {
        #expect(throws: PowerCurveFit.Problem.self) {
            try PowerCurveFit.fit(utilization: [0, 0.25, 0.5, 0.75, 1], powerW: [700, 560, 400, 250, 100])
        }
    }

    /// The catalog block obeys the idle/TDP rule: normals when their
    /// one-in-a-million reaches are apart, truncated PERTs otherwise.
    @Test func catalogDistributionsObeyTheIdleBelowTDPRule() throws {
        let fit = try PowerCurveFit.fit(utilization: Self.synthetic(seed: 42).u, powerW: Self.synthetic(seed: 42).p)
        guard case let .normal(m, s) = fit.catalogDistributions.tdpW else { Issue.record("expected a normal"); return }
        #expect(abs(m - fit.tdpW.value) <= 0.05 && abs(s - fit.tdpW.standardError) <= 0.005)

        // Idle 300 ± 100 and TDP 400 ± 50 overlap far: PERTs split at
        // 300 + 100·100/150 = 366.67, idle floored at 0.
        let wide = PowerCurveFit(
            idleW: .init(value: 300, standardError: 100), tdpW: .init(value: 400, standardError: 50),
            powerExponent: .init(value: 1, standardError: 0.5), covariance: [], points: 5,
            utilizationRange: 0...1, residualStandardErrorW: 50, rSquared: 0.5, iterations: 3)
        let d = wide.catalogDistributions
        let split = 300 + 100 * 100 / 150.0
        guard case let .pert(iMin, iMode, iMax) = d.idleW, case let .pert(tMin, tMode, tMax) = d.tdpW,
              case let .pert(kMin, kMode, _) = d.powerExponent else { Issue.record("expected PERTs: \(d)"); return }
        #expect(iMin == 300 - 7.0.squareRoot() * 100 && iMode == 300 && abs(iMax - split) < 1e-9)
        #expect(abs(tMin - split) < 1e-9 && tMode == 400 && tMax == 400 + 7.0.squareRoot() * 50)
        #expect(kMin == 0.1 && kMode == 1)
        let idle = Quantity(.distribution(d.idleW), source: nil, path: "idle_w", unit: "W", position: .override("t"), bounds: .nonNegative)
        let tdp = Quantity(.distribution(d.tdpW), source: nil, path: "tdp_w", unit: "W", position: .override("t"), bounds: .nonNegative)
        #expect(idle.reach.upperBound <= tdp.reach.lowerBound)
        // An untruncated PERT(m ± √7·se) has the fit's mean and sd.
        #expect(abs(ProbabilityDistribution.pert(min: 100 - 7.0.squareRoot() * 10, mode: 100, max: 100 + 7.0.squareRoot() * 10).variance - 100) < 1e-9)
    }
}
