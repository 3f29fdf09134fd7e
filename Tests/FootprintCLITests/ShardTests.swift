import Foundation
import Testing

/// `run --shard I/N` and `merge`: the merged parts print what the whole run
/// prints, byte for byte; every refusal says why and writes nothing.
@Suite(.serialized) struct ShardTests {
    static let model = "Models/hybrid-buildout.yaml"

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The parts of a run sharded `n` ways (part i on 1 or 2 threads).
    static func parts(_ n: Int, in dir: URL, format: String, extra: [String] = []) throws -> [String] {
        try (1...n).map { i in
            let path = dir.appendingPathComponent("part\(i).fpp").path
            let r = try footprint(["run", model, "--format", format, "--samples", "3000", "--shard", "\(i)/\(n)",
                                   "--output", path, "--threads", String(1 + i % 2)] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return path
        }
    }

    @Test(arguments: [("json", 4), ("csv", 4), ("table", 4), ("json", 3), ("csv", 1)])
    func mergedEqualsWhole(_ format: String, _ n: Int) throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = try footprint("run", Self.model, "--format", format, "--samples", "3000", "--threads", "2")
        #expect(whole.status == 0)
        let parts = try Self.parts(n, in: dir, format: format)
        let merged = try footprint(["merge"] + parts.reversed())
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == whole.stdout)
        let one = try footprint("run", Self.model, "--format", format, "--samples", "3000", "--threads", "1")
        #expect(one.stdout == whole.stdout)
    }

    @Test func refusals() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.json").path
        for bad in ["5/4", "0/0", "0/4", "2", "a/b"] {
            let r = try footprint("run", Self.model, "--shard", bad, "--output", out)
            #expect(r.status != 0 && r.stderr.contains("--shard takes I/N with 1 <= I <= N"), "\(bad): \(r.stderr)")
        }
        let noOutput = try footprint("run", Self.model, "--shard", "1/2")
        #expect(noOutput.status != 0 && noOutput.stderr.contains("give it --output FILE"))

        let parts = try Self.parts(3, in: dir, format: "json")
        func refused(_ files: [String], _ message: String) throws {
            let r = try footprint(["merge"] + files + ["--output", out])
            #expect(r.status == 1 && r.stderr.contains(message), "\(message): \(r.stderr)")
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
}
