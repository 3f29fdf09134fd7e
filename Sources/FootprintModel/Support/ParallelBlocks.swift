import Dispatch

/// The one place the package runs work on several threads (the Monte
/// Carlo's blocks and columns, Sobol's evaluations): items `0..<count`
/// handed out in increasing order, `chunk` at a time, to at most `threads`
/// workers, each with its own state (an engine, scratch, local counts).
/// Handing out in increasing order is what lets a draw observer wait for
/// earlier blocks without deadlock.
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

    /// Memory left unwritten, for elements that need no initialization
    /// and that the workers write, every one, before anything reads them
    /// (the pilot's values: no pass over them only to be overwritten).
    init(uninitializedCount count: Int) where Element: BitwiseCopyable {
        self.count = count
        base = .allocate(capacity: max(1, count))
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
