import Foundation
import Dispatch
import GSL

/// Mean and percentiles of one output over the draws.
public struct Statistic: Sendable, Equatable {
    public let mean: Double
    public let p5: Double
    public let p50: Double
    public let p95: Double

    public init(mean: Double, p5: Double, p50: Double, p95: Double) {
        self.mean = mean; self.p5 = p5; self.p50 = p50; self.p95 = p95
    }

    /// A statistic of one value (a run on central values).
    public init(exactly x: Double) { self.init(mean: x, p5: x, p50: x, p95: x) }
}

/// Which statistics a run computes. Every scope's whole horizon, the
/// total's periods and the intensities always; the fleets' and the sites'
/// periods when asked for (quantiles are computed output by output, so a
/// statistic does not depend on which others were computed).
public struct OutputSelection: Sendable, Equatable {
    public var fleetPeriods: Bool
    public var sitePeriods: Bool

    public init(fleetPeriods: Bool, sitePeriods: Bool) {
        self.fleetPeriods = fleetPeriods; self.sitePeriods = sitePeriods
    }

    public static let all = OutputSelection(fleetPeriods: true, sitePeriods: true)
    /// The whole horizon of every scope and the total's periods.
    public static let totals = OutputSelection(fleetPeriods: false, sitePeriods: false)

    /// Whether `scope`'s periods (not only its whole horizon) are computed.
    func periods(ofScope scope: Int, fleets: Int) -> Bool {
        scope == 0 || (scope <= fleets ? fleetPeriods : sitePeriods)
    }
}

/// The outcome of a run: statistics of every metric for every scope and
/// period (same layout as `Evaluation`) that its `OutputSelection` asked
/// for, plus intensity metrics over the whole horizon per scope.
public struct RunSummary: Sendable {
    public let plan: EvaluationPlan
    public let samples: Int
    public let seed: UInt64
    /// The evaluation at central values (mode/mean of every input).
    public let central: Evaluation
    public let outputs: OutputSelection
    /// Nil where the selection left an output out.
    let stats: [Statistic?]
    /// `intensities[scope][IntensityMetric.rawValue]`, nil where undefined.
    let intensities: [[Statistic?]]
    /// Per site, at central values: the share of its load matched hour by
    /// hour by its hourly supplies, by calendar month and UTC hour of day
    /// (`[month * 24 + hour]`, NaN where no hour had load); nil for a site
    /// without hourly supplies.
    public let hourlyMatching: [[Double]?]

    /// A statistic the run's `OutputSelection` includes (asking for one it
    /// left out is a programming error).
    public func stat(_ metric: Metric, _ scope: Evaluation.Scope = .total, period: Int? = nil) -> Statistic {
        guard let s = stats[central.layout.offset(metric, scope, period: period)] else {
            preconditionFailure("\(metric.key) of \(scope) for period \(period.map(String.init) ?? "all") was not computed: run with OutputSelection.all")
        }
        return s
    }

    public func intensity(_ metric: IntensityMetric, _ scope: Evaluation.Scope = .total) -> Statistic? {
        intensities[central.layout.index(scope)][metric.rawValue]
    }

    /// True when any input is a distribution and more than one draw ran.
    public var hasRanges: Bool { samples > 1 && plan.parameters.contains(where: \.isUncertain) }
}

/// Monte Carlo over the scenario's distributions.
///
/// Draw `i` belongs to block `i / blockSize`; each block has its own GSL
/// stream seeded from `(seed, block)`, and draws sample every uncertain
/// parameter in slot order. Workers take whole blocks, so results are
/// identical for any number of threads.
///
/// Memory does not grow with the draws. A pilot keeps every value of the
/// first blocks (a fixed budget) and sorts each output's; from the pilot's
/// order statistics around each wanted rank (P5, P50, P95) it sets a zone
/// of 1,024 buckets per rank. Pass 1 evaluates the other blocks, adding
/// each block's sums in block order (for the mean) and counting every
/// value in its bucket, or below or above the zone. Pass 2 evaluates them
/// again (a block's draws are reproducible) and keeps only the values of
/// the buckets holding the wanted ranks, among which the ranks are
/// selected exactly: the counts say how many values lie below a bucket,
/// whatever the zones were, so the pilot only decides how few values are
/// kept, never the result. A part of the blocks (`--shard`) keeps a wider
/// band of ranks, so that parts merge exactly (`QuantileBand`).
public enum MonteCarlo {
    public static let blockSize = 64

