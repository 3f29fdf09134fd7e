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

    /// Service s's `metric` in `period` (nil: the whole horizon); nil where
    /// it is undefined in some draw (no prompts, no served energy, no
    /// `fleet_share`).
    public func stat(_ metric: ServiceMetric, service s: Int, period: Int? = nil) -> Statistic? {
        stats[central.layout.offset(service: s, period: period ?? central.layout.wholeHorizon, metric: metric)]
    }

    /// The demand block's `metric` in `period` (nil: the whole horizon); nil
    /// without demand, or where undefined (no revenue, no users).
    public func stat(_ metric: DemandMetric, period: Int? = nil) -> Statistic? {
        guard central.layout.hasDemand else { return nil }
        return stats[central.layout.offset(demand: metric, period: period ?? central.layout.wholeHorizon)]
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
/// parameter in slot order. Workers take whole blocks, and each draw's
/// outputs go to its own row, so results are identical for any number of
/// threads. Memory is one row of per-period aggregates per draw, never per
/// step.
public enum MonteCarlo {
    public static let blockSize = 64

    public static func run(_ plan: EvaluationPlan, samples: Int, seed: UInt64, threads: Int = defaultThreads,
                           outputs: OutputSelection = .all, progress: (@Sendable (Int) -> Void)? = nil,
                           draws: (any DrawObserver)? = nil) -> RunSummary {
        let centralEngine = Engine(plan: plan)
        let central = centralEngine.evaluateCentral()
        let hourlyMatching = plan.sites.indices.map { centralEngine.hourlyMatching(site: $0) }
        let layout = plan.layout
        let scopes = layout.scopes
        let intensityCount = IntensityMetric.allCases.count
        let valueCount = central.values.count
        let uncertain = plan.parameters.indices.filter { plan.parameters[$0].isUncertain }
        // Plain values for the draw loop (no strings, no reference counting).
        let samplers: [Sampler] = uncertain.compactMap { s in
            guard case let .distribution(d) = plan.parameters[s].value else { return nil }
            let b = plan.parameters[s].bounds
            return Sampler(slot: s, distribution: d, lower: b.lower, upper: b.upper)
        }

        if samples <= 1 || uncertain.isEmpty {
            if let draws { DrawRows.central(plan, values: central.values, samples: samples, observer: draws) }
            let stats = central.values.map { $0.isNaN ? nil : Statistic(exactly: $0) }
            let intensities = (0..<scopes).map { scope in
                IntensityMetric.allCases.map { im in
                    im.compute { central.values[layout.offset(scope: scope, period: layout.wholeHorizon, metric: $0)] }
                        .map(Statistic.init(exactly:))
                }
            }
            return RunSummary(plan: plan, samples: samples, seed: seed, central: central, outputs: .all, stats: stats, intensities: intensities, hourlyMatching: hourlyMatching)
        }

        // The value index of each stored column, then the intensities'
        // columns (intensityCount per scope).
        // Outputs zero in every draw are not stored (their statistic is 0).
        var needed: [Int] = [], zeros: [Int] = []
        for scope in 0..<scopes {
            let periods = outputs.periods(ofScope: scope, fleets: layout.fleets) ? 0...layout.wholeHorizon : layout.wholeHorizon...layout.wholeHorizon
            for p in periods {
                for m in Metric.allCases {
                    let i = layout.offset(scope: scope, period: p, metric: m)
                    if plan.alwaysZero[i] { zeros.append(i) } else { needed.append(i) }
                }
            }
        }
        // Services and the demand block: every period (a ratio undefined in
        // some draw has no statistic).
        needed += Array(layout.demandValues)
        let row = needed.count + scopes * intensityCount

        // Column-major: each output's draws are contiguous for the
        // statistics. A worker keeps its block's rows and writes them out
        // transposed, a run of `blockSize` draws per column, with each
        // column's sum, minimum and maximum over the block.
        let blocks = (samples + blockSize - 1) / blockSize
        let workers = max(1, min(threads, blocks))
        let matrix = DrawMatrix(samples: samples, columns: row, blocks: blocks)
        let columns = SharedColumns(layout: layout, needed: needed)
        // Workers take the next block when done with one (a slow or late
        // thread then does fewer); a block's draws are the same whoever
        // evaluates them.
        let nextBlock = WorkCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let engine = Engine(plan: plan)
            let drawRows = draws.map { DrawRows(plan: plan, observer: $0) }
            var values = plan.centralValues
            let rows = UnsafeMutablePointer<Double>.allocate(capacity: blockSize * row)
            defer { rows.deallocate() }
            while case let b = nextBlock.take(), b < blocks {
                let stream = RandomStream(seed: seed, stream: UInt64(b))
                let first = b * blockSize, count = min(samples, first + blockSize) - first
                for k in 0..<count {
                    values.withUnsafeMutableBufferPointer { v in
                        samplers.withUnsafeBufferPointer { samplers in
                            for s in samplers { v[s.slot] = Swift.min(Swift.max(s.distribution.sample(stream), s.lower), s.upper) }
                        }
                        engine.evaluate(UnsafeBufferPointer(v))
                    }
                    engine.result.values.withUnsafeBufferPointer { columns.gather($0, into: rows + k * row) }
                    if let drawRows {
                        values.withUnsafeBufferPointer { p in engine.result.values.withUnsafeBufferPointer { drawRows.record(k, parameters: p, values: $0) } }
                    }
                }
                matrix.store(rows, count: count, block: b)
                drawRows?.flush(block: b, firstDraw: first, count: count)
                progress?(count)
            }
        }
        // Statistics per column, columns split across workers (each
        // column's result depends only on its own values).
        var columnStats = [Statistic?](repeating: nil, count: row)
        columnStats.withUnsafeMutableBufferPointer { out in
            let results = SharedStatistics(base: out.baseAddress!)
            let nextColumns = WorkCounter(step: 8)
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, row))) { _ in
                let selector = Statistics.QuantileSelector(capacity: samples)
                while case let first = nextColumns.take(), first < row {
                    for c in first..<min(row, first + 8) { results.base[c] = matrix.statistic(c, selector) }
                }
            }
        }
        var stats = [Statistic?](repeating: nil, count: valueCount)
        for i in zeros { stats[i] = Statistic(exactly: 0) }
        for (c, i) in needed.enumerated() { stats[i] = columnStats[c] }
        let intensities = (0..<scopes).map { scope in
            (0..<intensityCount).map { columnStats[needed.count + scope * intensityCount + $0] }
        }
        return RunSummary(plan: plan, samples: samples, seed: seed, central: central, outputs: outputs, stats: stats, intensities: intensities, hourlyMatching: hourlyMatching)
    }

    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// Which values of a draw's evaluation are stored, in column order.
