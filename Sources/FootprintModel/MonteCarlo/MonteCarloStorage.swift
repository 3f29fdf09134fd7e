import Foundation

// Storage the Monte Carlo's workers share. Each type is `@unchecked
// Sendable` for the reason its comment gives: either a lock guards every
// access, or each element is written by one worker and read only after
// `concurrentPerform` has returned.

/// Per-column sums of blocks, added in block order whatever order workers
/// finish them in (floating-point addition is not associative, and the
/// mean must not depend on the threads). Blocks finished early wait in
/// `pending` until those before them arrive. With `keep`, every block's
/// sums are also kept (a shard's part file needs them to continue the
/// same sum). Guarded by `lock`.
final class BlockSums: @unchecked Sendable {
    private let lock = NSLock()
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

    func add(_ sums: UnsafeBufferPointer<Double>, block: Int) {
        lock.lock()
        defer { lock.unlock() }
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
    func totalSoFar() -> [Double] {
        lock.lock()
        defer { lock.unlock() }
        precondition(pending.isEmpty, "a block's sums are missing")
        return total
    }
}

/// The pilot's values, column-major. Each block's rows are written by the
/// worker that evaluated it, into its own place; columns are read after
/// the workers are done.
final class ColumnMatrix: @unchecked Sendable {
    let rows: Int, columns: Int
    private let base: UnsafeMutablePointer<Double>

    init(rows: Int, columns: Int) {
        self.rows = rows; self.columns = columns
        base = .allocate(capacity: max(1, rows * columns))
    }

    deinit { base.deallocate() }

    /// Stores the first `columns` values of `count` row-major rows of
    /// `stride` values from row `at`.
    func store(_ block: UnsafePointer<Double>, count: Int, stride: Int, at: Int) {
        for c in 0..<columns {
            let out = base + c * rows + at
            var x = block + c
            for k in 0..<count { out[k] = x.pointee; x += stride }
        }
    }

    func column(_ c: Int) -> UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: base + c * rows, count: rows) }
}

/// Counts per region; a worker counts into its own and adds it into the
/// shared one under the lock.
final class Histogram: @unchecked Sendable {
    let counts: UnsafeMutablePointer<UInt32>
    let count: Int
    private let lock = NSLock()

    init(count: Int) {
        self.count = count
        counts = .allocate(capacity: max(1, count))
        counts.initialize(repeating: 0, count: max(1, count))
    }

    deinit { counts.deallocate() }

    func add(_ other: Histogram) {
        lock.lock()
        defer { lock.unlock() }
        for i in 0..<count { counts[i] &+= other.counts[i] }
    }
}

/// Per-column minimum and maximum over the workers, merged under the lock.
final class Extremes: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var low: [Double], high: [Double]

    init(columns: Int) {
        low = [Double](repeating: .infinity, count: columns); high = [Double](repeating: -.infinity, count: columns)
    }

    func merge(low lo: UnsafePointer<Double>, high hi: UnsafePointer<Double>) {
        lock.lock()
        defer { lock.unlock() }
        for c in low.indices {
            low[c] = Swift.min(low[c], lo[c])
            high[c] = Swift.max(high[c], hi[c])
        }
    }
}

/// Values gathered per (column, probability); workers append theirs under
/// the lock (their order does not matter: each list is sorted after).
final class Gathered: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [[Double]]

    init(_ values: [[Double]]) { self.values = values }

    func append(_ local: [[Double]]) {
        lock.lock()
        defer { lock.unlock() }
        for i in local.indices where !local[i].isEmpty { values[i].append(contentsOf: local[i]) }
    }
}

/// Hands out 0, step, 2·step, ... to workers, each value once. Guarded by
/// the lock.
final class WorkCounter: @unchecked Sendable {
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

/// Each worker's lists of values per (column, probability), joined list by
/// list so that a value is held twice only while its list is joined.
final class WorkerLists: @unchecked Sendable {
    private let lock = NSLock()
    private var lists: [[[Double]]] = []

    func append(_ local: [[Double]]) {
        lock.lock()
        defer { lock.unlock() }
        lists.append(local)
    }

    /// Per (column, probability), every worker's values (in no particular
    /// order: each list is sorted after).
    func joined(count: Int) -> [[Double]] {
        lock.lock()
        defer { lock.unlock() }
        var out = [[Double]](repeating: [], count: count)
        for i in 0..<count {
            out[i].reserveCapacity(lists.reduce(0) { $0 + $1[i].count })
            for w in lists.indices {
                out[i].append(contentsOf: lists[w][i])
                lists[w][i] = []
            }
        }
        lists = []
        return out
    }
}

/// Counts per (column, probability), added by workers under the lock.
final class Counts: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Int]

    init(count: Int) { values = [Int](repeating: 0, count: count) }

    func add(_ other: [Int]) {
        lock.lock()
        defer { lock.unlock() }
        for i in values.indices { values[i] += other[i] }
    }
}
