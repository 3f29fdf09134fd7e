import Foundation
import Dispatch
import GSL

extension MonteCarlo {
    /// The most bytes of values the windowed pass may keep (its estimate).
    /// Kept values grow as n/√m with n draws and a pilot of m, so a larger
    /// budget would break flat memory: with 32 MiB a million draws of the
    /// default table took half the time of two passes but twice the memory
    /// of ten thousand (57 against 29 MB).
    static let windowBytes = 8 << 20

    enum Windowed {
        /// The windows would keep too many values: nothing was evaluated.
        case notUsed
        case bands([QuantileBand])
        /// A rank fell outside its window: the blocks past the pilot were
        /// evaluated (their sums added), but the bands are not known.
        case missed
    }

    /// The blocks past the pilot in one pass: per percentile column and
    /// probability, a window of values from the pilot — its order
    /// statistics at the wanted ranks' share of the pilot, `sigmas` (6)
    /// standard deviations of a sample quantile's rank and two more either
    /// side —
    /// keeping every value inside it and counting those below. When the
    /// windows would keep more than `windowBytes`, nothing is done.
    static func windowedPass(sampling: DrawSampling, samples: Int, threads: Int, blocks: Range<Int>, rest: Range<Int>,
                             pilot: ColumnMatrix, live: [Bool], low: [Double], high: [Double], sums: BlockSums, extremes: Extremes,
                             window: (Double, Int) -> (Int, Int), sigmas: Double, progress: (@Sendable (Int) -> Void)?,
                             draws: (any DrawObserver)?) -> Windowed {
        let q = pilot.columns, m = pilot.rows, ps = probabilities.count
        let row = sampling.columns.row
        let drawsIn = { (b: Int) in min(samples, (b + 1) * blockSize) - b * blockSize }
        let n = blocks.reduce(0) { $0 + drawsIn($1) }
        guard m > 1 else { return .notUsed }
        // Each window's pilot ranks, and the share of values it keeps.
        let ranks: [(Int, Int)] = probabilities.map { p in
            let (r0, r1) = window(p, n)
            let h = sigmas * (Double(m) * p * (1 - p)).squareRoot() + 2
            let scale = Double(m - 1) / Double(max(1, n - 1))
            return (Swift.max(0, Int((Double(r0) * scale - h).rounded(.down))), Swift.min(m - 1, Int((Double(r1) * scale + h).rounded(.up))))
        }
        let share = ranks.reduce(0.0) { $0 + Double($1.1 - $1.0 + 1) / Double(m) }
        guard share * Double(n) * Double(q) * 8 <= Double(windowBytes) else { return .notUsed }

        // The windows' ends: [a, b] per column and probability. NaN for a
        // column with NaN or constant in the pilot: nothing is kept or
        // counted (a column constant throughout needs no values; one that
        // is not fails the final check).
        var ends = [Double](repeating: .nan, count: 2 * q * ps)
        ends.withUnsafeMutableBufferPointer { out in
            let results = SharedValues(base: out.baseAddress!)
            let next = WorkCounter(step: 8)
            // Ascending for the selector, and where each end goes.
            let flat = ranks.flatMap { [$0.0, $0.1] }
            let order = flat.indices.sorted { flat[$0] < flat[$1] }
            let sortedRanks = order.map { flat[$0] }
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, q))) { _ in
                let selector = Statistics.QuantileSelector(capacity: m)
                var values = [Double](repeating: 0, count: flat.count)
                while case let first = next.take(), first < q {
                    for c in first..<min(q, first + 8) where live[c] {
                        if low[c] == high[c] { continue }
                        sortedRanks.withUnsafeBufferPointer { r in
                            values.withUnsafeMutableBufferPointer { v in selector.values(pilot.column(c), low: low[c], high: high[c], ranks: r, into: v) }
                        }
                        for (i, o) in order.enumerated() { results.base[2 * ps * c + o] = values[i] }
                    }
                }
            }
        }
        let windows = ends

        // The values inside each window, and how many lie below it. Each
        // worker keeps its own lists, reserved for what its windows should
        // hold (so they rarely grow), joined one window at a time after.
        let kept = WorkerLists()
        let below = Counts(count: q * ps)
        let counter = WorkCounter()
        let workers = max(1, min(threads, rest.count))
        let expected = ranks.map { Int(Double($0.1 - $0.0 + 1) / Double(m) * Double(n - m) / Double(workers) * 1.1) + 64 }
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let worker = sampling.worker(draws: draws)
            var local = [[Double]](repeating: [], count: q * ps)
            for c in 0..<q where live[c] && low[c] < high[c] {
                for j in 0..<ps { local[c * ps + j].reserveCapacity(expected[j]) }
            }
            var under = [Int](repeating: 0, count: q * ps)
            windows.withUnsafeBufferPointer { w in
                under.withUnsafeMutableBufferPointer { under in
                    while case let i = counter.take(), i < rest.count {
                        let b = rest.lowerBound + i
                        let count = worker.firstVisit(block: b, samples: samples, sums: sums)
                        for k in 0..<count {
                            let r = worker.rows + k * row
                            for c in 0..<q {
                                let x = r[c]
                                for j in 0..<ps {
                                    let a = w[2 * (c * ps + j)], z = w[2 * (c * ps + j) + 1]
                                    if x < a { under[c * ps + j] += 1 } else if x <= z { local[c * ps + j].append(x) }
                                }
                            }
                        }
                        progress?(count)
                    }
                }
            }
            kept.append(local)
            below.add(under)
            extremes.merge(low: worker.low, high: worker.high)
        }
        // The pilot's values, then every list joined.
        var pilotLists = [[Double]](repeating: [], count: q * ps)
        var pilotBelow = [Int](repeating: 0, count: q * ps)
        for c in 0..<q where live[c] {
            for x in pilot.column(c) {
                for j in 0..<ps {
                    let a = windows[2 * (c * ps + j)], z = windows[2 * (c * ps + j) + 1]
                    if x < a { pilotBelow[c * ps + j] += 1 } else if x <= z { pilotLists[c * ps + j].append(x) }
                }
            }
        }
        kept.append(pilotLists)
        below.add(pilotBelow)
        pilotLists = []
        var values = kept.joined(count: q * ps)
        let counts = below.values
        let finalLow = extremes.low, finalHigh = extremes.high
        var bands = [QuantileBand](repeating: QuantileBand(below: 0, values: [], counts: [], above: 0), count: row * ps)
        for c in 0..<q where live[c] {
            for (j, p) in probabilities.enumerated() {
                if finalLow[c] == finalHigh[c] {
                    bands[c * ps + j] = QuantileBand(below: 0, values: [finalLow[c]], counts: [n], above: 0)
                    continue
                }
                let (r0, r1) = window(p, n)
                let before = counts[c * ps + j], inside = values[c * ps + j].count
                guard before <= r0 && r1 < before + inside else { return .missed }
                values[c * ps + j].sort()
                bands[c * ps + j] = QuantileBand.from(sorted: values[c * ps + j], before: before, total: n, lowRank: r0, highRank: r1)
            }
        }
        return .bands(bands)
    }
}

/// Per-column values, each written by the one worker owning the column.
private struct SharedValues: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}
