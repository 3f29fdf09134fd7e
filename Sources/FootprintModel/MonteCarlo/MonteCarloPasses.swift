import Foundation
import Dispatch
import GSL

/// What evaluating a range of blocks leaves: per column its sums, minimum,
/// maximum and, per wanted probability, a `QuantileBand`.
struct PartState {
    /// Per block and column (`blocks.count × columns`), when kept.
    var blockSums: [Double]
    /// The sum over the blocks in block order, per column.
    var sums: [Double]
    var low: [Double], high: [Double]
    /// `columns × probabilities`; empty where the column's sum is NaN.
    var bands: [QuantileBand]
}

extension MonteCarlo {
    static let probabilities = [0.05, 0.5, 0.95]
    /// A part whose values fit in this many bytes (or that has at most
    /// `minimumPilotBlocks` blocks) is evaluated once, keeping every value.
    static let onePassBytes = 80 << 20
    /// A larger part keeps every value of its first blocks only, at least
    /// `minimumPilotBlocks` of them, more as long as they fit in this many
    /// bytes: enough for the zones, small enough that memory stays flat.
    static let pilotBytes = 8 << 20
    static let minimumPilotBlocks = 16

    /// How many of a part's `blocks` blocks its pilot keeps, with `row`
    /// values per draw.
    static func pilotBlocks(blocks: Int, row: Int) -> Int {
        let bytesPerBlock = max(1, row * 8 * blockSize)
        if blocks <= max(minimumPilotBlocks, onePassBytes / bytesPerBlock) { return blocks }
        return min(blocks, max(minimumPilotBlocks, pilotBytes / bytesPerBlock))
    }

