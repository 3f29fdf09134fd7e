import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel

/// Correlated inputs through the Gaussian copula.
@Suite struct CorrelationTests {
    /// Two sites whose PUEs are uniform(1, 2) and a third input, the
    /// fleet's power, uniform(800, 1200) W; `correlations` is added as is.
    static func yaml(_ correlations: String = "", samples: Int = 20_000) -> String {
        """
        scenario: {name: copula, horizon: {start: 2025-01-01, end: 2026-01-01}, resolution: year, samples: \(samples), seed: 9}
        sites:
          - {name: a, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: {dist: uniform, min: 1, max: 2}}
          - {name: b, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: {dist: uniform, min: 1, max: 2}}
          - {name: c, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: {dist: triangular, min: 1.1, mode: 1.2, max: 1.6}}
        fleets:
          - {name: f, accelerator: {tdp_w: 1000, idle_w: 100, source: test}, site: a, avg_power_w: {dist: uniform, min: 800, max: 1200}, lifetime_years: 5, deploy: [{date: 2025-01-01, units: 1000}]}
        \(correlations)
        """
    }

    /// Every draw's sampled inputs, in draw order.
    final class Inputs: DrawObserver, @unchecked Sendable {
        let lock = NSLock()
        var rows: [Int: [Double]] = [:]
        let width: Int
        init(width: Int) { self.width = width }
        func observe(block: Int, firstDraw: Int, count: Int, inputs: UnsafeBufferPointer<Double>, totals: UnsafeBufferPointer<Double>) {
            lock.lock(); defer { lock.unlock() }
            for k in 0..<count { rows[firstDraw + k] = Array(inputs[(k * width)..<((k + 1) * width)]) }
        }
        func column(_ c: Int) -> [Double] { rows.keys.sorted().map { rows[$0]![c] } }
    }

    static func draws(_ yaml: String, threads: Int = 2) throws -> (plan: EvaluationPlan, inputs: Inputs) {
        let plan = try EvaluationPlan(try scenario(yaml))
        let observer = Inputs(width: DrawColumns.inputs(plan).count)
        _ = MonteCarlo.run(plan, samples: plan.scenario.samples, seed: plan.scenario.seed, threads: threads, draws: observer)
        return (plan, observer)
    }

