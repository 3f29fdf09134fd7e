import Foundation
import Dispatch
import GSL

/// Monte Carlo over the scenario's distributions.
///
/// Draw `i` belongs to block `i / blockSize`; each block has its own GSL
/// stream seeded from `(seed, block)`, and draws sample every uncertain
/// parameter in slot order. Workers take whole blocks, so results are
/// identical for any number of threads, and a range of blocks (a shard) can
/// be evaluated anywhere.
///
/// Memory does not grow with the draws. A run whose values fit in
/// `onePassBytes` is one pass: it keeps every value and selects its
/// percentiles. A larger run keeps every value of a pilot (its first
/// blocks, `pilotBytes`), counts each output's values in regions (a zone
/// from the pilot's order statistics around the wanted ranks, cut in equal
/// buckets), then
/// evaluates the blocks past the pilot again — draws are reproducible by
/// block — keeping only the values of the regions that hold the wanted
/// ranks. Percentiles are exact either way, whatever the zones were: the
/// pilot decides how few values are kept, never the result. A part of the
/// blocks (`--shard`) keeps a band of ranks around each wanted one, so that
/// parts merge exactly (`QuantileBand`).
public enum MonteCarlo {
    public static let blockSize = 64

    public static func run(_ plan: EvaluationPlan, samples: Int, seed: UInt64, threads: Int = defaultThreads,
                           outputs: OutputSelection = .all, progress: (@Sendable (Int) -> Void)? = nil,
                           draws: (any DrawObserver)? = nil) -> RunSummary {
        run(plan, samples: samples, seed: seed, threads: threads, outputs: outputs, pilotBlocks: nil, progress: progress, draws: draws)
    }

    /// `pilotBlocks`: tests force the passes past a pilot on small runs
    /// with it; `windowSigmas` nil forces two passes, 0 windows that miss.
    static func run(_ plan: EvaluationPlan, samples: Int, seed: UInt64, threads: Int, outputs: OutputSelection,
                    pilotBlocks: Int?, windowSigmas: Double? = 6, progress: (@Sendable (Int) -> Void)?,
                    draws: (any DrawObserver)? = nil) -> RunSummary {
        let setup = Setup(plan, samples: samples, outputs: outputs)
        guard let columns = setup.columns else {
            if let draws { DrawRows.central(plan, values: setup.central.values, samples: samples, observer: draws) }
            return setup.centralSummary(seed: seed)
        }
        let state = evaluate(plan, samples: samples, seed: seed, threads: threads, columns: columns, blocks: 0..<blocks(samples: samples),
                             keepBlockSums: false, window: { p, n in
                                 let k = Int((Double(n - 1) * p).rounded(.down))
                                 return (k, Swift.min(k + 1, n - 1))
                             }, pilot: pilotBlocks, windowSigmas: windowSigmas, progress: progress, draws: draws)
        // One part holding every draw: its bands always hold the ranks.
        do {
            return try setup.summary(seed: seed, sums: state.sums, low: state.low, high: state.high) { [state.bands[$0]] }
        } catch {
            preconditionFailure("a single part's bands always hold its ranks: \(error)")
        }
    }

    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// What `run`, `runPart` and `merge` share: the central evaluation and the
/// columns the draws keep.
struct Setup {
    let plan: EvaluationPlan
    let samples: Int
    let outputs: OutputSelection
    let central: Evaluation
    let hourlyMatching: [[Double]?]
    /// Nil when there is nothing to draw (one sample, or no distribution).
    let columns: SharedColumns?
    /// Outputs zero in every draw: not kept (their statistic is 0).
    let zeros: [Int]

