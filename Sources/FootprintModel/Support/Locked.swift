import Foundation

/// A value that several threads share, read and written only under a lock:
/// the package's one lock type (Monte Carlo storage, temporary files, the
/// progress bar). `NSLock` runs on every platform the package declares,
/// where `Synchronization.Mutex` needs macOS 15.
///
/// `@unchecked Sendable`: `state` is reached only through `withLock`, which
/// holds `lock` for the whole of `body`, so no two threads touch it at once.
public final class Locked<State>: @unchecked Sendable {
    private let lock = NSLock()
    private var state: State

    public init(_ state: State) {
        self.state = state
    }

    /// Runs `body` with the state, holding the lock until it returns.
    /// `body` must not call `withLock` on the same value (the lock is not
    /// recursive).
    @inline(__always)
    public func withLock<Result, Failure: Error>(_ body: (inout State) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