    /// Evaluates blocks `blocks` of a run of `samples` draws. `window(p, n)`
    /// gives the ranks (0-based among the part's n values) whose band the
    /// part keeps for probability p. `draws` sees every draw once.
    static func evaluate(_ plan: EvaluationPlan, samples: Int, seed: UInt64, threads: Int, columns: SharedColumns,
                         blocks: Range<Int>, keepBlockSums: Bool, window: (Double, Int) -> (Int, Int), pilot pilotSize: Int? = nil,
                         windowSigmas: Double? = 6, progress: (@Sendable (Int) -> Void)?, draws: (any DrawObserver)? = nil) -> PartState {
        let row = columns.row
        // Columns 0..<q have percentiles; the rest only their sums.
        let q = columns.percentileColumns
        let ps = probabilities.count
        let drawsIn = { (b: Int) in min(samples, (b + 1) * blockSize) - b * blockSize }
        let n = blocks.reduce(0) { $0 + drawsIn($1) }
        let pilotBlocks = min(blocks.count, pilotSize ?? Self.pilotBlocks(blocks: blocks.count, row: q))
        let rest = (blocks.lowerBound + pilotBlocks)..<blocks.upperBound
        let m = (blocks.lowerBound..<rest.lowerBound).reduce(0) { $0 + drawsIn($1) }
        let sampling = DrawSampling(plan: plan, seed: seed, columns: columns)
        let sums = BlockSums(columns: row, first: blocks.lowerBound, blocks: blocks.count, keep: keepBlockSums)

        // Pilot: every value of its blocks' percentile columns, column-major.
        let pilot = ColumnMatrix(rows: m, columns: q)
        let extremes = Extremes(columns: row)
        let pilotCounter = WorkCounter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, pilotBlocks))) { _ in
            let worker = sampling.worker(draws: draws)
            while case let i = pilotCounter.take(), i < pilotBlocks {
                let b = blocks.lowerBound + i
                let count = worker.firstVisit(block: b, samples: samples, sums: sums)
                pilot.store(worker.rows, count: count, stride: row, at: (b - blocks.lowerBound) * blockSize)
                progress?(count)
            }
            extremes.merge(low: worker.low, high: worker.high)
        }
        let pilotSums = sums.totalSoFar()
        let live = (0..<row).map { !pilotSums[$0].isNaN }
        let pilotLow = extremes.low, pilotHigh = extremes.high

        // A part that fits in its pilot: each band straight from the values.
        if rest.isEmpty {
            let windows = probabilities.map { window($0, m) }
            var bands = [QuantileBand](repeating: QuantileBand(below: 0, values: [], counts: [], above: 0), count: row * ps)
            bands.withUnsafeMutableBufferPointer { out in
                let results = SharedBands(base: out.baseAddress!)
                let next = WorkCounter(step: 8)
                DispatchQueue.concurrentPerform(iterations: max(1, min(threads, q))) { _ in
                    let selector = Statistics.QuantileSelector(capacity: m)
                    var ranks = [Int](repeating: 0, count: 2 * ps), values = [Double](repeating: 0, count: 2 * ps)
                    while case let first = next.take(), first < q {
                        for c in first..<min(q, first + 8) where live[c] {
                            let x = pilot.column(c), low = pilotLow[c], high = pilotHigh[c]
                            if low == high {
                                for j in 0..<ps { results.base[c * ps + j] = QuantileBand(below: 0, values: [low], counts: [m], above: 0) }
                                continue
                            }
                            for j in 0..<ps { (ranks[2 * j], ranks[2 * j + 1]) = windows[j] }
                            // Ascending for the selector: windows of ascending
                            // probabilities may overlap but their ends ascend.
                            let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
                            let sortedRanks = order.map { ranks[$0] }
                            sortedRanks.withUnsafeBufferPointer { r in
                                values.withUnsafeMutableBufferPointer { v in selector.values(x, low: low, high: high, ranks: r, into: v) }
                            }
                            var byRank = [Double](repeating: 0, count: 2 * ps)
                            for (i, o) in order.enumerated() { byRank[o] = values[i] }
                            for j in 0..<ps {
                                results.base[c * ps + j] = QuantileBand.between(byRank[2 * j], byRank[2 * j + 1], of: x,
                                                                                lowRank: ranks[2 * j], highRank: ranks[2 * j + 1])
                            }
                        }
                    }
                }
            }
            return PartState(blockSums: sums.kept, sums: pilotSums, low: pilotLow, high: pilotHigh, bands: bands)
        }

        // One pass with windows, when their values fit; if a rank fell
        // outside its window (rarely), everything again with two passes.
        if let windowSigmas {
            let windowed = windowedPass(sampling: sampling, samples: samples, threads: threads, blocks: blocks, rest: rest,
                                        pilot: pilot, live: live, low: pilotLow, high: pilotHigh, sums: sums, extremes: extremes,
                                        window: window, sigmas: windowSigmas, progress: progress, draws: draws)
            switch windowed {
            case .notUsed: break
            case let .bands(bands):
                return PartState(blockSums: sums.kept, sums: sums.totalSoFar(), low: extremes.low, high: extremes.high, bands: bands)
            case .missed:
                return evaluate(plan, samples: samples, seed: seed, threads: threads, columns: columns, blocks: blocks,
                                keepBlockSums: keepBlockSums, window: window, pilot: pilotSize, windowSigmas: nil, progress: nil, draws: nil)
            }
        }

        // Zones from the pilot's order statistics around the wanted ranks.
        var zones = [QuantileZone](repeating: QuantileZone(a: 0, b: 0), count: q)
        zones.withUnsafeMutableBufferPointer { out in
            let results = SharedZones(base: out.baseAddress!)
            let next = WorkCounter(step: 8)
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, q))) { _ in
                let selector = Statistics.QuantileSelector(capacity: m)
                var ends = [0.0, 0.0]
                while case let first = next.take(), first < q {
                    for c in first..<min(q, first + 8) where live[c] && pilotLow[c] < pilotHigh[c] {
                        let (lo, hi) = QuantileZone.ranks(pilot: m, low: probabilities[0], high: probabilities[ps - 1])
                        [lo, hi].withUnsafeBufferPointer { r in
                            ends.withUnsafeMutableBufferPointer { v in
                                selector.values(pilot.column(c), low: pilotLow[c], high: pilotHigh[c], ranks: r, into: v)
                            }
                        }
                        results.base[c] = QuantileZone(a: ends[0], b: ends[1])
                    }
                    for c in first..<min(q, first + 8) where live[c] && pilotLow[c] == pilotHigh[c] {
                        results.base[c] = QuantileZone(a: pilotLow[c], b: pilotLow[c])
                    }
                }
            }
        }
        let frozenZones = zones

        // Pass 1: count every value in its zone's regions, row by row (a
        // column whose pilot held NaN is counted too, harmlessly: its sum
        // is NaN and it has no statistic).
        let regions = QuantileZone.regions
        let histogram = Histogram(count: q * regions)
        do {
            let counter = WorkCounter()
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, rest.count))) { _ in
                let worker = sampling.worker(draws: draws)
                let local = Histogram(count: q * regions)
                frozenZones.withUnsafeBufferPointer { zones in
                    let h = local.counts
                    while case let i = counter.take(), i < rest.count {
                        let b = rest.lowerBound + i
                        let count = worker.firstVisit(block: b, samples: samples, sums: sums)
                        for k in 0..<count {
                            let r = worker.rows + k * row
                            var offset = 0
                            for c in 0..<q {
                                h[offset &+ zones[c].region(r[c])] &+= 1
                                offset &+= regions
                            }
                        }
                        progress?(count / 2)
                    }
                }
                histogram.add(local)
                extremes.merge(low: worker.low, high: worker.high)
            }
        }
        let low = extremes.low, high = extremes.high
        for c in 0..<q where live[c] {
            let zone = zones[c], h = histogram.counts + c * regions
            for x in pilot.column(c) { h[zone.region(x)] &+= 1 }
        }

        // Which regions hold each band's ranks.
        var wanting = [RegionWant](repeating: RegionWant(), count: q * ps)
        for c in 0..<q where live[c] && low[c] < high[c] {
            let h = histogram.counts + c * regions
            for (j, p) in probabilities.enumerated() {
                let (r0, r1) = window(p, n)
                var w = RegionWant(lowRank: r0, highRank: r1)
                var below = 0
                for r in 0..<regions {
                    let size = Int(h[r])
                    if w.first < 0 && r0 < below + size { w.first = r; w.before = below }
                    if r1 < below + size { w.last = r; w.size = below + size - w.before; break }
                    below += size
                }
                wanting[c * ps + j] = w
            }
        }
        let wants = wanting
        // Per column, the union of its probabilities' regions (a value may
        // belong to several bands).
        let spans: [(first: Int, last: Int)] = (0..<q).map { c in
            var first = Int.max, last = -1
            for j in 0..<ps where wants[c * ps + j].first >= 0 {
                first = Swift.min(first, wants[c * ps + j].first); last = Swift.max(last, wants[c * ps + j].last)
            }
            return (first, last)
        }

        // Pass 2: the values of those regions, from the pilot and again
        // from the remaining blocks (their draws are reproducible).
        var gathered = [[Double]](repeating: [], count: q * ps)
        for c in 0..<q where spans[c].last >= 0 {
            let zone = zones[c]
            for j in 0..<ps where wants[c * ps + j].first >= 0 { gathered[c * ps + j].reserveCapacity(wants[c * ps + j].size) }
            for x in pilot.column(c) {
                let r = zone.region(x)
                guard r >= spans[c].first && r <= spans[c].last else { continue }
                for j in 0..<ps where r >= wants[c * ps + j].first && r <= wants[c * ps + j].last { gathered[c * ps + j].append(x) }
            }
        }
        let wanted = (0..<q).filter { spans[$0].last >= 0 }
        if !wanted.isEmpty {
            let counter = WorkCounter()
            let shared = Gathered(gathered)
            // Per wanted column: its zone, and for each probability the
            // first and last region it wants (none: Int.max, −1).
            let wantedZones = wanted.map { frozenZones[$0] }
            var wantedRanges: [Int] = []
            wantedRanges.reserveCapacity(wanted.count * 2 * ps)
            for c in wanted {
                for j in 0..<ps {
                    let w = wants[c * ps + j]
                    wantedRanges += w.first >= 0 ? [w.first, w.last] : [Int.max, -1]
                }
            }
            let ranges = wantedRanges
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, rest.count))) { _ in
                let worker = sampling.worker(draws: nil)
                var local = [[Double]](repeating: [], count: q * ps)
                wanted.withUnsafeBufferPointer { wanted in
                    wantedZones.withUnsafeBufferPointer { zones in
                        ranges.withUnsafeBufferPointer { ranges in
                            while case let i = counter.take(), i < rest.count {
                                let count = worker.evaluate(block: rest.lowerBound + i, samples: samples, record: false)
                                for k in 0..<count {
                                    let r = worker.rows + k * row
                                    var f = ranges.baseAddress!
                                    for w in 0..<wanted.count {
                                        let c = wanted[w], x = r[c]
                                        let region = zones[w].region(x)
                                        for j in 0..<ps where region >= f[2 &* j] && region <= f[2 &* j &+ 1] {
                                            local[c &* ps &+ j].append(x)
                                        }
                                        f += 2 &* ps
                                    }
                                }
                                progress?(count - count / 2)
                            }
                        }
                    }
                }
                shared.append(local)
            }
            gathered = shared.values
        } else {
            progress?(rest.reduce(0) { $0 + drawsIn($1) - drawsIn($1) / 2 })
        }
        var bands = [QuantileBand](repeating: QuantileBand(below: 0, values: [], counts: [], above: 0), count: row * ps)
        for c in 0..<q where live[c] {
            for j in 0..<ps {
                if low[c] == high[c] {
                    bands[c * ps + j] = QuantileBand(below: 0, values: [low[c]], counts: [n], above: 0)
                    continue
                }
                let w = wants[c * ps + j]
                var values = gathered[c * ps + j]
                precondition(values.count == w.size, "pass 2 gathered \(values.count) values where pass 1 counted \(w.size)")
                values.sort()
                bands[c * ps + j] = QuantileBand.from(sorted: values, before: w.before, total: n, lowRank: w.lowRank, highRank: w.highRank)
            }
        }
        return PartState(blockSums: sums.kept, sums: sums.totalSoFar(), low: low, high: high, bands: bands)
    }
}

