import Foundation
import FootprintModel

/// `footprint run --draws FILE.csv`: one row per draw — `draw` (0-based),
/// every sampled input by its `--set` path, then every metric's
/// whole-horizon total — streamed to the file in draw order as the Monte
/// Carlo produces blocks, so memory does not grow with draws and the file
/// is the same on any number of threads.
///
/// Rows are formatted by the worker that computed them; a block that
/// arrives before its predecessors waits in memory, and a worker more than
/// `maxPending` blocks ahead waits (never the one holding the next block,
/// see `DrawObserver`). The file is written beside its target and renamed
/// into place by `finish()`, so a failed run leaves no partial file.
///
/// `@unchecked Sendable`: workers call `observe` concurrently; the pending
/// blocks, the next block to write, the file handle and the first error
/// are only touched under `condition`'s lock.
public final class DrawsCSV: DrawObserver, @unchecked Sendable {
    public let path: String
    private let temporary: String
    private let handle: FileHandle
    private let condition = NSCondition()
    private var pending: [Int: String] = [:]
    private var next = 0
    private var failure: (any Error)?
    private var finished = false
    private let maxPending: Int
    /// Writing straight to a device or FIFO, not through a temporary file.
    private let direct: Bool

    /// Opens the temporary file and writes the header for `plan`'s columns.
    /// A failure is an `OutputError` naming `path`.
    /// Selector columns after the totals (`run --draws-columns`).
    public let extraColumns: [MetricSelector]

    public init(path: String, plan: EvaluationPlan, maxPending: Int = 64, extraColumns: [MetricSelector] = []) throws(OutputError) {
        self.path = path
        self.extraColumns = extraColumns
        self.maxPending = maxPending
        guard !path.isEmpty else { throw OutputError(path: path, reason: "the --draws path is empty: give a CSV file name, e.g. --draws draws.csv") }
        // A device or a FIFO is written directly (a rename would replace it).
        direct = AtomicFile.isSpecial(path)
        let folder = Paths.folder(of: path)
        temporary = direct ? path : Paths.join(folder, ".\(Paths.lastComponent(of: path)).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard direct || FileManager.default.createFile(atPath: temporary, contents: nil), let h = FileHandle(forWritingAtPath: temporary) else {
            throw OutputError(path: path, reason: "cannot create a file in \(folder.isEmpty ? "." : folder) (\(String(cString: strerror(errno))))")
        }
        handle = h
        do {
            // An interrupted run removes it (the command line's signal handler).
            if !direct { try TemporaryFiles.shared.register(temporary) }
            let header = ["draw"] + DrawColumns.inputPaths(plan).map(ResultsExport.csvField) + DrawColumns.totals.map(\.key)
                + extraColumns.map { ResultsExport.csvField($0.description) }
            try handle.write(contentsOf: Data((header.joined(separator: ",") + "\n").utf8))
        } catch {
            throw OutputError(path: path, reason: error.localizedDescription)
        }
    }

    deinit {
        if !finished { try? handle.close(); if !direct { TemporaryFiles.shared.discard(temporary) } }
    }

    public func observe(block: Int, firstDraw: Int, count: Int, inputs: UnsafeBufferPointer<Double>, totals: UnsafeBufferPointer<Double>) {
        let ni = inputs.count / MonteCarlo.blockSize, nt = totals.count / MonteCarlo.blockSize
        var text = ""
        text.reserveCapacity(count * (ni + nt + 1) * 20)
        for k in 0..<count {
            text += String(firstDraw + k)
            for j in 0..<ni { text += ","; text += JSONWriter.number(inputs[k * ni + j]) }
            for j in 0..<nt { text += ","; text += JSONWriter.number(totals[k * nt + j]) }
            text += "\n"
        }
        condition.lock()
        defer { condition.unlock() }
        while block != next && pending.count >= maxPending { condition.wait() }
        pending[block] = text
        while let ready = pending.removeValue(forKey: next) {
            if failure == nil {
                do { try handle.write(contentsOf: Data(ready.utf8)) } catch { failure = error }
            }
            next += 1
        }
        condition.broadcast()
    }

    /// Closes the file and moves it into place, or throws the first write
    /// error as an `OutputError` naming `path` (and removes the temporary file).
    public func finish() throws(OutputError) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        do {
            if let failure { throw failure }
            precondition(pending.isEmpty, "draw blocks missing before block \(next)")
            try handle.close()
            if direct { return }
            let (temporary, path) = (self.temporary, self.path)
            try TemporaryFiles.shared.commit([temporary]) { () throws(OutputError) in
                if rename(temporary, path) != 0 { throw OutputError(path: path, errno: errno, doing: "renaming into place") }
            }
        } catch {
            try? handle.close()
            if !direct { TemporaryFiles.shared.discard(temporary) }
            throw OutputError(path: path, reason: error.localizedDescription)
        }
    }
}