private struct SharedColumns: Sendable {
    let layout: ResultLayout
    /// The value index of each column; then the intensities of each scope
    /// from its whole-horizon values.
    let needed: [Int]

    /// One draw's row.
    func gather(_ v: UnsafeBufferPointer<Double>, into row: UnsafeMutablePointer<Double>) {
        var x = row
        needed.withUnsafeBufferPointer { needed in
            for i in needed { x.pointee = v[i]; x += 1 }
        }
        for scope in 0..<layout.scopes {
            for im in IntensityMetric.allCases {
                x.pointee = im.compute { v[layout.offset(scope: scope, period: layout.wholeHorizon, metric: $0)] } ?? .nan
                x += 1
            }
        }
    }
}

/// The outputs × draws matrix (column-major) with each block's sum,
/// minimum and maximum per column, written by several workers at once.
/// `@unchecked Sendable` is safe: each block (its draws' elements and its
/// partials) is written by the one worker that evaluated it; statistics
/// read a column only after all blocks are stored (`concurrentPerform` has
/// returned) and each column is read by one worker only. The sum over
/// blocks is taken in block order, so it does not depend on the threads.
private final class DrawMatrix: @unchecked Sendable {
    let samples: Int, columns: Int, blocks: Int
    private let base: UnsafeMutablePointer<Double>
    private let sums: UnsafeMutablePointer<Double>, lows: UnsafeMutablePointer<Double>, highs: UnsafeMutablePointer<Double>

