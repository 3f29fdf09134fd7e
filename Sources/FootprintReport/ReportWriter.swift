import Foundation

/// Writes a report and its charts so that a failing run leaves the old
/// report untouched: everything goes to a temporary folder beside the
/// target, and only a complete set is moved into place (charts folder
/// first, then the Markdown file, each by rename).
public enum ReportWriter {
    public static func write(markdown: String, charts: [(String, String)], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let name = url.deletingPathExtension().lastPathComponent
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let staging = folder.appendingPathComponent(".\(name).staging-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging.appendingPathComponent(name), withIntermediateDirectories: true)
        do {
            for (file, svg) in charts {
                try Data(svg.utf8).write(to: staging.appendingPathComponent(name).appendingPathComponent(file))
            }
            try Data(markdown.utf8).write(to: staging.appendingPathComponent("\(name).md"))
            // Swap the charts folder: old aside, new in, old removed.
            let chartsTarget = folder.appendingPathComponent(name)
            let old = staging.appendingPathComponent("old-charts")
            if fm.fileExists(atPath: chartsTarget.path) { try fm.moveItem(at: chartsTarget, to: old) }
            try fm.moveItem(at: staging.appendingPathComponent(name), to: chartsTarget)
            if rename(staging.appendingPathComponent("\(name).md").path, url.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            try? fm.removeItem(at: staging)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }
}