/// The regions (first...last) of a zone that hold ranks lowRank...highRank
/// of a part, `before` values lying below them and `size` inside them.
private struct RegionWant {
    var first = -1, last = -1, before = 0, size = 0, lowRank = 0, highRank = 0
}

/// Which values of a draw's evaluation are kept, in column order: the
/// outputs with percentiles, then (with `intensities`) the intensities of
/// each scope from its whole-horizon values, which have percentiles too,
/// then the outputs with a mean only.
struct SharedColumns: Sendable {
    let layout: ResultLayout
    /// Value indices.
    let percentiles: [Int]
    let intensities: Bool
    let means: [Int]

    /// Columns with percentiles: they come first.
    var percentileColumns: Int { percentiles.count + (intensities ? layout.scopes * IntensityMetric.allCases.count : 0) }
    var row: Int { percentileColumns + means.count }

    /// One draw's row.
    func gather(_ v: UnsafeBufferPointer<Double>, into row: UnsafeMutablePointer<Double>) {
        var x = row
        percentiles.withUnsafeBufferPointer { columns in
            for i in columns { x.pointee = v[i]; x += 1 }
        }
        if intensities {
            for scope in 0..<layout.scopes {
                for im in IntensityMetric.allCases {
                    x.pointee = im.compute { v[layout.offset(scope: scope, period: layout.wholeHorizon, metric: $0)] } ?? .nan
                    x += 1
                }
            }
        }
        means.withUnsafeBufferPointer { columns in
            for i in columns { x.pointee = v[i]; x += 1 }
        }
    }
}

