import Foundation

/// Per-column sums of blocks, added in block order whatever order workers
/// finish them in (floating-point addition is not associative, and the
/// mean must not depend on the threads). Blocks finished early wait in
/// `pending` until those before them arrive. With `keep`, every block's
/// sums are also kept (a shard's part file needs them to continue the
/// same sum). Shared as `Locked<OrderedSums>`.
struct OrderedSums {
    private let columns: Int, first: Int
    private var next: Int
    private var total: [Double]
    private var pending: [Int: [Double]] = [:]
    private(set) var kept: [Double]
    private let keep: Bool

    init(columns: Int, first: Int, blocks: Int, keep: Bool) {
        self.columns = columns; self.first = first; self.keep = keep
        next = first
        total = [Double](repeating: 0, count: columns)
        kept = keep ? [Double](repeating: 0, count: blocks * columns) : []
    }

    mutating func add(_ sums: UnsafeBufferPointer<Double>, block: Int) {
        if keep { for c in 0..<columns { kept[(block - first) * columns + c] = sums[c] } }
        guard block == next else { pending[block] = Array(sums); return }
        for c in 0..<columns { total[c] += sums[c] }
        next += 1
        while let s = pending.removeValue(forKey: next) {
            for c in 0..<columns { total[c] += s[c] }
            next += 1
        }
    }

    /// The sum of the blocks added so far (all of them once the workers
    /// are done).
    var totalSoFar: [Double] {
        precondition(pending.isEmpty, "a block's sums are missing")
        return total
    }
}

/// Per-column minimum and maximum, merged from workers.
struct Extremes {
    var low: [Double], high: [Double]

    init(columns: Int) {
        low = [Double](repeating: .infinity, count: columns); high = [Double](repeating: -.infinity, count: columns)
    }

    mutating func merge(_ worker: DrawWorker) {
        for c in low.indices {
            low[c] = Swift.min(low[c], worker.low[c])
            high[c] = Swift.max(high[c], worker.high[c])
        }
    }
}

/// Per list, the values of every worker's list of that index (in no
/// particular order: each list is sorted after), joined list by list so
/// that a value is held twice only while its list is joined.
func joinLists(_ workers: inout [[[Double]]], count: Int) -> [[Double]] {
    var out = [[Double]](repeating: [], count: count)
    for i in 0..<count {
        out[i].reserveCapacity(workers.reduce(0) { $0 + $1[i].count })
        for w in workers.indices {
            out[i].append(contentsOf: workers[w][i])
            workers[w][i] = []
        }
    }
    workers = []
    return out
}
