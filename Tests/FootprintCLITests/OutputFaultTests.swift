import Foundation
import Testing

/// Output faults: a results file or report that cannot be written is a
/// clear error with exit status 1; an interrupted write dies of its signal;
/// neither leaves a partial or temporary file, and an existing target keeps
/// its old content.
@Suite(.serialized) struct OutputFaultTests {
    static let model = "Models/gpt3-training.yaml"

    /// A fresh folder under the system's temporary folder.
    static func folder(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Names in `dir` that look temporary (hidden files and folders).
    static func leftovers(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(".") }
    }

    static func executable() throws -> URL {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("footprint")
        let candidates = [binary, root.appendingPathComponent(".build/debug/footprint")]
        guard let exe = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return exe
    }

    /// Starts `footprint` with `arguments`; `prefix` runs it under another
    /// program (setpriv), `pauseMS` holds it between writing and renaming.
    static func start(_ arguments: [String], prefix: [String] = [], pauseMS: Int? = nil) throws -> (Process, Pipe) {
        let p = Process()
        let exe = try executable()
        if prefix.isEmpty {
            p.executableURL = exe
            p.arguments = arguments
        } else {
            p.executableURL = URL(fileURLWithPath: prefix[0])
            p.arguments = Array(prefix.dropFirst()) + [exe.path] + arguments
        }
        p.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        if let pauseMS { env["FOOTPRINT_TEST_WRITE_PAUSE_MS"] = String(pauseMS) }
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return (p, err)
    }

