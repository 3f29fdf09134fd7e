import Foundation
import Testing
import GSL
import FootprintLoading
@testable import FootprintModel

/// An engine told which values are read (`Engine(plan:reads:)`) against
/// one computing everything, on every shipped model and random draws:
/// every value read is bit-identical. Read sets: those of the Monte Carlo
/// workers for the table, JSON and totals selections (with and without a
/// draw observer) and random subsets of the results, one value or many.
@Suite struct EngineReadsTests {
    /// A draw observer that keeps nothing (only its presence matters).
    final class NoObserver: DrawObserver {
        func observe(block: Int, firstDraw: Int, count: Int, inputs: UnsafeBufferPointer<Double>, totals: UnsafeBufferPointer<Double>) {}
    }

    /// Each read set's name, indices, and an engine computing them.
    static func engines(_ plan: EvaluationPlan, stepByStep: Bool, seed: UInt64) -> [(String, [Int], Engine)] {
        let layout = plan.layout
        var out: [(String, [Int], Engine)] = []
        let selections: [(String, OutputSelection)] = [
            ("table", .table), ("json", OutputSelection(fleetPeriods: true, sitePeriods: false)), ("totals", .totals), ("all", .all),
        ]
        for (name, outputs) in selections {
            // The columns Monte Carlo keeps (built here too for a model
            // without uncertain inputs, whose run draws nothing).
            let summaryPlan = SummaryPlan(plan, samples: 2, outputs: outputs)
            let columns = summaryPlan.columns ?? KeptColumns(layout: layout, percentiles: (0..<layout.count).filter { !summaryPlan.zeros.contains($0) },
                                                         intensities: outputs.scopes, means: [])
            for observer in [nil, NoObserver()] as [NoObserver?] {
                let worker = DrawSampling(plan: plan, seed: seed, columns: columns).worker(draws: observer)
                var reads = columns.percentiles + columns.means
                let whole = { (scope: Int) in Metric.allCases.map { layout.offset(scope: scope, period: layout.wholeHorizon, metric: $0) } }
                if columns.intensities { reads += (0..<layout.scopes).flatMap(whole) }
                if observer != nil { reads += whole(0) }
                let engine = stepByStep ? Engine(plan: plan, stepByStep: true, reads: reads) : worker.engine
                out.append(("\(name)\(observer == nil ? "" : "+draws")", reads, engine))
            }
        }
        let stream = RandomStream(seed: seed, stream: 1)
        for size in [1, 1, 3, 40, layout.count / 10, layout.count / 2] {
            let reads = (0..<size).map { _ in min(layout.count - 1, Int(stream.uniform() * Double(layout.count))) }
            out.append(("random \(size)", reads, Engine(plan: plan, stepByStep: stepByStep, reads: reads)))
        }
        out.append(("nothing", [], Engine(plan: plan, stepByStep: stepByStep, reads: [])))
        return out
    }

    static let models = ["bloom-training.yaml", "epoch-chatgpt-query.yaml", "gigawatt-campus.yaml", "gpt3-training.yaml",
                         "hybrid-buildout.yaml", "solar-wind-campus.yaml"]

    @Test(arguments: models, [false, true])
    func readValuesAreBitIdentical(model: String, stepByStep: Bool) throws {
        let s = try ScenarioLoader.load(file: packageRoot.path + "/Models/" + model,
                                        overrides: stepByStep ? ["scenario.resolution=month"] : [])
        let plan = try EvaluationPlan(s)
        let full = Engine(plan: plan, stepByStep: stepByStep)
        let engines = Self.engines(plan, stepByStep: stepByStep, seed: 11)
        // A site whose values vary within a draw (an hourly profile) goes step
        // by step on every engine, at about 100 times the cost of a draw in
        // closed form: there, as with `stepByStep`, a few draws compare every
        // value of every read set.
        let stepping = stepByStep || plan.sites.contains { !$0.isConstantWithinDraw }
        let draws = PeriodSumsTests.draws(plan, count: stepping ? 4 : 60, seed: 13)
        var mismatches: [String: Int] = [:]
        for v in draws {
            let expected = full.evaluate(v).values
            for (name, reads, engine) in engines {
                let got = engine.evaluate(v).values
                for i in reads where got[i].bitPattern != expected[i].bitPattern { mismatches[name, default: 0] += 1 }
            }
        }
        #expect(mismatches.isEmpty, "\(model): values read that differ, per read set: \(mismatches)")
    }

    /// Reads that feed less do less: the table's engine skips the sites'
    /// additions where a model has sites and no demand on them.
    @Test func theTableSkipsSiteRows() throws {
        let plan = try EvaluationPlan(try ScenarioLoader.load(file: packageRoot.path + "/Models/hybrid-buildout.yaml"))
        let table = Self.engines(plan, stepByStep: false, seed: 1)[0].2
        let layout = plan.layout
        #expect(table.scratch.additions.count < Engine(plan: plan).scratch.additions.count)
        for s in 0..<layout.sites {
            #expect(!table.scratch.required.row(scope: layout.index(.site(s)), period: layout.wholeHorizon))
        }
    }
}
