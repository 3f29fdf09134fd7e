import Foundation

/// A progress bar on standard error, shown only when stderr is a terminal
/// and the work has lasted more than a second; nothing else is ever written,
/// so JSON and CSV on stdout stay clean.
///
/// `@unchecked Sendable`: workers call `advance` concurrently; every access
/// to the mutable state is under `lock`.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let lock = NSLock()
    private var done = 0
    private var lastDrawn = -1
    private let start = Date()
    private let enabled: Bool
    private var shown = false

    init(total: Int, label: String) {
        self.total = max(1, total)
        self.label = label
        enabled = isatty(STDERR_FILENO) == 1
    }

    func advance(_ n: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        done += n
        let percent = min(100, done * 100 / total)
        guard percent != lastDrawn, Date().timeIntervalSince(start) > 1 else { return }
        lastDrawn = percent
        shown = true
        let width = 30, filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% (\(done)/\(total))".utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
