import Foundation
import FootprintModel

/// A progress bar on standard error, shown only when stderr is a terminal
/// and the work has lasted more than a second; nothing else is ever written,
/// so JSON and CSV on stdout stay clean. Workers call `advance`
/// concurrently; the counts are `Locked`.
final class ProgressBar: Sendable {
    private struct Drawn {
        var done = 0
        var lastPercent = -1
        var shown = false
    }
    private let total: Int
    private let label: String
    private let start = Date()
    private let enabled: Bool
    private let drawn = Locked(Drawn())

    init(total: Int, label: String) {
        self.total = max(1, total)
        self.label = label
        enabled = isatty(STDERR_FILENO) == 1
    }

    func advance(_ n: Int) {
        guard enabled else { return }
        drawn.withLock { d in
            d.done += n
            let percent = min(100, d.done * 100 / total)
            guard percent != d.lastPercent, Date().timeIntervalSince(start) > 1 else { return }
            d.lastPercent = percent
            d.shown = true
            let width = 30, filled = percent * width / 100
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% (\(d.done)/\(total))".utf8))
        }
    }

    func finish() {
        drawn.withLock { d in
            if d.shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
