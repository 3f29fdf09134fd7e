import Foundation
import GSL

/// A range of blocks of a run to evaluate, and for whom.
struct PartRun {
    let sampling: DrawSampling
    let samples: Int
    let blocks: Range<Int>
    let threads: Int
    let ranks: BandRanks
    /// Whether each block's sums are kept (a shard's part file needs them).
    let keepBlockSums: Bool
    let progress: (@Sendable (Int) -> Void)?
    /// Sees every draw once.
    let draws: (any DrawObserver)?

    var columns: KeptColumns { sampling.columns }

    func drawCount(block b: Int) -> Int { min(samples, (b + 1) * MonteCarlo.blockSize) - b * MonteCarlo.blockSize }

    func drawCount(blocks range: Range<Int>) -> Int { range.reduce(0) { $0 + drawCount(block: $1) } }

    /// The same part, with nobody told about its draws (evaluating it again).
    var quiet: PartRun {
        PartRun(sampling: sampling, samples: samples, blocks: blocks, threads: threads, ranks: ranks, keepBlockSums: keepBlockSums,
                progress: nil, draws: nil)
    }
}

/// Which ranks (0-based among a part's n values) a part keeps a band of
/// for each wanted probability.
enum BandRanks {
    /// A whole run: the two ranks the percentile interpolates between.
    case interpolated
    /// A shard's part: those and `QuantileRank.margin` (slack 16) more
    /// either side, so that the whole run's ranks lie in every part's band.
    case mergeable

    func ranks(_ p: Double, of n: Int) -> (Int, Int) {
        let rank = QuantileRank(p, of: n)
        switch self {
        case .interpolated:
            return (rank.lower, rank.upper)
        case .mergeable:
            let w = Int(QuantileRank.margin(p, of: n, slack: 16))
            return (max(0, rank.lower - w), min(n - 1, rank.lower + 1 + w))
        }
    }
}

/// What evaluating a range of blocks leaves: per column its sums, minimum,
/// maximum and, per wanted probability, a `QuantileBand`.
struct PartState {
    /// Per block and column (`blocks.count × columns`), when kept.
    var blockSums: [Double]
    /// The sum over the blocks in block order, per column.
    var sums: [Double]
    var low: [Double], high: [Double]
    /// `columns × probabilities`; `.none` where the column's sum is NaN.
    var bands: [QuantileBand]
}

/// A part whose pilot is evaluated, and the strategies that finish it: `keepAll`
/// when the pilot is the whole part, else `windowed` or `twoPasses`.
struct PartEvaluation {
    let part: PartRun
    let pilot: Pilot
    /// The blocks past the pilot.
    let rest: Range<Int>
    /// Draws in the part.
    let n: Int
    let sums: Locked<OrderedSums>

    static func evaluate(_ part: PartRun, tuning: MonteCarlo.Tuning) -> PartState {
        let sums = Locked(OrderedSums(columns: part.columns.row, first: part.blocks.lowerBound, blocks: part.blocks.count,
                                      keep: part.keepBlockSums))
        let pilotBlocks = tuning.pilotBlocks(blocks: part.blocks.count, row: part.columns.percentileColumns)
        let pilotRange = part.blocks.lowerBound..<(part.blocks.lowerBound + pilotBlocks)
        let evaluation = PartEvaluation(part: part, pilot: Pilot(part, blocks: pilotRange, sums: sums),
                                        rest: pilotRange.upperBound..<part.blocks.upperBound,
                                        n: part.drawCount(blocks: part.blocks), sums: sums)
        if evaluation.rest.isEmpty { return evaluation.keepAll() }
        if case let .windowed(sigmas) = tuning.pastPilot {
            switch evaluation.windowed(sigmas: sigmas, budget: tuning.windowBytes) {
            case .notUsed: break
            case let .done(state): return state
            case .missed:
                // Rarely: everything again, in two passes.
                var again = tuning
                again.pastPilot = .twoPasses
                return evaluate(part.quiet, tuning: again)
            }
        }
        return evaluation.twoPasses()
    }

    /// The pilot is the whole part: each band straight from its values,
    /// between those at its ranks.
    func keepAll() -> PartState {
        let ranks = MonteCarlo.probabilities.flatMap { p in
            let (r0, r1) = part.ranks.ranks(p, of: n)
            return [r0, r1]
        }
        let windows = SharedBuffer(repeating: Double.nan, count: pilot.columns * ranks.count)
        pilot.select(ranks: ranks, threads: part.threads) { c, values in
            for (i, x) in values.enumerated() { windows[c * ranks.count + i] = x }
        }
        var (inside, below) = pilot.collect(windows: windows.array, threads: part.threads)
        guard let bands = bands(&inside, below: below, extremes: pilot.extremes) else {
            preconditionFailure("a window between the values at its ranks holds them")
        }
        return state(bands: bands, extremes: pilot.extremes)
    }

