import Foundation
import Testing
import FootprintLoading
import GSL
@testable import FootprintModel

@Suite struct MonteCarloTests {
    static let uncertain = oneFleet(fleet: "embodied_kgco2e: {dist: triangular, min: 1000, mode: 1500, max: 3000}\nservice_life_years: 5")
        .replacingOccurrences(of: "pue: 1.2", with: "pue: {dist: uniform, min: 1.1, max: 1.3}")
        .replacingOccurrences(of: "utilization: 0.5", with: "utilization: {dist: pert, min: 0.3, mode: 0.5, max: 0.9}")

    /// What follows a forced pilot: windows that hold the ranks, windows
    /// that miss (0 σ, so everything is done again in two passes), two
    /// passes.
    static let pastPilot: [MonteCarlo.Tuning.PastPilot] = [.windowed(sigmas: 6), .windowed(sigmas: 0), .twoPasses]

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
        // The table's selection: the total's percentiles, its periods' means,
        // in one pass and in two (a pilot of 2 blocks).
        for pilot in [.fittingMemory, .blocks(2)] as [MonteCarlo.Tuning.Pilot] {
            let table = MonteCarlo.run(plan, samples: 500, seed: 3, threads: 2, outputs: .table, tuning: .init(pilot: pilot))
            for m in Metric.allCases {
                #expect(table.stat(m) == all.stat(m))
                for p in 0..<plan.grid.periods.count { #expect(table.mean(m, period: p) == all.stat(m, period: p).mean) }
            }
            #expect(table.intensity(.kgPerAcceleratorHour) == nil)
        }
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
/// Flat-memory Monte Carlo: the two passes, the bands and the shards.
@Suite struct MonteCarloPassesTests {
    /// Beyond the pilot (forced to 2, 4 or 16 blocks) the run gives the
    /// percentiles GSL computes on all the draws sorted, and the same
    /// statistics as one pass over every draw: with one windowed pass
    /// (6 σ), with windows that miss (0 σ, so everything is done again in
    /// two passes) and with two passes.
    @Test(arguments: [2, 4, 16], MonteCarloTests.pastPilot)
    func passesMatchSortingEveryDraw(_ pilot: Int, _ pastPilot: MonteCarlo.Tuning.PastPilot) throws {
        let plan = try EvaluationPlan(try scenario(MonteCarloTests.uncertain))
        let samples = 5000
        let run = MonteCarlo.run(plan, samples: samples, seed: 9, threads: 2, outputs: .all,
                                 tuning: .init(pilot: .blocks(pilot), pastPilot: pastPilot))
        let onePass = MonteCarlo.run(plan, samples: samples, seed: 9, threads: 1)
        for m in Metric.allCases {
            #expect(run.stat(m) == onePass.stat(m))
            for p in 0..<plan.grid.periods.count { #expect(run.stat(m, .fleet(0), period: p) == onePass.stat(m, .fleet(0), period: p)) }
        }
        // Every draw of total location emissions, evaluated directly.
        let engine = Engine(plan: plan)
        var values = plan.centralValues
        var xs: [Double] = []
        let sampling = DrawSampling(plan: plan, seed: 9, columns: KeptColumns(layout: plan.layout, percentiles: [], intensities: false, means: []))
        for b in 0..<MonteCarlo.blocks(samples: samples) {
            let stream = RandomStream(seed: 9, stream: UInt64(b))
            for _ in (b * 64)..<min(samples, (b + 1) * 64) {
                for s in sampling.samplers { values[s.slot] = min(max(s.distribution.sample(stream), s.lower), s.upper) }
                xs.append(engine.evaluate(values).value(.emissionsLocationTCO2e))
            }
        }
        let q = try Statistics.quantiles(xs, [0.05, 0.5, 0.95])
        let st = run.stat(.emissionsLocationTCO2e)
        #expect(st.p5 == q[0] && st.p50 == q[1] && st.p95 == q[2])
    }

    /// Shards merged equal the whole run, for several N and threads.
    @Test(arguments: [1, 2, 3, 4, 7])
    func shardsMergeExactly(_ n: Int) throws {
        let plan = try EvaluationPlan(try scenario(MonteCarloTests.uncertain))
        let whole = MonteCarlo.run(plan, samples: 3000, seed: 5, threads: 1)
        let parts = try (1...n).map { try MonteCarlo.runPart(plan, samples: 3000, seed: 5, shard: Shard(index: $0, count: n)!, threads: 1 + $0 % 2) }
        let merged = try MonteCarlo.merge(plan, parts: parts.reversed())
        for m in Metric.allCases {
            #expect(merged.stat(m) == whole.stat(m))
            for p in 0..<plan.grid.periods.count { #expect(merged.stat(m, .fleet(0), period: p) == whole.stat(m, .fleet(0), period: p)) }
        }
        #expect(throws: MonteCarlo.MergeFailure.self) { try MonteCarlo.merge(plan, parts: Array(parts.dropFirst())) }
    }

    /// Parts past a forced pilot of 2 blocks, by each strategy, merge to
    /// the whole run: their bands of ranks hold the union's ranks.
    @Test(arguments: MonteCarloTests.pastPilot)
    func shardsPastTheirPilotMergeExactly(_ pastPilot: MonteCarlo.Tuning.PastPilot) throws {
        let plan = try EvaluationPlan(try scenario(MonteCarloTests.uncertain))
        let whole = MonteCarlo.run(plan, samples: 3000, seed: 5, threads: 1)
        let parts = try (1...3).map {
            try MonteCarlo.runPart(plan, samples: 3000, seed: 5, shard: Shard(index: $0, count: 3)!, threads: 2, outputs: .all,
                               tuning: .init(pilot: .blocks(2), pastPilot: pastPilot))
        }
        let merged = try MonteCarlo.merge(plan, parts: parts)
        for m in Metric.allCases {
            #expect(merged.stat(m) == whole.stat(m))
            for p in 0..<plan.grid.periods.count { #expect(merged.stat(m, .fleet(0), period: p) == whole.stat(m, .fleet(0), period: p)) }
        }
    }

    /// A band determines a rank only where every part's count is known.
    @Test func bandsRefuseWhatTheyDoNotKnow() {
        let a = QuantileBand(below: 10, values: [5, 6, 7], counts: [1, 2, 1], above: 10)
        let b = QuantileBand(below: 8, values: [5.5, 6, 8], counts: [1, 1, 1], above: 9)
        // Below 6 (the larger first value) the count of part b is unknown.
        #expect(QuantileBand.value(ofRank: 18, in: [a, b]) == nil)
        // Ranks: a has 10 below 5 and 5.0 at 10; b has 8 below 5.5, 5.5 at 8.
        // Values ≤ 5.5: 11 + 9 = 20; then 6 three times (ranks 20, 21, 22).
        #expect(QuantileBand.value(ofRank: 20, in: [a, b]) == 6)
        #expect(QuantileBand.value(ofRank: 22, in: [a, b]) == 6)
        #expect(QuantileBand.value(ofRank: 23, in: [a, b]) == 7)
        #expect(QuantileBand.value(ofRank: 24, in: [a, b]) == nil)
        #expect(Shard("5/4") == nil && Shard("0/0") == nil && Shard("2/4")?.range(of: 10) == 2..<5)
        // Which parts are missing or repeated, without building anything of
        // the count's size (a part file's header gives it; make fuzz found
        // a forged count of 3.9e15 allocating that many).
        #expect(Shard.incompleteness([1, 2, 3], count: 3) == nil)
        #expect(Shard.incompleteness([3, 1], count: 3) == "missing part 2/3")
        #expect(Shard.incompleteness([1, 2, 2, 3], count: 3) == "part 2/3 given more than once")
        #expect(Shard.incompleteness([1], count: 3_940_649_673_949_186) == "missing parts 2/3940649673949186, 3/3940649673949186, 4/3940649673949186, 5/3940649673949186, 6/3940649673949186, 7/3940649673949186, 8/3940649673949186, 9/3940649673949186, 10/3940649673949186, 11/3940649673949186 and 3940649673949175 more")
    }
}

/// `run --draws` sees every draw once, whichever path the run takes past
/// its pilot (the second pass and a redone run record nothing).
@Suite struct DrawObserverPassesTests {
    final class Blocks: DrawObserver, @unchecked Sendable {
        let lock = NSLock()
        var seen: [Int: Int] = [:]
        var firstTotals: [Int: Double] = [:]
        func observe(block: Int, firstDraw: Int, count: Int, inputs: UnsafeBufferPointer<Double>, totals: UnsafeBufferPointer<Double>) {
            lock.lock()
            defer { lock.unlock() }
            seen[block, default: 0] += count
            firstTotals[block] = totals[0]
        }
    }

    @Test(arguments: MonteCarloTests.pastPilot)
    func everyDrawOnce(_ pastPilot: MonteCarlo.Tuning.PastPilot) throws {
        let plan = try EvaluationPlan(try scenario(MonteCarloTests.uncertain))
        let samples = 1000
        let once = Blocks(), passes = Blocks()
        _ = MonteCarlo.run(plan, samples: samples, seed: 4, threads: 2, draws: once)
        _ = MonteCarlo.run(plan, samples: samples, seed: 4, threads: 2, outputs: .all,
                           tuning: .init(pilot: .blocks(2), pastPilot: pastPilot), draws: passes)
        let blocks = MonteCarlo.blocks(samples: samples)
        #expect(passes.seen == Dictionary(uniqueKeysWithValues: (0..<blocks).map { ($0, min(64, samples - 64 * $0)) }))
        #expect(passes.firstTotals == once.firstTotals)
    }
}