    init(samples: Int, columns: Int, blocks: Int) {
        self.samples = samples; self.columns = columns; self.blocks = blocks
        // Uninitialized: every element is written once, by the worker that
        // owns its block (so page faults happen in parallel).
        base = Self.allocate(max(1, samples * columns))
        sums = .allocate(capacity: blocks * columns)
        lows = .allocate(capacity: blocks * columns)
        highs = .allocate(capacity: blocks * columns)
    }

    deinit {
        free(base)
        sums.deallocate(); lows.deallocate(); highs.deallocate()
    }

    /// Uninitialized memory for `count` values, freed with free() in deinit.
    /// (Transparent huge pages were tried: a sixth of the page faults, but
    /// no faster on this machine, as the kernel then clears 2 MiB at a time.)
    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Double> {
        guard let raw = malloc(count * MemoryLayout<Double>.stride) else { fatalError("out of memory for the draws matrix") }
        return raw.bindMemory(to: Double.self, capacity: count)
    }

    /// Stores a block's rows (`count` draws × `columns`, row-major).
    func store(_ rows: UnsafePointer<Double>, count: Int, block: Int) {
        let first = block * MonteCarlo.blockSize
        // Per-column partials, row by row: independent lanes, in draw order.
        let sum = sums + block * columns, low = lows + block * columns, high = highs + block * columns
        sum.initialize(repeating: 0, count: columns)
        low.initialize(repeating: .infinity, count: columns)
        high.initialize(repeating: -.infinity, count: columns)
        for k in 0..<count {
            let r = rows + k * columns
            for c in 0..<columns {
                let x = r[c]
                sum[c] += x
                low[c] = x < low[c] ? x : low[c]
                high[c] = x > high[c] ? x : high[c]
            }
        }
        for c in 0..<columns {
            let out = base + c * samples + first
            var x = rows + c
            for k in 0..<count { out[k] = x.pointee; x += columns }
        }
    }

    static let probabilities = [0.05, 0.5, 0.95]

    /// Mean and P5/P50/P95 of column `c` (nil when any draw is undefined:
    /// a NaN makes its block's sum NaN).
    func statistic(_ c: Int, _ selector: Statistics.QuantileSelector) -> Statistic? {
        var sum = 0.0, low = Double.infinity, high = -Double.infinity
        for b in 0..<blocks {
            sum += sums[b * columns + c]
            low = Swift.min(low, lows[b * columns + c])
            high = Swift.max(high, highs[b * columns + c])
        }
        if sum.isNaN { return nil }
        // Many outputs do not vary (a fleet's years before it arrives).
        if low == high { return Statistic(mean: low, p5: low, p50: low, p95: low) }
        let column = UnsafeBufferPointer(start: base + c * samples, count: samples)
        var q = (0.0, 0.0, 0.0)
        withUnsafeMutableBytes(of: &q) { raw in
            let out = raw.bindMemory(to: Double.self)
            Self.probabilities.withUnsafeBufferPointer { selector.quantiles(column, low: low, high: high, $0, into: out) }
        }
        return Statistic(mean: sum / Double(samples), p5: q.0, p50: q.1, p95: q.2)
    }
}

/// Hands out 0, step, 2·step, ... to workers, each value once.
/// `@unchecked Sendable` is safe: the counter is only read and written
/// under the lock.
private final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let step: Int

    init(step: Int = 1) { self.step = step }

    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let value = next
        next += step
        return value
    }
}

/// One uncertain input as the draw loop needs it.
private struct Sampler {
    let slot: Int
    let distribution: ProbabilityDistribution
    let lower: Double
    let upper: Double
}

/// Per-column results, each written by the one worker owning that column.
private struct SharedStatistics: @unchecked Sendable {
    let base: UnsafeMutablePointer<Statistic?>
}