    static func finish(_ p: Process, _ err: Pipe) -> (Process.TerminationReason, Int32, String) {
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationReason, p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    /// Missing folders are created (as before); one that cannot be, because
    /// a file stands in the way, is an error.
    @Test func folderThatCannotBeCreatedIsAnError() throws {
        let dir = try Self.folder("missing")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "a file".write(to: dir.appendingPathComponent("file"), atomically: false, encoding: .utf8)
        let target = dir.appendingPathComponent("file/sub/results.json").path
        for args in [["run", Self.model, "--samples", "1", "--format", "json", "--output", target],
                     ["report", Self.model, "--samples", "1", "--output", target]] {
            let (p, err) = try Self.start(args)
            let (_, status, stderr) = Self.finish(p, err)
            #expect(status == 1)
            #expect(stderr.contains("\(dir.path)/file is a file, not a folder; choose another output path"), "\(stderr)")
            #expect(!stderr.contains("Fatal error"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["file"])
        // A missing folder with a writable parent is created.
        let (p, err) = try Self.start(["run", Self.model, "--samples", "1", "--format", "json", "--output", dir.appendingPathComponent("new/r.json").path])
        #expect(Self.finish(p, err).1 == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("new/r.json").path))
    }

    @Test func targetThatIsAFolderIsAnError() throws {
        let dir = try Self.folder("isdir")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (p, err) = try Self.start(["run", Self.model, "--samples", "1", "--format", "csv", "--output", dir.path])
        let (_, status, stderr) = Self.finish(p, err)
        #expect(status == 1)
        #expect(stderr.contains("\(dir.path) is a folder; give a file name inside it instead"), "\(stderr)")
        #expect(Self.leftovers(dir).isEmpty)
    }

    /// Root writes anywhere, so as root the run drops to nobody (setpriv).
    @Test func readOnlyFolderIsAnError() throws {
        let dir = try Self.folder("readonly")
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
            try? FileManager.default.removeItem(at: dir)
        }
        try "old".write(to: dir.appendingPathComponent("r.md"), atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
        let asRoot = getuid() == 0
        let setpriv = "/usr/bin/setpriv"
        try #require(!asRoot || FileManager.default.isExecutableFile(atPath: setpriv), "running as root without setpriv")
        let prefix = asRoot ? [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        for args in [["run", Self.model, "--samples", "1", "--format", "json", "--output", dir.appendingPathComponent("r.json").path],
                     ["report", Self.model, "--samples", "1", "--output", dir.appendingPathComponent("r.md").path],
                     ["run", Self.model, "--samples", "1", "--format", "json", "--output", dir.appendingPathComponent("sub/r.json").path]] {
            let (p, err) = try Self.start(args, prefix: prefix)
            let (_, status, stderr) = Self.finish(p, err)
            #expect(status == 1)
            #expect(stderr.contains("the folder \(dir.path) is not writable"), "\(stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.md"])
        #expect(try String(contentsOf: dir.appendingPathComponent("r.md"), encoding: .utf8) == "old")
    }

    /// SIGINT or SIGTERM while the temporary files exist: the run dies of
    /// that signal, its temporary files are gone, the old files remain.
    @Test(arguments: [(SIGINT, "run"), (SIGTERM, "run"), (SIGINT, "report"), (SIGTERM, "report")])
    func interruptedWriteLeavesTheOldFile(_ signo: Int32, _ command: String) async throws {
        let dir = try Self.folder("signal")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent(command == "run" ? "out.json" : "out.md")
        try "old".write(to: target, atomically: false, encoding: .utf8)
        var args = [command, Self.model, "--samples", "1", "--output", target.path]
        if command == "run" { args += ["--format", "json"] }
        let (p, err) = try Self.start(args, pauseMS: 20_000)
        // Wait until the temporary file or staging folder exists.
        let deadline = Date().addingTimeInterval(60)
        // A blocking sleep keeps this thread: after Task.sleep the test waits for a free
        // cooperative thread, which tests blocked on child processes can hold past the pause.
        while Self.leftovers(dir).isEmpty, p.isRunning, Date() < deadline { usleep(20_000) }
        #expect(!Self.leftovers(dir).isEmpty, "no temporary file appeared")
        kill(p.processIdentifier, signo)
        let (reason, status, stderr) = Self.finish(p, err)
        #expect(reason == .uncaughtSignal)
        #expect(status == signo)
        #expect(!stderr.contains("Fatal error"))
        #expect(Self.leftovers(dir).isEmpty, "\(Self.leftovers(dir))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [target.lastPathComponent])
        #expect(try String(contentsOf: target, encoding: .utf8) == "old")
    }

    /// SIGINT while `run --draws` streams its draws: the partial draws file
    /// is removed and the run dies of the signal.
    @Test func interruptedDrawsLeaveNothing() async throws {
        let dir = try Self.folder("draws")
        defer { try? FileManager.default.removeItem(at: dir) }
        let draws = dir.appendingPathComponent("draws.csv").path
        let (p, err) = try Self.start(["run", "Models/hybrid-buildout.yaml", "--samples", "2000000", "--draws", draws, "--format", "json",
                                       "--output", dir.appendingPathComponent("out.json").path])
        let deadline = Date().addingTimeInterval(60)
        // A blocking sleep keeps this thread: after Task.sleep the test waits for a free
        // cooperative thread, which tests blocked on child processes can hold past the pause.
        while Self.leftovers(dir).isEmpty, p.isRunning, Date() < deadline { usleep(20_000) }
        #expect(!Self.leftovers(dir).isEmpty, "no temporary draws file appeared")
        kill(p.processIdentifier, SIGINT)
        let (reason, status, _) = Self.finish(p, err)
        #expect(reason == .uncaughtSignal && status == SIGINT)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// Two reports of different inputs written to one path at once: both
    /// succeed, and the result is one run's report with that run's charts.
    @Test func concurrentReportsLeaveOneCompleteReport() throws {
        let dir = try Self.folder("concurrent")
        defer { try? FileManager.default.removeItem(at: dir) }
        let variants = ["sites.microsoft-datacenter.pue=1.1", "sites.microsoft-datacenter.pue=1.4"]
        // References, one folder each.
        var expected: [(String, [String: Data])] = []
        for (i, v) in variants.enumerated() {
            let ref = dir.appendingPathComponent("ref\(i)")
            try FileManager.default.createDirectory(at: ref, withIntermediateDirectories: true)
            let (p, err) = try Self.start(["report", Self.model, "--samples", "1", "--set", v, "--output", ref.appendingPathComponent("r.md").path])
            #expect(Self.finish(p, err).1 == 0)
            expected.append(try Self.read(ref))
        }
        #expect(expected[0].0 != expected[1].0)
        let shared = dir.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        let runs = try variants.map { v in
            try Self.start(["report", Self.model, "--samples", "1", "--set", v, "--output", shared.appendingPathComponent("r.md").path], pauseMS: 300)
        }
        for (p, err) in runs {
            let (_, status, stderr) = Self.finish(p, err)
            #expect(status == 0, "\(stderr)")
        }
        let result = try Self.read(shared)
        #expect(expected.contains { $0.0 == result.0 && $0.1 == result.1 }, "the report and its charts come from different runs")
        #expect(Self.leftovers(shared).isEmpty)
    }

    /// The Markdown (with its own folder name normalised) and the charts.
    static func read(_ dir: URL) throws -> (String, [String: Data]) {
        let md = try String(contentsOf: dir.appendingPathComponent("r.md"), encoding: .utf8)
            .replacingOccurrences(of: dir.path, with: "DIR")
        var charts: [String: Data] = [:]
        let chartDir = dir.appendingPathComponent("r")
        for f in try FileManager.default.contentsOfDirectory(atPath: chartDir.path) {
            charts[f] = try Data(contentsOf: chartDir.appendingPathComponent(f))
        }
        return (md, charts)
    }
}