    /// Each live percentile column's bands from `lists[c × probabilities +
    /// j]`, values kept around the wanted ranks with `below` more lying
    /// below them; nil when a list does not hold its ranks.
    func bands(_ lists: inout [[Double]], below: [Int], extremes: Extremes) -> [QuantileBand]? {
        let ps = MonteCarlo.probabilities.count
        let ranks = MonteCarlo.probabilities.map { part.ranks.ranks($0, of: n) }
        var bands = [QuantileBand](repeating: .none, count: part.columns.row * ps)
        for c in 0..<pilot.columns where pilot.live[c] {
            for j in 0..<ps {
                if extremes.low[c] == extremes.high[c] {
                    bands[c * ps + j] = .constant(extremes.low[c], count: n)
                    continue
                }
                let i = c * ps + j, (r0, r1) = ranks[j]
                guard below[i] <= r0 && r1 < below[i] + lists[i].count else { return nil }
                lists[i].sort()
                bands[i] = QuantileBand.from(sorted: lists[i], before: below[i], total: n, lowRank: r0, highRank: r1)
                lists[i] = []
            }
        }
        return bands
    }

    func state(bands: [QuantileBand], extremes: Extremes) -> PartState {
        PartState(blockSums: sums.withLock(\.kept), sums: sums.withLock(\.totalSoFar), low: extremes.low, high: extremes.high,
                  bands: bands)
    }
}

/// Every percentile value of a part's first blocks, column-major, from
/// their first visit (which also adds their sums).
struct Pilot {
    /// Draws.
    let rows: Int
    /// Percentile columns.
    let columns: Int
    let values: SharedBuffer<Double>
    /// Over every column of the pilot's draws.
    let extremes: Extremes
    /// Columns whose sum over the pilot is not NaN.
    let live: [Bool]

    init(_ part: PartRun, blocks: Range<Int>, sums: Locked<OrderedSums>) {
        let m = part.drawCount(blocks: blocks), q = part.columns.percentileColumns, row = part.columns.row
        rows = m; columns = q
        // Every block writes its rows of every column.
        let values = SharedBuffer<Double>(uninitializedCount: m * q)
        let workers = ParallelBlocks.run(blocks.count, threads: part.threads, state: { part.sampling.worker(draws: part.draws) }) { worker, i in
            let count = worker.firstVisit(block: blocks.lowerBound + i, samples: part.samples, sums: sums)
            // Each block's rows into its own place of every column.
            for c in 0..<q {
                let out = values.base + c * m + i * MonteCarlo.blockSize
                var x = UnsafePointer(worker.rows) + c
                for k in 0..<count { out[k] = x.pointee; x += row }
            }
            part.progress?(count)
        }
        var extremes = Extremes(columns: row)
        for w in workers { extremes.merge(w) }
        self.values = values; self.extremes = extremes
        live = sums.withLock(\.totalSoFar).map { !$0.isNaN }
    }

    func column(_ c: Int) -> UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: values.base + c * rows, count: rows) }

    /// Per (column, probability), the pilot's values inside the window
    /// `[windows[2i], windows[2i + 1]]` (i = column × probabilities +
    /// probability) and how many lie below it; a NaN window keeps and
    /// counts nothing.
    func collect(windows: [Double], threads: Int) -> (inside: [[Double]], below: [Int]) {
        let ps = MonteCarlo.probabilities.count
        let inside = SharedBuffer(repeating: [Double](), count: columns * ps)
        let below = SharedBuffer(repeating: 0, count: columns * ps)
        _ = ParallelBlocks.run(columns, threads: threads, chunk: 8, state: {}) { _, c in
            guard live[c] else { return }
            for i in (c * ps)..<((c + 1) * ps) {
                let a = windows[2 * i], z = windows[2 * i + 1]
                var values: [Double] = [], under = 0
                for x in column(c) {
                    if x < a { under += 1 } else if x <= z { values.append(x) }
                }
                inside[i] = values; below[i] = under
            }
        }
        return (inside.array, below.array)
    }

    /// Calls `body(c, values)` on several threads, once for every live
    /// column that is not constant, with its values at `ranks` (in the
    /// order given), selected without sorting.
    func select(ranks: [Int], threads: Int, _ body: @Sendable (Int, [Double]) -> Void) {
        // Ascending for the selector, and where each value goes.
        let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
        let ascending = order.map { ranks[$0] }
        let low = extremes.low, high = extremes.high
        _ = ParallelBlocks.run(columns, threads: threads, chunk: 8, state: {
            (Statistics.QuantileSelector(capacity: rows), [Double](repeating: 0, count: ranks.count))
        }) { scratch, c in
            guard live[c] && low[c] < high[c] else { return }
            ascending.withUnsafeBufferPointer { r in
                scratch.1.withUnsafeMutableBufferPointer { v in scratch.0.values(column(c), low: low[c], high: high[c], ranks: r, into: v) }
            }
            var byRank = [Double](repeating: 0, count: ranks.count)
            for (i, o) in order.enumerated() { byRank[o] = scratch.1[i] }
            body(c, byRank)
        }
    }
}