/// What every worker needs to evaluate draws.
struct DrawSampling: Sendable {
    let plan: EvaluationPlan
    let seed: UInt64
    let columns: SharedColumns
    let samplers: [Sampler]

    init(plan: EvaluationPlan, seed: UInt64, columns: SharedColumns) {
        self.plan = plan; self.seed = seed; self.columns = columns
        samplers = plan.parameters.indices.compactMap { s in
            guard plan.parameters[s].isUncertain, case let .distribution(d) = plan.parameters[s].value else { return nil }
            let b = plan.parameters[s].bounds
            return Sampler(slot: s, distribution: d, lower: b.lower, upper: b.upper)
        }
    }

    func worker(draws: (any DrawObserver)?) -> DrawWorker { DrawWorker(self, draws: draws) }
}

/// One worker's engine and scratch rows (not shared between threads).
final class DrawWorker {
    let sampling: DrawSampling
    let engine: Engine
    var values: [Double]
    /// A block's rows, `blockSize × columns`, row-major.
    let rows: UnsafeMutablePointer<Double>
    private let sums: UnsafeMutablePointer<Double>
    /// Per column, the least and greatest value of the blocks summed since
    /// `resetExtremes`.
    let low: UnsafeMutablePointer<Double>, high: UnsafeMutablePointer<Double>
    private let drawRows: DrawRows?

