import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel
import FootprintTestSupport

/// How much of a figure's variance rests on estimates: Sobol indices of the
/// inputs grouped by data quality, against the analytic variance of a product.
@Suite struct QualitySharesTests {
    /// Facility energy = units × average power × hours × PUE: a product of
    /// a published power T ~ U(600, 800) W and an estimated PUE P ~ U(1.1, 1.5).
    static func yaml(_ correlations: String = "") -> String {
        """
        scenario: {name: shares, horizon: {start: 2025-01-01, end: 2026-01-01}, resolution: year, samples: 100, seed: 3}
        sites:
          - {name: a, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: {dist: uniform, min: 1.1, max: 1.5, source: 'assumption: a new campus'}}
        fleets:
          - {name: f, accelerator: {tdp_w: 1000, idle_w: 100, source: test}, site: a, avg_power_w: {dist: uniform, min: 600, max: 800, source: 'Vendor datasheet, 2025'}, lifetime_years: 5, deploy: [{date: 2025-01-01, units: 1000}]}
        \(correlations)
        """
    }

    static let energy = MetricSelector("energy_facility_mwh")!

    /// For Y = T·P with T and P independent: Var Y = V_T·E[P]² + V_P·E[T]² + V_T·V_P;
    /// S_T = V_T·E[P]²/Var Y, ST_T = (V_T·E[P]² + V_T·V_P)/Var Y, and likewise for P.
    @Test func aProductSplitsAsTheAnalyticVariance() throws {
        let plan = try EvaluationPlan(try scenario(Self.yaml()))
        let shares = try QualityShares.compute(plan, metrics: [Self.energy, MetricSelector("emissions_scope1_tco2e")!], n: 4096, threads: 2)
        let vT = 200.0 * 200 / 12, eT = 700.0, vP = 0.4 * 0.4 / 12, eP = 1.3
        let total = vT * eP * eP + vP * eT * eT + vT * vP
        let estimate = try #require(shares[0].index(.estimate)), published = try #require(shares[0].index(.secondary))
        #expect(abs(estimate.firstOrder - vP * eT * eT / total) < 0.01, "\(estimate)")      // 0.5350
        #expect(abs(estimate.total - (vP * eT * eT + vT * vP) / total) < 0.01, "\(estimate)") // 0.5387
        #expect(abs(published.firstOrder - vT * eP * eP / total) < 0.01, "\(published)")    // 0.4613
        #expect(abs(published.total - (vT * eP * eP + vT * vP) / total) < 0.01, "\(published)") // 0.4650
        #expect(shares[0].index(.primary) == nil)
        // Scope 1 does not move (no generation): no shares, not zeros.
        #expect(shares[1].byQuality.isEmpty)
    }

    @Test func threadsDoNotChangeTheShares() throws {
        let plan = try EvaluationPlan(try scenario(Self.yaml()))
        let one = try QualityShares.compute(plan, metrics: [Self.energy], n: 512, threads: 1)
        let two = try QualityShares.compute(plan, metrics: [Self.energy], n: 512, threads: 2)
        #expect(one[0].byQuality.map { $0.index.firstOrder } == two[0].byQuality.map { $0.index.firstOrder })
        #expect(one[0].byQuality.map { $0.index.total } == two[0].byQuality.map { $0.index.total })
    }

    /// Correlated inputs are drawn together, so they count as one group at
    /// their weakest member's quality: here all the variance is an estimate's.
    @Test func aCorrelatedGroupCountsAtItsWeakestMember() throws {
        let plan = try EvaluationPlan(try scenario(Self.yaml("correlations: [{inputs: [sites.a.pue, fleets.f.avg_power_w], rank: 0.5, reason: test}]")))
        let shares = try QualityShares.compute(plan, metrics: [Self.energy], n: 512, threads: 1)
        #expect(shares[0].byQuality.map(\.quality) == [.estimate])
        let i = try #require(shares[0].index(.estimate))
        // One factor: A_B is B, so both estimators are 1 up to sampling noise.
        #expect(abs(i.firstOrder - 1) < 0.05 && abs(i.total - 1) < 0.05, "\(i)")
    }

    /// The analysis costs a few times the draws the scenario asked for:
    /// twice them, from 1,024 to 4,096 base rows.
    @Test func baseRowsFollowTheDraws() {
        #expect(QualityShares.baseRows(forSamples: 100) == 1024)
        #expect(QualityShares.baseRows(forSamples: 2000) == 4000)
        #expect(QualityShares.baseRows(forSamples: 100_000) == 4096)
    }
}
