import Foundation

/// The package's folder, from this file's path: tests read Models/, the
/// docs and the committed reports from it, and run `footprint` in it.
public let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped models' file names (`gpt3-training.yaml`, ...), sorted.
public let shippedModels = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Models").path)) ?? [])
    .filter { $0.hasSuffix(".yaml") }.sorted()

/// A new, empty folder under the system's temporary folder, named after
/// `name` so a leftover says which test made it; the caller removes it.
public func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A temporary file holding `lines`; the caller removes it.
public func temporaryFile(_ lines: [String], suffix: String = "csv") throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-test-\(UUID().uuidString).\(suffix)")
    try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// `text` without the commit a footer names ("0.1.0 (commit 1a2b3c4d5e6f)"):
/// a committed report names the commit before the one that holds it, so
/// comparisons with committed or golden files leave it out.
public func withoutCommit(_ text: String) -> String {
    text.replacingOccurrences(of: #" \(commit [0-9a-f]{12}\)"#, with: "", options: .regularExpression)
}
