import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel

/// Goal seek on a statistic of the Monte Carlo: facility energy = IT energy
/// × PUE, IT energy uncertain, so with common random numbers the P95 of
/// facility energy is PUE × the P95 of IT energy — linear in PUE, and the
/// PUE that brings it to a target is target ÷ P95(IT).
@Suite struct GoalSeekStatisticTests {
    static let yaml = """
        scenario: {name: seek, horizon: {start: 2025-01-01, end: 2026-01-01}, resolution: month, samples: 1000, seed: 3}
        sites:
          - {name: s, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: 1.3}
        fleets:
          - {name: f, accelerator: {tdp_w: 1000, idle_w: 100, source: test}, site: s, avg_power_w: {dist: uniform, min: 800, max: 1200, source: test}, lifetime_years: 5, deploy: [{date: 2025-01-01, units: 1000}]}
        """

    @Test(arguments: [GoalSeek.Statistic.p95, .p5, .mean])
    func statisticIsLinearInPUE(_ stat: GoalSeek.Statistic) throws {
        let plan = try EvaluationPlan(try scenario(Self.yaml))
        let it = MonteCarlo.run(plan, samples: 1000, seed: 3, threads: 1, outputs: .totals).stat(.energyITMWh)
        let target = 12_000.0
        let s = try GoalSeek.solve(plan, parameter: "sites.s.pue", metric: MetricSelector("energy_facility_mwh")!, target: target,
                                   between: (1, 3), statistic: stat, samples: 1000, seed: 3, threads: 2)
        #expect(abs(s.value - target / stat.of(it)) < 1e-6, "\(s.value) vs \(target / stat.of(it))")
    }

    /// Below what PUE 1 gives, the target cannot be reached: the failure
    /// says the lower end is the input's own limit.
    @Test func unreachableAtTheLimit() throws {
        let plan = try EvaluationPlan(try scenario(Self.yaml))
        #expect {
            try GoalSeek.solve(plan, parameter: "sites.s.pue", metric: MetricSelector("energy_facility_mwh")!, target: 1_000,
                               statistic: .p95, samples: 200, seed: 3)
        } throws: { error in
            guard case let GoalSeek.Failure.notReachable(_, lo, _, _, _, _, lowerIsLimit, _) = error else { return false }
            return lo == 1 && lowerIsLimit
        }
    }
}