    public static func run(_ plan: EvaluationPlan, samples: Int, seed: UInt64, threads: Int = defaultThreads,
                           outputs: OutputSelection = .all, progress: (@Sendable (Int) -> Void)? = nil) -> RunSummary {
        run(plan, samples: samples, seed: seed, threads: threads, outputs: outputs, pilotBlocks: nil, progress: progress)
    }

    /// `pilotBlocks`: tests force two passes on small runs with it.
    static func run(_ plan: EvaluationPlan, samples: Int, seed: UInt64, threads: Int, outputs: OutputSelection,
                    pilotBlocks: Int?, progress: (@Sendable (Int) -> Void)?) -> RunSummary {
        let setup = Setup(plan, samples: samples, outputs: outputs)
        guard let columns = setup.columns else { return setup.centralSummary(seed: seed) }
        let blocks = (samples + blockSize - 1) / blockSize
        let state = evaluate(plan, samples: samples, seed: seed, threads: threads, columns: columns, blocks: 0..<blocks,
                             keepBlockSums: false, window: { p, n in
                                 let k = Int((Double(n - 1) * p).rounded(.down))
                                 return (k, Swift.min(k + 1, n - 1))
                             }, pilot: pilotBlocks, progress: progress)
        // One part holding every draw: its bands always hold the ranks.
        return try! setup.summary(seed: seed, sums: state.sums, low: state.low, high: state.high) { [state.bands[$0]] }
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
        var needed: [Int] = [], zeros: [Int] = []
        for scope in 0..<layout.scopes {
            let periods = outputs.periods(ofScope: scope, fleets: layout.fleets) ? 0...layout.wholeHorizon : layout.wholeHorizon...layout.wholeHorizon
            for p in periods {
                for m in Metric.allCases {
                    let i = layout.offset(scope: scope, period: p, metric: m)
                    if plan.alwaysZero[i] { zeros.append(i) } else { needed.append(i) }
                }
            }
        }
        self.zeros = zeros
        let uncertain = plan.parameters.contains(where: \.isUncertain)
        columns = samples <= 1 || !uncertain ? nil : SharedColumns(layout: layout, needed: needed)
    }

    func centralSummary(seed: UInt64) -> RunSummary {
        let layout = plan.layout
        let stats = central.values.map(Statistic.init(exactly:))
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
            var q = [Double](repeating: 0, count: ps.count)
            for (j, p) in ps.enumerated() {
                let position = Double(samples - 1) * p
                let k = Int(position.rounded(.down))
                let fraction = position - Double(k)
                let parts = bands(c * ps.count + j)
                guard let lower = QuantileBand.value(ofRank: k, in: parts),
                      let upper = QuantileBand.value(ofRank: Swift.min(k + 1, samples - 1), in: parts) else {
                    throw .bandsDoNotMeet(column: c)
                }
                q[j] = fraction > 0 ? (1 - fraction) * lower + fraction * upper : lower
            }
            columnStats[c] = Statistic(mean: sums[c] / Double(samples), p5: q[0], p50: q[1], p95: q[2])
        }
        var stats = [Statistic?](repeating: nil, count: central.values.count)
        for i in zeros { stats[i] = Statistic(exactly: 0) }
        for (c, i) in columns.needed.enumerated() { stats[i] = columnStats[c] }
        let intensityCount = IntensityMetric.allCases.count
        let intensities = (0..<layout.scopes).map { scope in
            (0..<intensityCount).map { columnStats[columns.needed.count + scope * intensityCount + $0] }
        }
        return RunSummary(plan: plan, samples: samples, seed: seed, central: central, outputs: outputs, stats: stats,
                          intensities: intensities, hourlyMatching: hourlyMatching)
    }
}
