import Testing
import FootprintLoading
@testable import FootprintModel

@Suite struct MonteCarloTests {
    static let uncertain = oneFleet(fleet: "embodied_kgco2e: {dist: triangular, min: 1000, mode: 1500, max: 3000}\nservice_life_years: 5")
        .replacingOccurrences(of: "pue: 1.2", with: "pue: {dist: uniform, min: 1.1, max: 1.3}")
        .replacingOccurrences(of: "utilization: 0.5", with: "utilization: {dist: pert, min: 0.3, mode: 0.5, max: 0.9}")

    static func run(_ yaml: String, samples: Int, seed: UInt64 = 42, threads: Int) throws -> RunSummary {
        MonteCarlo.run(try EvaluationPlan(try scenario(yaml)), samples: samples, seed: seed, threads: threads)
    }

    /// The same seed and sample count give identical statistics on 1, 2 or 3
    /// threads (draws are seeded by block, not by worker).
    @Test func independentOfThreadCount() throws {
        let one = try Self.run(Self.uncertain, samples: 1000, threads: 1)
        for threads in [2, 3] {
            let other = try Self.run(Self.uncertain, samples: 1000, threads: threads)
            for m in Metric.allCases {
                #expect(one.stat(m) == other.stat(m))
                #expect(one.stat(m, .fleet(0), period: 0) == other.stat(m, .fleet(0), period: 0))
            }
        }
    }

    /// Leaving outputs out (as `run --format json|table` do) changes none
    /// of the statistics that are computed.
    @Test func outputSelectionKeepsTheStatisticsItComputes() throws {
        let plan = try EvaluationPlan(try scenario(Self.uncertain))
        let all = MonteCarlo.run(plan, samples: 500, seed: 3, threads: 2)
        for selection in [OutputSelection.totals, OutputSelection(fleetPeriods: true, sitePeriods: false)] {
            let some = MonteCarlo.run(plan, samples: 500, seed: 3, threads: 2, outputs: selection)
            #expect(some.outputs == selection)
            for m in Metric.allCases {
                #expect(some.stat(m) == all.stat(m))
                #expect(some.stat(m, .site(0)) == all.stat(m, .site(0)))
                #expect(some.stat(m, .fleet(0)) == all.stat(m, .fleet(0)))
                for p in 0..<plan.grid.periods.count { #expect(some.stat(m, period: p) == all.stat(m, period: p)) }
                if selection.fleetPeriods { #expect(some.stat(m, .fleet(0), period: 0) == all.stat(m, .fleet(0), period: 0)) }
            }
            for im in IntensityMetric.allCases { #expect(some.intensity(im, .fleet(0)) == all.intensity(im, .fleet(0))) }
        }
        #expect(all.stat(.energyFacilityMWh).p5 < all.stat(.energyFacilityMWh).p95)
    }

    /// With only PUE ~ U(1.1, 1.3) uncertain, location-based emissions are
    /// E_IT · PUE · 0.4, so their P5/P50/P95 are E_IT · 0.4 · (1.11, 1.2, 1.29).
    /// At n = 4,000 the standard error of a U(1.1, 1.3) quantile is below
    /// 0.0007 (√(p(1−p)/n) / density 5); 0.3 % relative is > 4 SE.
    @Test func percentilesMatchTheInputDistribution() throws {
        let yaml = oneFleet().replacingOccurrences(of: "pue: 1.2", with: "pue: {dist: uniform, min: 1.1, max: 1.3}")
        let r = try Self.run(yaml, samples: 4000, threads: 2)
        let base = 1000 * 8760 * 650e-6 * 0.4
        let st = r.stat(.emissionsLocationTCO2e)
        #expect(abs(st.p5 / (base * 1.11) - 1) < 0.003)
        #expect(abs(st.p50 / (base * 1.2) - 1) < 0.003)
        #expect(abs(st.p95 / (base * 1.29) - 1) < 0.003)
        #expect(abs(st.mean / (base * 1.2) - 1) < 0.003)
        #expect(r.hasRanges)
        // The central run uses the mean of a uniform.
        #expect(close(r.central.value(.emissionsLocationTCO2e), base * 1.2))
    }

    @Test func rangesFollowTheDistributions() throws {
        let narrow = try Self.run(Self.uncertain, samples: 500, threads: 2)
        let wide = try Self.run(Self.uncertain.replacingOccurrences(of: "max: 1.3}", with: "max: 1.6}"), samples: 500, threads: 2)
        let n = narrow.stat(.energyFacilityMWh), w = wide.stat(.energyFacilityMWh)
        #expect(n.p5 < n.p50 && n.p50 < n.p95)
        #expect(w.p95 - w.p5 > n.p95 - n.p5)
        let otherSeed = try Self.run(Self.uncertain, samples: 500, seed: 43, threads: 2)
        #expect(otherSeed.stat(.energyFacilityMWh) != n)
    }

    /// samples: 1 evaluates central values: the mode of triangular and PERT.
    @Test func oneSampleIsCentralValues() throws {
        let r = try Self.run(Self.uncertain, samples: 1, threads: 2)
        #expect(!r.hasRanges)
        let st = r.stat(.emissionsEmbodiedUpfrontTCO2e)
        #expect(close(st.p5, 1500) && close(st.p95, 1500))
    }
}
