import Foundation
import FootprintModel

/// Writes a report and its charts so that a failing or interrupted run
/// leaves the old report untouched: everything goes to a staging folder
/// beside the target (registered with `TemporaryFiles`), and only a
/// complete set is moved into place (charts folder first, then the Markdown
/// file, each by rename). Runs writing the same report at once take turns
/// for the moves (an exclusive `flock` on the folder, released by the
/// kernel even when a run dies), so the Markdown file and its charts always
/// come from the same run.
public enum ReportWriter {
    /// Writes the report; a failure is an `OutputError` naming `path`.
    public static func write(markdown: String, charts: [(String, String)], to path: String) throws(OutputError) {
        do throws(OutputError) { try stageAndMove(markdown: markdown, charts: charts, to: path) } catch { throw error.naming(path) }
    }

    private static func stageAndMove(markdown: String, charts: [(String, String)], to path: String) throws(OutputError) {
        let folder = try AtomicFile.checkedFolder(of: path)
        var name = Paths.lastComponent(of: path)
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        let staging = Paths.join(folder, ".\(name).staging-\(getpid())")
        let chartsTarget = Paths.join(folder, name)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: chartsTarget, isDirectory: &isFolder), !isFolder.boolValue {
            throw OutputError(path: chartsTarget, reason: "\(chartsTarget) is a file, but the charts go in a folder of that name; move it or choose another output path")
        }
        try TemporaryFiles.shared.register(staging)
        do throws(OutputError) {
            try? FileManager.default.removeItem(atPath: staging)
            let stagedCharts = Paths.join(staging, name)
            if mkdir(staging, 0o777) != 0 { throw OutputError(path: path, errno: errno, doing: "creating a staging folder") }
            if mkdir(stagedCharts, 0o777) != 0 { throw OutputError(path: path, errno: errno, doing: "creating a staging folder") }
            for (file, svg) in charts {
                let target = Paths.join(stagedCharts, file)
                try AtomicFile.writeBytes(Array(svg.utf8), to: target, target: Paths.join(chartsTarget, file))
            }
            let stagedMarkdown = Paths.join(staging, "\(name).md")
            try AtomicFile.writeBytes(Array(markdown.utf8), to: stagedMarkdown, target: path)
            TemporaryFiles.shared.pauseIfTesting()
            try FolderLock.holding(folder, for: path) { () throws(OutputError) in
                try TemporaryFiles.shared.commit([staging]) { () throws(OutputError) in
                    // Swap the charts folder: old aside, new in; then the text.
                    let old = Paths.join(staging, "old-charts")
                    if rename(chartsTarget, old) != 0, errno != ENOENT {
                        throw OutputError(path: chartsTarget, errno: errno, doing: "moving the old charts aside")
                    }
                    if rename(stagedCharts, chartsTarget) != 0 {
                        let code = errno
                        _ = rename(old, chartsTarget)
                        throw OutputError(path: chartsTarget, errno: code, doing: "moving the charts into place")
                    }
                    if rename(stagedMarkdown, path) != 0 { throw OutputError(path: path, errno: errno, doing: "renaming into place") }
                    try? FileManager.default.removeItem(atPath: staging)
                }
            }
        } catch {
            TemporaryFiles.shared.discard(staging)
            throw error
        }
    }
}

/// An exclusive advisory lock on a folder (`flock` on its descriptor: no
/// lock file to leave behind), held for the duration of `body`.
enum FolderLock {
    static func holding(_ folder: String, for path: String, _ body: () throws(OutputError) -> Void) throws(OutputError) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(path: path, errno: errno, doing: "opening the folder") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw OutputError(path: path, errno: errno, doing: "locking the folder") }
        }
        defer { _ = flock(fd, LOCK_UN) }
        try body()
    }
}
