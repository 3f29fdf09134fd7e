import Foundation
import Dispatch
import GSL

/// What evaluating a range of blocks leaves: per column its sums, minimum,
/// maximum and, per wanted probability, a `QuantileBand`. Memory does not
/// grow with the draws: the pilot's values (a fixed budget), histograms of
/// a fixed size, and the values of the few buckets holding the wanted
/// ranks (a bucket is a 1024th of a zone a few pilot standard errors wide,
/// so it holds a small share of the draws).
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
    /// The pilot keeps every value of its first blocks: at least 16 blocks,
    /// more as long as they fit in this many bytes. A part no larger than
    /// its pilot is evaluated once.
    static let pilotBytes = 8 << 20
    static let minimumPilotBlocks = 16

    /// Evaluates blocks `blocks` of a run of `samples` draws. `window(p, n)`
    /// gives the ranks (0-based among the part's n values) whose band the
    /// part keeps for probability p.
    static func evaluate(_ plan: EvaluationPlan, samples: Int, seed: UInt64, threads: Int, columns: SharedColumns,
                         blocks: Range<Int>, keepBlockSums: Bool, window: (Double, Int) -> (Int, Int), pilot pilotSize: Int? = nil,
                         progress: (@Sendable (Int) -> Void)?) -> PartState {
        let row = columns.row
        let ps = probabilities.count
        let draws = { (b: Int) in min(samples, (b + 1) * blockSize) - b * blockSize }
        let n = blocks.reduce(0) { $0 + draws($1) }
        let pilotBlocks = min(blocks.count, pilotSize ?? max(minimumPilotBlocks, pilotBytes / max(1, row * 8 * blockSize)))
        let rest = (blocks.lowerBound + pilotBlocks)..<blocks.upperBound
        let m = (blocks.lowerBound..<rest.lowerBound).reduce(0) { $0 + draws($1) }
        let sampling = DrawSampling(plan: plan, seed: seed, columns: columns)
        let sums = BlockSums(columns: row, first: blocks.lowerBound, blocks: blocks.count, keep: keepBlockSums)

        // Pilot: every value of its blocks, column-major.
        let pilot = ColumnMatrix(rows: m, columns: row)
        let pilotCounter = WorkCounter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, pilotBlocks))) { _ in
            let worker = sampling.worker()
            while case let i = pilotCounter.take(), i < pilotBlocks {
                let b = blocks.lowerBound + i
                let count = worker.evaluate(block: b, samples: samples)
                sums.add(worker.blockSums(count: count), block: b)
                pilot.store(worker.rows, count: count, at: b * blockSize - blocks.lowerBound * blockSize)
                progress?(count)
            }
        }
        var low = [Double](repeating: .infinity, count: row), high = [Double](repeating: -.infinity, count: row)
        pilot.sortColumns(threads: threads, low: &low, high: &high)
        let pilotSums = sums.totalSoFar()
        let live = (0..<row).map { !pilotSums[$0].isNaN }
        let zones: [QuantileZone] = (0..<row).map { c in
            live[c] && m > 0 ? QuantileZone(pilot: pilot.column(c), low: probabilities[0], high: probabilities[ps - 1]) : QuantileZone(a: 0, b: 0)
        }

        // Pass 1: count every value in its zone regions.
        let regions = QuantileZone.regions
        let histogram = Histogram(count: row * regions)
        if !rest.isEmpty {
            let counter = WorkCounter()
            let extremes = Extremes(low: low, high: high)
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, rest.count))) { _ in
                let worker = sampling.worker()
                let local = Histogram(count: row * regions)
                var lo = [Double](repeating: .infinity, count: row), hi = [Double](repeating: -.infinity, count: row)
                zones.withUnsafeBufferPointer { zones in
                    while case let i = counter.take(), i < rest.count {
                        let b = rest.lowerBound + i
                        let count = worker.evaluate(block: b, samples: samples)
                        sums.add(worker.blockSums(count: count), block: b)
                        let columns = worker.transposed(count: count)
                        for c in 0..<row where live[c] {
                            let x = columns + c * blockSize
                            var l = lo[c], u = hi[c]
                            for k in 0..<count {
                                l = x[k] < l ? x[k] : l
                                u = x[k] > u ? x[k] : u
                            }
                            lo[c] = l; hi[c] = u
                            let zone = zones[c], h = local.counts + c * regions
                            for k in 0..<count { h[zone.region(x[k])] &+= 1 }
                        }
                        progress?(count / 2)
                    }
                }
                histogram.add(local)
                extremes.merge(low: lo, high: hi)
            }
            (low, high) = (extremes.low, extremes.high)
        }
        for c in 0..<row where live[c] {
            let zone = zones[c], h = histogram.counts + c * regions
            for x in pilot.column(c) { h[zone.region(x)] &+= 1 }
        }

        // Which regions hold each band's ranks.
        struct Want { var first = -1, last = -1, before = 0, size = 0, lowRank = 0, highRank = 0 }
        var wanting = [Want](repeating: Want(), count: row * ps)
        for c in 0..<row where live[c] && low[c] < high[c] {
            for (j, p) in probabilities.enumerated() {
                let (r0, r1) = window(p, n)
                let h = histogram.counts + c * regions
                var w = Want(lowRank: r0, highRank: r1)
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

        // Pass 2: the values of those regions, from the pilot and again
        // from the remaining blocks (their draws are reproducible).
        var gathered = [[Double]](repeating: [], count: row * ps)
        for c in 0..<row {
            for j in 0..<ps where wants[c * ps + j].first >= 0 {
                let w = wants[c * ps + j], zone = zones[c]
                gathered[c * ps + j].reserveCapacity(w.size)
                for x in pilot.column(c) {
                    let r = zone.region(x)
                    if r >= w.first && r <= w.last { gathered[c * ps + j].append(x) }
                }
            }
        }
        let wanted = (0..<row).filter { c in (0..<ps).contains { wants[c * ps + $0].first >= 0 } }
        if !rest.isEmpty && !wanted.isEmpty {
            let counter = WorkCounter()
            let shared = Gathered(gathered)
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, rest.count))) { _ in
                let worker = sampling.worker()
                var local = [[Double]](repeating: [], count: row * ps)
                while case let i = counter.take(), i < rest.count {
                    let count = worker.evaluate(block: rest.lowerBound + i, samples: samples)
                    let columns = worker.transposed(count: count)
                    for c in wanted {
                        let x = columns + c * blockSize, zone = zones[c]
                        // The wanted regions of the column's probabilities
                        // (a value may belong to several).
                        var first = Int.max, last = -1
                        for j in 0..<ps where wants[c * ps + j].first >= 0 {
                            first = Swift.min(first, wants[c * ps + j].first); last = Swift.max(last, wants[c * ps + j].last)
                        }
                        for k in 0..<count {
                            let r = zone.region(x[k])
                            guard r >= first && r <= last else { continue }
                            for j in 0..<ps where r >= wants[c * ps + j].first && r <= wants[c * ps + j].last {
                                local[c * ps + j].append(x[k])
                            }
                        }
                    }
                    progress?(count - count / 2)
                }
                shared.append(local)
            }
            gathered = shared.values
        }
        var bands = [QuantileBand](repeating: QuantileBand(below: 0, values: [], counts: [], above: 0), count: row * ps)
        for c in 0..<row where live[c] {
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

/// Which values of a draw's evaluation are kept, in column order.
struct SharedColumns: Sendable {
    let layout: ResultLayout
    /// The value index of each column; then the intensities of each scope
    /// from its whole-horizon values.
    let needed: [Int]

    var row: Int { needed.count + layout.scopes * IntensityMetric.allCases.count }

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

    func worker() -> DrawWorker { DrawWorker(self) }
}

/// One worker's engine and scratch rows (not shared between threads).
final class DrawWorker {
    let sampling: DrawSampling
    let engine: Engine
    var values: [Double]
    /// A block's rows, `blockSize × columns`, row-major.
    let rows: UnsafeMutablePointer<Double>
    private let sums: UnsafeMutablePointer<Double>
    private let byColumn: UnsafeMutablePointer<Double>

    init(_ sampling: DrawSampling) {
        self.sampling = sampling
        engine = Engine(plan: sampling.plan)
        values = sampling.plan.centralValues
        rows = .allocate(capacity: MonteCarlo.blockSize * sampling.columns.row)
        sums = .allocate(capacity: sampling.columns.row)
        byColumn = .allocate(capacity: MonteCarlo.blockSize * sampling.columns.row)
    }

    deinit { rows.deallocate(); sums.deallocate(); byColumn.deallocate() }

    /// Evaluates block `b`'s draws into `rows`; how many there are.
    func evaluate(block b: Int, samples: Int) -> Int {
        let stream = RandomStream(seed: sampling.seed, stream: UInt64(b))
        let first = b * MonteCarlo.blockSize, count = min(samples, first + MonteCarlo.blockSize) - first
        let row = sampling.columns.row
        for k in 0..<count {
            values.withUnsafeMutableBufferPointer { v in
                sampling.samplers.withUnsafeBufferPointer { samplers in
                    for s in samplers { v[s.slot] = Swift.min(Swift.max(s.distribution.sample(stream), s.lower), s.upper) }
                }
                engine.evaluate(UnsafeBufferPointer(v))
            }
            engine.result.values.withUnsafeBufferPointer { sampling.columns.gather($0, into: rows + k * row) }
        }
        return count
    }

    /// The block's `count` rows transposed: column c's values at
    /// `c × blockSize`.
    func transposed(count: Int) -> UnsafePointer<Double> {
        let row = sampling.columns.row
        for k in 0..<count {
            let r = rows + k * row
            for c in 0..<row { byColumn[c * MonteCarlo.blockSize + k] = r[c] }
        }
        return UnsafePointer(byColumn)
    }

    /// Per column, the sum of the block's `count` rows in draw order.
    func blockSums(count: Int) -> UnsafeBufferPointer<Double> {
        let row = sampling.columns.row
        sums.initialize(repeating: 0, count: row)
        for k in 0..<count {
            let r = rows + k * row
            for c in 0..<row { sums[c] += r[c] }
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
