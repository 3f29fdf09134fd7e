import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel
import GSL

@Suite struct SensitivityTests {
    /// Ishigami: f = sin x₁ + 7 sin² x₂ + 0.1 x₃⁴ sin x₁, xᵢ ~ U(−π, π).
    /// Analytic indices (Ishigami & Homma 1990; Saltelli et al. 2010):
    /// S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437). At N = 2^14 the
    /// estimators' error is well under the 0.02 allowed.
    @Test func ishigamiIndices() throws {
        let indices = try Self.ishigami(offset: 0)
        let s1 = [0.3139, 0.4424, 0.0], st = [0.5576, 0.4424, 0.2437]
        for i in 0..<3 {
            #expect(abs(indices[i].firstOrder - s1[i]) < 0.02, "S\(i + 1) = \(indices[i].firstOrder)")
            #expect(abs(indices[i].total - st[i]) < 0.02, "ST\(i + 1) = \(indices[i].total)")
            #expect(indices[i].firstOrderInterval.0 <= indices[i].firstOrder && indices[i].firstOrder <= indices[i].firstOrderInterval.1)
            #expect(indices[i].totalInterval.1 - indices[i].totalInterval.0 < 0.1)
        }
    }

    /// The first-order estimator centres f(B) on the mean, so adding a
    /// constant to f changes no index beyond rounding. Uncentred, f + 10⁶
    /// would add 10⁶ · mean(f(A_B^(i)) − f(A)) / V to S_i: off by far more
    /// than the indices themselves.
    @Test func indicesDoNotMoveWithAConstantOffset() throws {
        let plain = try Self.ishigami(offset: 0), shifted = try Self.ishigami(offset: 1e6)
        for i in 0..<3 {
            #expect(abs(shifted[i].firstOrder - plain[i].firstOrder) < 1e-6, "S\(i + 1): \(shifted[i].firstOrder) vs \(plain[i].firstOrder)")
            #expect(abs(shifted[i].total - plain[i].total) < 1e-6)
        }
    }

    /// Ishigami's indices at N = 2^14, 100 bootstrap resamples, f + `offset`.
    static func ishigami(offset: Double) throws -> [SobolIndices.Index] {
        let uniform: @Sendable (Double) -> Double = { -Double.pi + 2 * Double.pi * $0 }
        let n = 1 << 14
        let outputs = try SobolIndices.evaluate(
            quantiles: [uniform, uniform, uniform], n: n, rows: 0..<n, threads: 2,
            makeEvaluator: { { x, _ in offset + sin(x[0]) + 7 * pow(sin(x[1]), 2) + 0.1 * pow(x[2], 4) * sin(x[0]) } })
        return SobolIndices.indices(outputs: outputs, n: n, k: 3, bootstrap: 100, seed: 1)
    }

    /// Facility location-based emissions of a fixed fleet are c · X₁ · X₂ with
    /// X₁ = PUE ~ U(1, 2) and X₂ = grid intensity ~ U(0.2, 0.6). For a product
    /// of independent inputs, V₁ = c²E[X₂]²Var X₁, V₂ = c²E[X₁]²Var X₂ and
    /// V = c²(E[X₁²]E[X₂²] − E[X₁]²E[X₂]²) = c² · 0.044444, so
    /// S₁ = 0.013333/0.044444 = 0.3, S₂ = 0.03/0.044444 = 0.675,
    /// ST₁ = 1 − S₂ = 0.325, ST₂ = 1 − S₁ = 0.7.
    static let product = """
        scenario:
          name: product of uniforms
          horizon: {start: 2026-01-01, end: 2027-01-01}
          resolution: month
        sites:
          - name: s
            grid: {intensity_kg_per_kwh: {dist: uniform, min: 0.2, max: 0.6}, source: test}
            pue: {dist: uniform, min: 1, max: 2}
        fleets:
          - name: f
            accelerator: {name: test}
            site: s
            avg_power_w: 500
            lifetime_years: 5
            deploy: [{date: 2026-01-01, units: 100}]
        """