    static func ranks(_ x: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: x.count)
        for (rank, i) in x.indices.sorted(by: { x[$0] < x[$1] }).enumerated() { r[i] = Double(rank) }
        return r
    }

    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        let rx = ranks(x), ry = ranks(y), n = Double(x.count), m = (n - 1) / 2
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices { sxy += (rx[i] - m) * (ry[i] - m); sxx += (rx[i] - m) * (rx[i] - m); syy += (ry[i] - m) * (ry[i] - m) }
        return sxy / (sxx * syy).squareRoot()
    }

    static func percentiles(_ x: [Double]) -> [Double] {
        let s = x.sorted()
        return [0.05, 0.5, 0.95].map { s[Int($0 * Double(s.count - 1))] }
    }

    @Test func rankCorrelationIsDrawn() throws {
        let correlated = try Self.draws(Self.yaml("correlations: [{inputs: [sites.a.pue, sites.b.pue], rank: 0.7, source: test}]"))
        let paths = DrawColumns.inputPaths(correlated.plan)
        let a = try #require(paths.firstIndex(of: "sites.a.pue")), b = try #require(paths.firstIndex(of: "sites.b.pue"))
        let rho = Self.spearman(correlated.inputs.column(a), correlated.inputs.column(b))
        #expect(abs(rho - 0.7) < 0.02, "\(rho)")
        // Each input's own distribution is unchanged: P5, P50, P95 of
        // uniform(1, 2) within sampling error (SE of a quantile ≈ 0.004 here).
        let independent = try Self.draws(Self.yaml())
        for c in [a, b] {
            for (x, y) in zip(Self.percentiles(correlated.inputs.column(c)), Self.percentiles(independent.inputs.column(c))) {
                #expect(abs(x - y) < 0.015, "\(paths[c]): \(x) vs \(y)")
            }
        }
        // An input in no correlation draws exactly as without any.
        let f = try #require(paths.firstIndex(of: "fleets.f.avg_power_w"))
        #expect(correlated.inputs.column(f) == independent.inputs.column(f))
    }

    /// Rank 1: the sum of two uniform(0, 1)… here of two uniform(1, 2)
    /// PUEs, has variance 4/12 = 1/3 (independent: 2/12 = 1/6).
    @Test func comonotonicSumHasTwiceTheVariance() throws {
        for (correlations, variance) in [("correlations: [{inputs: [sites.a.pue, sites.b.pue], rank: 1, source: test}]", 1.0 / 3), ("", 1.0 / 6)] {
            let d = try Self.draws(Self.yaml(correlations))
            let paths = DrawColumns.inputPaths(d.plan)
            let x = d.inputs.column(paths.firstIndex(of: "sites.a.pue")!), y = d.inputs.column(paths.firstIndex(of: "sites.b.pue")!)
            let sum = zip(x, y).map { $0 + $1 }
            let mean = sum.reduce(0, +) / Double(sum.count)
            let v = sum.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sum.count - 1)
            #expect(abs(v / variance - 1) < 0.02, "\(v) vs \(variance)")
        }
    }

    @Test func threadsAndShardsAreByteIdentical() throws {
        let plan = try EvaluationPlan(try scenario(Self.yaml("correlations: [{inputs: [sites.a.pue, sites.b.pue, sites.c.pue], rank: 0.5, source: test}]", samples: 3000)))
        let one = MonteCarlo.run(plan, samples: 3000, seed: 4, threads: 1), two = MonteCarlo.run(plan, samples: 3000, seed: 4, threads: 2)
        let parts = try (1...4).map { try MonteCarlo.runPart(plan, samples: 3000, seed: 4, shard: Shard(index: $0, count: 4)!, threads: 1) }
        let merged = try MonteCarlo.merge(plan, parts: parts)
        for m in Metric.allCases {
            #expect(one.stat(m) == two.stat(m))
            #expect(one.stat(m) == merged.stat(m))
        }
    }

    @Test(arguments: [
        ("[{inputs: [sites.a.pue, sites.x.pue], rank: 0.5}]", "no input 'sites.x.pue' in this model — did you mean 'sites.a.pue'?"),
        ("[{inputs: [sites.a.pue, sites.a.grid.intensity_kg_per_kwh], rank: 0.5}]", "is a fixed value (0.4), not a distribution"),
        ("[{inputs: [sites.a.pue, sites.b.pue], rank: 1.5}]", "correlations.0.rank"),
        ("[{inputs: [sites.a.pue, sites.b.pue], rank: 0.5}, {inputs: [sites.b.pue, sites.a.pue], rank: 0.6}]", "already have rank 0.5"),
        ("[{inputs: [sites.a.pue, sites.b.pue], rank: 0.9}, {inputs: [sites.b.pue, sites.c.pue], rank: 0.9}, {inputs: [sites.a.pue, sites.c.pue], rank: -0.9}]",
         "the coefficients among sites.a.pue, sites.b.pue, sites.c.pue conflict"),
    ])
    func refusals(_ correlations: String, _ expected: String) throws {
        #expect { try EvaluationPlan(try scenario(Self.yaml("correlations: \(correlations)"))) } throws: { "\($0)".contains(expected) }
    }

    /// A trajectory's knots move as one unless the scenario correlates them.
    @Test func seriesKnotsAreComonotonic() throws {
        let yaml = Self.yaml(samples: 2000).replacingOccurrences(
            of: "pue: {dist: triangular, min: 1.1, mode: 1.2, max: 1.6}}",
            with: "pue: 1.2, grid_trajectory: {2025: {dist: uniform, min: 0.8, max: 1}, 2026: {dist: uniform, min: 0.5, max: 0.9}}}")
        let d = try Self.draws(yaml)
        let paths = DrawColumns.inputPaths(d.plan)
        let x = d.inputs.column(paths.firstIndex(of: "sites.c.grid_trajectory.2025")!), y = d.inputs.column(paths.firstIndex(of: "sites.c.grid_trajectory.2026")!)
        #expect(Self.spearman(x, y) > 0.999)
        #expect(d.plan.correlationGroups.map { $0.map { d.plan.parameters[$0].path } } == [["sites.c.grid_trajectory.2025", "sites.c.grid_trajectory.2026"]])
    }

    /// Grouped Sobol indices, analytically: facility energy = c·(PUE_a +
    /// PUE_b + PUE_c) with equal IT load at three sites, every PUE
    /// uniform(1, 2), a and b comonotonic: Var = c²(4/12 + 1/12), so the
    /// group {a, b} has first-order and total index 0.8 and c has 0.2. The
    /// tornado moves the group together: twice c's swing.
    @Test func groupedSobolAndTornado() throws {
        let yaml = """
            scenario: {name: groups, horizon: {start: 2025-01-01, end: 2026-01-01}, resolution: year}
            sites:
              - {name: a, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: {dist: uniform, min: 1, max: 2}}
              - {name: b, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: {dist: uniform, min: 1, max: 2}}
              - {name: c, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: {dist: uniform, min: 1, max: 2}}
            fleets:
              - {name: fa, accelerator: {tdp_w: 1000, idle_w: 100, source: test}, site: a, avg_power_w: 1000, lifetime_years: 5, deploy: [{date: 2025-01-01, units: 1000}]}
              - {name: fb, accelerator: {tdp_w: 1000, idle_w: 100, source: test}, site: b, avg_power_w: 1000, lifetime_years: 5, deploy: [{date: 2025-01-01, units: 1000}]}
              - {name: fc, accelerator: {tdp_w: 1000, idle_w: 100, source: test}, site: c, avg_power_w: 1000, lifetime_years: 5, deploy: [{date: 2025-01-01, units: 1000}]}
            correlations: [{inputs: [sites.a.pue, sites.b.pue], rank: 1, reason: test}]
            """
        let plan = try EvaluationPlan(try scenario(yaml))
        let metric = MetricSelector("energy_facility_mwh")!
        let entries = try ScenarioSensitivity.sobol(plan, metric: metric, n: 4096, seed: 1, threads: 2, bootstrap: 0)
        let group = try #require(entries.first { $0.parameter == "sites.a.pue + sites.b.pue" })
        let c = try #require(entries.first { $0.parameter == "sites.c.pue" })
        #expect(entries.count == 2)
        #expect(abs(group.index.firstOrder - 0.8) < 0.02 && abs(group.index.total - 0.8) < 0.02, "\(group.index)")
        #expect(abs(c.index.firstOrder - 0.2) < 0.02 && abs(c.index.total - 0.2) < 0.02, "\(c.index)")
        let tornado = try ScenarioSensitivity.tornado(plan, metric: metric)
        #expect(tornado.map(\.parameter) == ["sites.a.pue + sites.b.pue", "sites.c.pue"])
        #expect(abs(tornado[0].swing / tornado[1].swing - 2) < 1e-9)
    }

    /// An input fixed by --set (a sweep's value) leaves its correlation
    /// instead of failing the run; the same value in the file is refused.
    @Test func inputFixedBySetLeavesTheCorrelation() throws {
        let yaml = Self.yaml("correlations: [{inputs: [sites.a.pue, sites.b.pue], rank: 0.7, source: test}]", samples: 100)
        let plan = try EvaluationPlan(try scenario(yaml, set: ["sites.a.pue=1.5"]))
        #expect(plan.correlationGroups.isEmpty)
    }
}
