import Foundation
import Testing

/// `run --shard I/N` and `merge`: the merged parts print what the whole run
/// prints, byte for byte; every refusal says why and writes nothing.
@Suite(.serialized) struct ShardTests {
    static let model = "Models/hybrid-buildout.yaml"

    /// The parts of a run sharded `n` ways (part i on 1 or 2 threads).
    static func parts(_ n: Int, in dir: URL, format: String, extra: [String] = []) throws -> [String] {
        try (1...n).map { i in
            let path = dir.appendingPathComponent("part\(i).fpp").path
            let r = try footprint(["run", model, "--format", format, "--samples", "3000", "--shard", "\(i)/\(n)",
                                   "--output", path, "--threads", String(1 + i % 2)] + extra)
            #expect(r.status == 0, "\(r)")
            return path
        }
    }

    /// One merge per command here: the Slurm test (make slurm-test) merges
    /// JSON and CSV runs, a sweep and a Sobol analysis of 4 shards each, and
    /// MonteCarloTests and SensitivityTests merge parts for several N and
    /// threads in the library. This is the format and uneven split they do
    /// not: the table of 3000 draws in 3 parts.
    @Test func mergedEqualsWhole() throws {
        let (format, n) = ("table", 3)
        let dir = try temporaryFolder("shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = try footprint("run", Self.model, "--format", format, "--samples", "3000", "--threads", "2")
        #expect(whole.status == 0, "\(whole)")
        let parts = try Self.parts(n, in: dir, format: format)
        let merged = try footprint(["merge"] + parts.reversed())
        #expect(merged.status == 0, "\(merged)")
        #expect(merged.stdout == whole.stdout)
        let one = try footprint("run", Self.model, "--format", format, "--samples", "3000", "--threads", "1")
        #expect(one.stdout == whole.stdout)
    }

    @Test func refusals() throws {
        let dir = try temporaryFolder("shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.json").path
        for bad in ["5/4", "0/0", "0/4", "2", "a/b"] {
            let r = try footprint("run", Self.model, "--shard", bad, "--output", out)
            #expect(r.status != 0 && r.stderr.contains("--shard takes I/N with 1 <= I <= N"), "\(bad): \(r)")
        }
        let noOutput = try footprint("run", Self.model, "--shard", "1/2")
        #expect(noOutput.status != 0 && noOutput.stderr.contains("give it --output FILE"))

        let parts = try Self.parts(3, in: dir, format: "json")
        func refused(_ files: [String], _ message: String) throws {
            let r = try footprint(["merge"] + files + ["--output", out])
            #expect(r.status == 1 && r.stderr.contains(message), "\(message): \(r)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        try refused([parts[0], parts[2]], "missing part 2/3")
        try refused([parts[0], parts[1], parts[1], parts[2]], "part 2/3 given more than once")
        // Another seed, sample count, format or model.
        let other = dir.appendingPathComponent("other").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        for (extra, what) in [(["--seed", "99"], "seed"), (["--samples", "2000"], "samples"), (["--format", "csv"], "format"),
                              (["--set", "scenario.resolution=month"], "model SHA-256")] as [([String], String)] {
            let path = other + "/p2.fpp"
            var args = ["run", Self.model, "--format", "json", "--samples", "3000", "--shard", "2/3", "--output", path]
            for (i, a) in extra.enumerated() where i % 2 == 0 {
                if let k = args.firstIndex(of: a) { args[k + 1] = extra[i + 1] } else { args += [a, extra[i + 1]] }
            }
            #expect(try footprint(args).status == 0)
            try refused([parts[0], path, parts[2]], what == "model SHA-256" ? "overrides" : "has \(what)")
        }
        // Truncated, and not a part at all.
        let data = try Data(contentsOf: URL(fileURLWithPath: parts[1]))
        let cut = dir.appendingPathComponent("cut.fpp").path
        try data.prefix(data.count - 100).write(to: URL(fileURLWithPath: cut))
        try refused([parts[0], cut, parts[2]], "truncated")
        try refused([parts[0], Self.model, parts[2]], "not a footprint part file")
    }

    static let sweepArguments = ["sweep", model, "--vary", "sites.aws-us-east-1.pue=1.1,1.3",
                                 "--vary", "fleets.trainium2.utilization=0.5,0.7", "--samples", "400"]

    /// `n` parts of `arguments` (part i on 1 or 2 threads), written to `dir`.
    static func parts(of arguments: [String], _ n: Int, in dir: URL, name: String) throws -> [String] {
        try (1...n).map { i in
            let path = dir.appendingPathComponent("\(name)\(i).fpp").path
            let r = try footprint(arguments + ["--shard", "\(i)/\(n)", "--output", path, "--threads", String(1 + i % 2)])
            #expect(r.status == 0, "\(r)")
            return path
        }
    }

    /// A sweep of two inputs sharded 4 ways merges into the whole sweep, as
    /// JSON (the Slurm test merges its CSV).
    @Test func sweepMergedEqualsWhole() throws {
        let dir = try temporaryFolder("shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = Self.sweepArguments + ["--format", "json"]
        let whole = try footprint(arguments + ["--threads", "2"])
        #expect(whole.status == 0, "\(whole)")
        let parts = try Self.parts(of: arguments, 4, in: dir, name: "sweep")
        let merged = try footprint(["merge"] + parts.reversed())
        #expect(merged.status == 0, "\(merged)")
        #expect(merged.stdout == whole.stdout)
    }

    /// Sobol sharded 3 ways merges into the whole analysis, which is the
    /// same on 1 and 2 threads, as a table (the Slurm test merges Sobol's
    /// JSON from 4 shards; SensitivityTests merges tornado parts).
    @Test func sensitivityMergedEqualsWhole() throws {
        let (method, n, format) = ("sobol", 3, "table")
        let dir = try temporaryFolder("shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = ["sensitivity", Self.model, "--method", method, "--base-samples", "256", "--format", format]
        let whole = try footprint(arguments + ["--threads", "2"])
        #expect(whole.status == 0, "\(whole)")
        let one = try footprint(arguments + ["--threads", "1"])
        #expect(one.stdout == whole.stdout)
        let parts = try Self.parts(of: arguments, n, in: dir, name: method)
        let merged = try footprint(["merge"] + parts.reversed())
        #expect(merged.status == 0, "\(merged)")
        #expect(merged.stdout == whole.stdout)
    }

    @Test func sweepAndSensitivityRefusals() throws {
        let dir = try temporaryFolder("shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.txt").path
        func refused(_ arguments: [String], _ message: String) throws {
            let r = try footprint(arguments + ["--output", out])
            #expect(r.status != 0 && r.stderr.contains(message), "\(message): \(r)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        try refused(Self.sweepArguments + ["--shard", "1/2", "--report", dir.appendingPathComponent("r.md").path],
                    "--report charts the whole sweep")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.md").path))
        let noOutput = try footprint(["sensitivity", Self.model, "--shard", "1/2"])
        #expect(noOutput.status != 0 && noOutput.stderr.contains("give it --output FILE"))

        let sweep = try Self.parts(of: Self.sweepArguments + ["--format", "csv"], 2, in: dir, name: "sweep")
        let run = try Self.parts(of: ["run", Self.model, "--samples", "400", "--format", "csv"], 2, in: dir, name: "run")
        try refused(["merge", sweep[0], run[1]], "has command run but")
        var otherVary = Self.sweepArguments + ["--format", "csv"]
        otherVary[otherVary.firstIndex(of: "sites.aws-us-east-1.pue=1.1,1.3")!] = "sites.aws-us-east-1.pue=1.1,1.4"
        let other = try Self.parts(of: otherVary, 2, in: dir, name: "other")
        try refused(["merge", sweep[0], other[1]], "has options --vary sites.aws-us-east-1.pue=1.1,1.4")

        let base = ["sensitivity", Self.model, "--base-samples", "64"]
        let sobol = try Self.parts(of: base, 2, in: dir, name: "sobol")
        let metric = try Self.parts(of: base + ["--metric", "energy_facility_mwh"], 2, in: dir, name: "metric")
        let tornado = try Self.parts(of: base + ["--method", "tornado"], 2, in: dir, name: "tornado")
        try refused(["merge", sobol[0], metric[1]], "--metric energy_facility_mwh")
        try refused(["merge", sobol[0], tornado[1]], "--method tornado")
        try refused(["merge", sobol[0], sweep[1]], "has command sweep but")
    }
}