    init(_ sampling: DrawSampling, draws: (any DrawObserver)?) {
        self.sampling = sampling
        // The engine computes only what is gathered and observed.
        let columns = sampling.columns, layout = columns.layout
        let whole = { (scope: Int) in Metric.allCases.map { layout.offset(scope: scope, period: layout.wholeHorizon, metric: $0) } }
        engine = Engine(plan: sampling.plan, reads: columns.percentiles + columns.means
            + (columns.intensities ? (0..<layout.scopes).flatMap(whole) : []) + (draws == nil ? [] : whole(layout.index(.total))))
        values = sampling.plan.centralValues
        rows = .allocate(capacity: MonteCarlo.blockSize * sampling.columns.row)
        sums = .allocate(capacity: sampling.columns.row)
        low = .allocate(capacity: sampling.columns.row)
        high = .allocate(capacity: sampling.columns.row)
        drawRows = draws.map { DrawRows(plan: sampling.plan, observer: $0) }
        resetExtremes()
    }

    deinit { rows.deallocate(); sums.deallocate(); low.deallocate(); high.deallocate() }

    func resetExtremes() {
        low.initialize(repeating: .infinity, count: sampling.columns.row)
        high.initialize(repeating: -.infinity, count: sampling.columns.row)
    }

    /// Evaluates block `b`'s draws into `rows`, handing them to the draw
    /// observer if `record`; how many there are.
    func evaluate(block b: Int, samples: Int, record: Bool) -> Int {
        let stream = RandomStream(seed: sampling.seed, stream: UInt64(b))
        let first = b * MonteCarlo.blockSize, count = min(samples, first + MonteCarlo.blockSize) - first
        let row = sampling.columns.row
        let observed = record ? drawRows : nil
        for k in 0..<count {
            values.withUnsafeMutableBufferPointer { v in
                sampling.samplers.withUnsafeBufferPointer { samplers in
                    for s in samplers { v[s.slot] = Swift.min(Swift.max(s.distribution.sample(stream), s.lower), s.upper) }
                }
                engine.evaluate(UnsafeBufferPointer(v))
            }
            engine.result.values.withUnsafeBufferPointer { sampling.columns.gather($0, into: rows + k * row) }
            if let observed {
                values.withUnsafeBufferPointer { p in engine.result.values.withUnsafeBufferPointer { observed.record(k, parameters: p, values: $0) } }
            }
        }
        observed?.flush(block: b, firstDraw: first, count: count)
        return count
    }

    /// Block `b`'s first evaluation: the draw observer sees its draws and
    /// its sums go to `sums`; how many draws it has.
    func firstVisit(block b: Int, samples: Int, sums: BlockSums) -> Int {
        let count = evaluate(block: b, samples: samples, record: true)
        sums.add(blockSums(count: count), block: b)
        return count
    }

    /// Per column, the sum of the block's `count` rows in draw order; the
    /// rows' values also update `low` and `high`.
    func blockSums(count: Int) -> UnsafeBufferPointer<Double> {
        let row = sampling.columns.row
        sums.initialize(repeating: 0, count: row)
        for k in 0..<count {
            let r = rows + k * row
            for c in 0..<row {
                let x = r[c]
                sums[c] += x
                low[c] = x < low[c] ? x : low[c]
                high[c] = x > high[c] ? x : high[c]
            }
        }
        return UnsafeBufferPointer(start: sums, count: row)
    }
}

/// One uncertain input as the draw loop needs it.
struct Sampler: Sendable {
    let slot: Int
    let distribution: ProbabilityDistribution
    let lower: Double
    let upper: Double
}

/// Per-column results, each written by the one worker owning that column.
private struct SharedBands: @unchecked Sendable {
    let base: UnsafeMutablePointer<QuantileBand>
}

private struct SharedZones: @unchecked Sendable {
    let base: UnsafeMutablePointer<QuantileZone>
}
