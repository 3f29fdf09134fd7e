import Dispatch

/// The one place the Monte Carlo runs work on several threads: items
/// `0..<count` (blocks of draws, or columns) handed out in increasing
/// order, `chunk` at a time, to at most `threads` workers, each with its
/// own state (an engine, scratch, local counts). Handing out in increasing
/// order is what lets a draw observer wait for earlier blocks without
/// deadlock. Other parallel loops of the module (sensitivity) can use it.
enum ParallelBlocks {
    /// Runs `body(&state, i)` once for every `i` in `0..<count`, each worker
    /// starting from its own `makeState()`; every worker's final state, in
    /// no particular order (callers merge them with order-free operations:
    /// counts, minimum and maximum, lists sorted afterwards).
    static func run<State>(_ count: Int, threads: Int, chunk: Int = 1, state makeState: @Sendable () -> State,
                           _ body: @Sendable (inout State, Int) -> Void) -> [State] {
        let next = Locked(0)
        let finished = Locked<[State]>([])
        let workers = max(1, min(threads, (count + chunk - 1) / chunk))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var state = makeState()
            while case let first = next.withLock({ n in defer { n += chunk }; return n }), first < count {
                for i in first..<min(count, first + chunk) { body(&state, i) }
            }
            finished.withLock { $0.append(state) }
        }
        return finished.withLock { $0 }
    }
}

/// Memory that workers fill at once, each element written by one worker
/// only (a block's rows, a column's result).
///
/// `@unchecked Sendable`: workers write disjoint elements, and nothing
/// reads an element another worker wrote until `ParallelBlocks.run` has
/// returned, which waits for every worker.
final class SharedBuffer<Element>: @unchecked Sendable {
    let count: Int
    let base: UnsafeMutablePointer<Element>

    init(repeating value: Element, count: Int) {
        self.count = count
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

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