    init(_ plan: EvaluationPlan, samples: Int, outputs: OutputSelection) {
        self.plan = plan; self.samples = samples; self.outputs = outputs
        let engine = Engine(plan: plan)
        central = engine.evaluateCentral()
        hourlyMatching = plan.sites.indices.map { engine.hourlyMatching(site: $0) }
        let layout = plan.layout
        // Outputs with percentiles, then outputs with a mean only.
        var percentiles: [Int] = [], means: [Int] = [], zeros: [Int] = []
        func keep(_ i: Int, percentiles withPercentiles: Bool) {
            if i < plan.alwaysZero.count && plan.alwaysZero[i] { zeros.append(i) } else if withPercentiles { percentiles.append(i) } else { means.append(i) }
        }
        for scope in 0..<layout.scopes where outputs.wholeHorizon(ofScope: scope) {
            for p in 0...layout.wholeHorizon where p == layout.wholeHorizon || outputs.periods(ofScope: scope, fleets: layout.fleets) {
                for m in Metric.allCases {
                    keep(layout.offset(scope: scope, period: p, metric: m), percentiles: p == layout.wholeHorizon || outputs.periodPercentiles)
                }
            }
        }
        // Services and the demand block, every period (a ratio undefined in
        // some draw has no statistic).
        for p in 0...layout.wholeHorizon {
            let withPercentiles = p == layout.wholeHorizon || outputs.periodPercentiles
            for s in 0..<layout.services {
                for m in ServiceMetric.allCases { keep(layout.offset(service: s, period: p, metric: m), percentiles: withPercentiles) }
            }
            if layout.hasDemand {
                for m in DemandMetric.allCases { keep(layout.offset(demand: m, period: p), percentiles: withPercentiles) }
            }
        }
        self.zeros = zeros
        let uncertain = plan.parameters.contains(where: \.isUncertain)
        columns = samples <= 1 || !uncertain ? nil
            : SharedColumns(layout: layout, percentiles: percentiles, intensities: outputs.scopes, means: means)
    }

    func centralSummary(seed: UInt64) -> RunSummary {
        let layout = plan.layout
        let stats = central.values.map { $0.isNaN ? nil : Statistic(exactly: $0) }
        let intensities = (0..<layout.scopes).map { scope in
            IntensityMetric.allCases.map { im in
                im.compute { central.values[layout.offset(scope: scope, period: layout.wholeHorizon, metric: $0)] }
                    .map(Statistic.init(exactly:))
            }
        }
        return RunSummary(plan: plan, samples: samples, seed: seed, central: central, outputs: .all, stats: stats,
                          intensities: intensities, hourlyMatching: hourlyMatching)
    }

    /// The statistics from each column's sum over all draws (in block
    /// order), minimum, maximum and the bands of every part
    /// (`bands(column × probabilities + j)`); throws when the bands do not
    /// determine a rank.
    func summary(seed: UInt64, sums: [Double], low: [Double], high: [Double],
                 bands: (Int) -> [QuantileBand]) throws(MonteCarlo.MergeFailure) -> RunSummary {
        let columns = columns!
        let layout = plan.layout
        let ps = MonteCarlo.probabilities
        var columnStats = [Statistic?](repeating: nil, count: columns.row)
        for c in 0..<columns.row {
            // Nil when any draw is undefined (a NaN makes the sum NaN).
            if sums[c].isNaN { continue }
            // Many outputs do not vary (a fleet's years before it arrives).
            if low[c] == high[c] { columnStats[c] = Statistic(exactly: low[c]); continue }
            // An output whose mean only was asked for.
            if c >= columns.percentileColumns {
                columnStats[c] = Statistic(mean: sums[c] / Double(samples), p5: .nan, p50: .nan, p95: .nan)
                continue
            }
            var q = (0.0, 0.0, 0.0)
            for (j, p) in ps.enumerated() {
                let position = Double(samples - 1) * p
                let k = Int(position.rounded(.down))
                let fraction = position - Double(k)
                let parts = bands(c * ps.count + j)
                guard let lower = QuantileBand.value(ofRank: k, in: parts),
                      let upper = QuantileBand.value(ofRank: Swift.min(k + 1, samples - 1), in: parts) else {
                    throw .bandsDoNotMeet(column: c)
                }
                let x = fraction > 0 ? (1 - fraction) * lower + fraction * upper : lower
                switch j { case 0: q.0 = x; case 1: q.1 = x; default: q.2 = x }
            }
            columnStats[c] = Statistic(mean: sums[c] / Double(samples), p5: q.0, p50: q.1, p95: q.2)
        }
        var stats = [Statistic?](repeating: nil, count: central.values.count)
        for i in zeros { stats[i] = Statistic(exactly: 0) }
        for (c, i) in columns.percentiles.enumerated() { stats[i] = columnStats[c] }
        for (c, i) in columns.means.enumerated() { stats[i] = columnStats[columns.percentileColumns + c] }
        let intensityCount = IntensityMetric.allCases.count
        let intensities = (0..<layout.scopes).map { scope in
            (0..<intensityCount).map { columns.intensities ? columnStats[columns.percentiles.count + scope * intensityCount + $0] : nil }
        }
        return RunSummary(plan: plan, samples: samples, seed: seed, central: central, outputs: outputs, stats: stats,
                          intensities: intensities, hourlyMatching: hourlyMatching)
    }
}
