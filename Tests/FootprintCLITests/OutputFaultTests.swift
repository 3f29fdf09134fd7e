import Foundation
import Testing

/// Output faults: a results file or report that cannot be written is a
/// clear error with exit status 1; an interrupted write dies of its signal;
/// neither leaves a partial or temporary file, and an existing target keeps
/// its old content.
@Suite(.serialized) struct OutputFaultTests {
    static let model = "Models/gpt3-training.yaml"

    /// Names in `dir` that look temporary (hidden files and folders).
    static func leftovers(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(".") }
    }

    /// Starts `footprint` with `arguments` (its standard output discarded);
    /// `prefix` runs it under another program (setpriv), `pauseMS` holds it
    /// between writing and renaming.
    static func start(_ arguments: [String], prefix: [String] = [], pauseMS: Int? = nil) throws -> ChildProcess {
        try startFootprint(arguments, prefix: prefix, environment: pauseMS.map { ["FOOTPRINT_TEST_WRITE_PAUSE_MS": String($0)] } ?? [:],
                           captureStdout: false)
    }

    /// Missing folders are created (as before); one that cannot be, because
    /// a file stands in the way, is an error.
    @Test func folderThatCannotBeCreatedIsAnError() throws {
        let dir = try temporaryFolder("missing")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "a file".write(to: dir.appendingPathComponent("file"), atomically: false, encoding: .utf8)
        let target = dir.appendingPathComponent("file/sub/results.json").path
        for args in [["run", Self.model, "--samples", "1", "--format", "json", "--output", target],
                     ["report", Self.model, "--samples", "1", "--output", target]] {
            let p = try Self.start(args)
            let r = p.finish()
            #expect(r.status == 1)
            #expect(r.stderr.contains("\(dir.path)/file is a file, not a folder; choose another output path"), "\(r)")
            #expect(!r.stderr.contains("Fatal error"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["file"])
        // A missing folder with a writable parent is created.
        let p = try Self.start(["run", Self.model, "--samples", "1", "--format", "json", "--output", dir.appendingPathComponent("new/r.json").path])
        let r = p.finish()
        #expect(r.status == 0, "\(r)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("new/r.json").path))
    }

    @Test func targetThatIsAFolderIsAnError() throws {
        let dir = try temporaryFolder("isdir")
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try Self.start(["run", Self.model, "--samples", "1", "--format", "csv", "--output", dir.path])
        let r = p.finish()
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(dir.path) is a folder; give a file name inside it instead"), "\(r)")
        #expect(Self.leftovers(dir).isEmpty)
    }

    /// Root writes anywhere, so as root the run drops to nobody (setpriv).
    @Test func readOnlyFolderIsAnError() throws {
        let dir = try temporaryFolder("readonly")
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
            let p = try Self.start(args, prefix: prefix)
            let r = p.finish()
            #expect(r.status == 1)
            #expect(r.stderr.contains("the folder \(dir.path) is not writable"), "\(r)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.md"])
        #expect(try String(contentsOf: dir.appendingPathComponent("r.md"), encoding: .utf8) == "old")
    }

    /// SIGINT or SIGTERM while the temporary files exist: the run dies of
    /// that signal, its temporary files are gone, the old files remain.
    @Test(arguments: [(SIGINT, "run"), (SIGTERM, "run"), (SIGINT, "report"), (SIGTERM, "report")])
    func interruptedWriteLeavesTheOldFile(_ signo: Int32, _ command: String) async throws {
        let dir = try temporaryFolder("signal")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent(command == "run" ? "out.json" : "out.md")
        try "old".write(to: target, atomically: false, encoding: .utf8)
        var args = [command, Self.model, "--samples", "1", "--output", target.path]
        if command == "run" { args += ["--format", "json"] }
        let p = try Self.start(args, pauseMS: 20_000)
        // Wait until the temporary file or staging folder exists.
        let deadline = Date().addingTimeInterval(60)
        // A blocking sleep keeps this thread: after Task.sleep the test waits for a free
        // cooperative thread, which tests blocked on child processes can hold past the pause.
        while Self.leftovers(dir).isEmpty, p.isRunning, Date() < deadline { usleep(20_000) }
        #expect(!Self.leftovers(dir).isEmpty, "no temporary file appeared")
        kill(p.processIdentifier, signo)
        let r = p.finish()
        #expect(r.reason == .uncaughtSignal, "\(r)")
        #expect(r.status == signo)
        #expect(!r.stderr.contains("Fatal error"))
        #expect(Self.leftovers(dir).isEmpty, "\(Self.leftovers(dir))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [target.lastPathComponent])
        #expect(try String(contentsOf: target, encoding: .utf8) == "old")
    }

    /// SIGINT while `run --draws` streams its draws: the partial draws file
    /// is removed and the run dies of the signal.
    @Test func interruptedDrawsLeaveNothing() async throws {
        let dir = try temporaryFolder("draws")
        defer { try? FileManager.default.removeItem(at: dir) }
        let draws = dir.appendingPathComponent("draws.csv").path
        let p = try Self.start(["run", "Models/hybrid-buildout.yaml", "--samples", "2000000", "--draws", draws, "--format", "json",
                                       "--output", dir.appendingPathComponent("out.json").path])
        let deadline = Date().addingTimeInterval(60)
        // A blocking sleep keeps this thread: after Task.sleep the test waits for a free
        // cooperative thread, which tests blocked on child processes can hold past the pause.
        while Self.leftovers(dir).isEmpty, p.isRunning, Date() < deadline { usleep(20_000) }
        #expect(!Self.leftovers(dir).isEmpty, "no temporary draws file appeared")
        kill(p.processIdentifier, SIGINT)
        let r = p.finish()
        #expect(r.reason == .uncaughtSignal && r.status == SIGINT, "\(r)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// Two reports of different inputs written to one path at once: both
    /// succeed, and the result is one run's report with that run's charts.
    @Test func concurrentReportsLeaveOneCompleteReport() throws {
        let dir = try temporaryFolder("concurrent")
        defer { try? FileManager.default.removeItem(at: dir) }
        let variants = ["sites.microsoft-datacenter.pue=1.1", "sites.microsoft-datacenter.pue=1.4"]
        // References, one folder each.
        var expected: [(String, [String: Data])] = []
        for (i, v) in variants.enumerated() {
            let ref = dir.appendingPathComponent("ref\(i)")
            try FileManager.default.createDirectory(at: ref, withIntermediateDirectories: true)
            let p = try Self.start(["report", Self.model, "--samples", "1", "--set", v, "--output", ref.appendingPathComponent("r.md").path])
            let r = p.finish()
            #expect(r.status == 0, "\(r)")
            expected.append(try Self.read(ref))
        }
        #expect(expected[0].0 != expected[1].0)
        let shared = dir.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        let runs = try variants.map { v in
            try Self.start(["report", Self.model, "--samples", "1", "--set", v, "--output", shared.appendingPathComponent("r.md").path], pauseMS: 300)
        }
        for p in runs {
            let r = p.finish()
            #expect(r.status == 0, "\(r)")
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

/// An off-grid site whose generation cannot serve its load is refused with
/// the site, the step and the shortfall; nothing is written.
@Suite struct OffGridShortfallTests {
    @Test func shortfallIsAnErrorAndWritesNothing() throws {
        let dir = try temporaryFolder("shortfall")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results.json").path, draws = dir.appendingPathComponent("draws.csv").path
        let r = try footprint("run", "Models/buildouts/project-jupiter.yaml", "--samples", "100",
                              "--set", "sites.jupiter-campus.generation.turbines.capacity_mw=1000",
                              "--format", "json", "--output", out, "--draws", draws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("Models/buildouts/project-jupiter.yaml: error: sites.jupiter-campus: the site is off-grid (grid: none) and in draw "), "\(r)")
        #expect(r.stderr.contains("MW of its load unserved in the step 2028-"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