    @Test func productOfUniformsThroughTheEngine() throws {
        let plan = try EvaluationPlan(try scenario(Self.product))
        let entries = try ScenarioSensitivity.sobol(plan, metric: MetricSelector("emissions_location_tco2e")!,
                                                    n: 4096, seed: 3, threads: 2, bootstrap: 50)
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.parameter, $0.index) })
        let pue = byPath["sites.s.pue"]!, grid = byPath["sites.s.grid.intensity_kg_per_kwh"]!
        #expect(abs(pue.firstOrder - 0.3) < 0.02)
        #expect(abs(grid.firstOrder - 0.675) < 0.02)
        #expect(abs(pue.total - 0.325) < 0.02)
        #expect(abs(grid.total - 0.7) < 0.02)
    }

    /// P10/P90 swings: PUE 1.1 → 1.9 at intensity 0.4 and intensity
    /// 0.24 → 0.56 at PUE 1.5; c = 100 units × 8,760 h × 500 W = 438 MWh.
    @Test func tornadoSwingsAndOrder() throws {
        let plan = try EvaluationPlan(try scenario(Self.product))
        let t = try ScenarioSensitivity.tornado(plan, metric: MetricSelector("emissions_location_tco2e")!)
        #expect(t.map(\.parameter) == ["sites.s.grid.intensity_kg_per_kwh", "sites.s.pue"])
        #expect(close(t[0].atLow, 438 * 1.5 * 0.24) && close(t[0].atHigh, 438 * 1.5 * 0.56))
        #expect(close(t[1].swing, 438 * 0.4 * 0.8))
    }

    /// Sobol's rows and tornado's inputs split into parts (more parts than
    /// tornado inputs, so one part is empty) give the whole analysis bit for
    /// bit, whatever the parts' order; a missing part is refused.
    @Test(arguments: [1, 3, 5])
    func partsMergeIntoTheWholeAnalysis(_ count: Int) throws {
        let plan = try EvaluationPlan(try scenario(Self.product))
        let metric = MetricSelector("emissions_location_tco2e")!
        let shards = (1...count).map { Shard(index: $0, count: count)! }
        let whole = try ScenarioSensitivity.sobol(plan, metric: metric, n: 100, seed: 3, threads: 2, bootstrap: 20)
        let sobolParts = try shards.reversed().map { try ScenarioSensitivity.sobolPart(plan, metric: metric, n: 100, shard: $0, threads: 1) }
        let merged = try ScenarioSensitivity.mergeSobol(plan, metric: metric, n: 100, seed: 3, bootstrap: 20, parts: sobolParts)
        func bits(_ e: [ScenarioSensitivity.SobolEntry]) -> [String] {
            e.map { e in
                let i = e.index
                return "\(e.parameter) " + [i.firstOrder, i.total, i.firstOrderInterval.0, i.firstOrderInterval.1,
                                             i.totalInterval.0, i.totalInterval.1].map { String($0.bitPattern) }.joined(separator: " ")
            }
        }
        #expect(bits(merged) == bits(whole))
        let tornado = try ScenarioSensitivity.tornado(plan, metric: metric)
        let tornadoParts = try shards.map { try ScenarioSensitivity.tornadoPart(plan, metric: metric, shard: $0) }
        let joined = try ScenarioSensitivity.mergeTornado(plan, metric: metric, parts: tornadoParts)
        #expect(joined.map(\.parameter) == tornado.map(\.parameter))
        #expect(joined.map { [$0.lowInput, $0.highInput, $0.atLow, $0.atHigh] } == tornado.map { [$0.lowInput, $0.highInput, $0.atLow, $0.atHigh] })
        if count > 1 {
            #expect(throws: MonteCarlo.MergeFailure.self) {
                try ScenarioSensitivity.mergeSobol(plan, metric: metric, n: 100, seed: 3, bootstrap: 20, parts: Array(sobolParts.dropFirst()))
            }
        }
    }

    /// GPT-3 at 1,172.16 MWh of IT energy reaches 1,300 MWh at PUE
    /// 1300 / 1172.16 = 1.109063.
    @Test func goalSeekRecoversHandComputedValue() throws {
        let plan = try EvaluationPlan(try ScenarioLoader.load(file: "\(packageRoot.path)/Models/gpt3-training.yaml"))
        let s = try GoalSeek.solve(plan, parameter: "sites.microsoft-datacenter.pue", metric: MetricSelector("energy_facility_mwh")!,
                                   target: 1300, between: (1, 2))
        #expect(abs(s.value - 1300 / 1172.16) < 1e-8)
        #expect(abs(s.achieved - 1300) < 1e-6)
    }

    @Test func goalSeekSaysWhenTheTargetIsOutOfReach() throws {
        let plan = try EvaluationPlan(try ScenarioLoader.load(file: "\(packageRoot.path)/Models/gpt3-training.yaml"))
        #expect(throws: GoalSeek.Failure.self) {
            try GoalSeek.solve(plan, parameter: "sites.microsoft-datacenter.pue", metric: MetricSelector("energy_facility_mwh")!,
                               target: 100, between: (1, 2))
        }
        #expect(throws: GoalSeek.Failure.self) {
            try GoalSeek.solve(plan, parameter: "sites.nowhere.pue", metric: MetricSelector("energy_facility_mwh")!, target: 1300)
        }
    }

    @Test func noUncertainInputsIsAClearError() throws {
        let plan = try EvaluationPlan(try ScenarioLoader.load(file: "\(packageRoot.path)/Models/gpt3-training.yaml"))
        #expect(throws: ScenarioSensitivity.Failure.self) { try ScenarioSensitivity.tornado(plan, metric: MetricSelector("water_m3")!) }
    }
}
