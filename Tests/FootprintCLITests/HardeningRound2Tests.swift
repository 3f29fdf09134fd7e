import Foundation
import Testing

/// The second hardening round: each kind of failure a hostile input found
/// is now a clear refusal with nothing written or destroyed.
@Suite(.serialized) struct HardeningRound2Tests {
    /// Resource checks look at the work the command will do.
    @Test func resourceChecksCountTheRealWork() throws {
        let sobol = try footprint("sensitivity", "--base-samples", "100000000")
        #expect(sobol.status == 1 && sobol.stderr.contains("--base-samples") && sobol.stderr.contains("memory"), "\(sobol)")
        let sweep = try footprint("sweep", "--vary", "sites.aws-us-east-1.pue=1.1:1.5", "--vary", "fleets.trainium2.utilization=0.5:0.9",
                                  "--lhs", "100000", "--samples", "10000000")
        #expect(sweep.status == 1 && sweep.stderr.contains("would take about"), "\(sweep)")
        // The file asks for ten million draws of 25 hourly years; --samples 10 is what runs.
        let dir = try temporaryFolder("hardening")
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("long.yaml")
        try """
            scenario: {name: long, horizon: {start: 2025-01-01, end: 2050-01-01}, resolution: hour, samples: 10000000}
            sites: [{name: s, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: 1.2}]
            fleets: [{name: f, accelerator: {tdp_w: 1000, idle_w: 100, source: test}, site: s, avg_power_w: {dist: uniform, min: 700, max: 900}, lifetime_years: 30, deploy: [{date: 2025-01-01, units: 10}]}]
            """.write(to: model, atomically: true, encoding: .utf8)
        let run = try footprint("run", model.path, "--samples", "10")
        #expect(run.status == 0, "\(run)")
    }

    /// Sizes and headers before whole-file reads.
    @Test func hugeFilesAreRefusedBeforeTheyAreRead() throws {
        let dir = try temporaryFolder("hardening")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, size) in [("big.fpp", 1 << 30), ("big.csv", 4 << 30)] {
            let path = dir.appendingPathComponent(name).path
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let h = try #require(FileHandle(forWritingAtPath: path))
            try h.truncate(atOffset: UInt64(size))
            try h.close()
        }
        let merge = try footprint("merge", dir.appendingPathComponent("big.fpp").path)
        #expect(merge.status == 1 && merge.stderr.contains("not a footprint part file"), "\(merge)")
        let calibrate = try footprint("calibrate", dir.appendingPathComponent("big.csv").path)
        #expect(calibrate.status != 0 && calibrate.stderr.contains("telemetry files are limited to"), "\(calibrate)")
    }

    /// Devices are written, not replaced; an output that is an input or
    /// another output is refused.
    @Test func outputTargets() throws {
        let null = try footprint("run", "--samples", "10", "--output", "/dev/null")
        #expect(null.status == 0)
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still a device")
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = try footprint("run", "--samples", "100", "--draws", "/dev/full")
            #expect(full.status != 0 && full.stderr.contains("/dev/full"), "\(full)")
        }
        let dir = try temporaryFolder("hardening")
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.yaml").path
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("Models/gpt3-training.yaml").path, toPath: model)
        let before = try Data(contentsOf: URL(fileURLWithPath: model))
        let own = try footprint("run", model, "--draws", model)
        #expect(own.status != 0 && own.stderr.contains("is the model file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == before)
        let x = dir.appendingPathComponent("x.csv").path
        let same = try footprint("run", model, "--draws", x, "--output", x)
        #expect(same.status != 0 && same.stderr.contains("are the same file") && !FileManager.default.fileExists(atPath: x))
        let empty = try footprint("run", model, "--draws", "")
        #expect(empty.status != 0 && empty.stderr.contains("the --draws path is empty"))
    }

    /// A negative value is named as wrong, not as missing.
    @Test(arguments: [
        (["sweep", "--vary", "sites.aws-us-east-1.pue=1:2", "--lhs", "-5"], "--lhs must be 2 points or more, not -5"),
        (["run", "--seed", "-1"], "The value '-1' is invalid for '--seed"),
        (["run", "--threads", "-3"], "--threads must be 1 or more, not -3"),
        (["run", "--samples", "-1"], "--samples must be 1 or more (1 = central values), not -1"),
    ])
    func negativeValuesAreNamed(_ arguments: [String], _ expected: String) throws {
        let r = try footprint(arguments)
        #expect(r.status == 64 && r.stderr.contains(expected) && !r.stderr.contains("Missing value"), "\(r)")
    }

    /// What make fuzz-options found: a path of one space trapped inside
    /// Foundation's path splitting, --samples 2^63 - 1 overflowed the block
    /// count, and a FIFO given as a part or a model blocked forever.
    @Test func fuzzFindings() throws {
        let dir = try temporaryFolder("hardening")
        defer { try? FileManager.default.removeItem(at: dir) }
        let space = dir.appendingPathComponent(" ").path
        let catalog = try footprint("catalog", "--output", space)
        #expect(catalog.status == 0, "\(catalog)")
        let huge = try footprint("disclose", "Models/gpt3-training.yaml", "--samples", "9223372036854775807")
        #expect(huge.status == 64 && huge.stderr.contains("more draws than any run can hold"), "\(huge)")
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let merge = try footprint("merge", fifo)
        #expect(merge.status == 1 && merge.stderr.contains("a part must be a regular file"), "\(merge)")
        let run = try footprint("run", fifo)
        #expect(run.status == 1 && run.stderr.contains("a model must be a regular file"), "\(run)")
    }

    /// Ten axes of 100 values are 10^20 combinations: counted without
    /// overflow and refused (the options fuzzer's helper found the trap).
    @Test func sweepCombinationsDoNotOverflow() throws {
        let paths = ["sites.aws-us-east-1.pue", "sites.aws-us-east-2.pue", "sites.texas-nvidia.pue", "fleets.trainium2.utilization",
                     "fleets.trainium3.utilization", "fleets.nvidia-gb200.utilization", "fleets.nvidia-gb300.utilization",
                     "sites.aws-us-east-1.wue_l_per_kwh", "sites.aws-us-east-2.wue_l_per_kwh", "sites.texas-nvidia.wue_l_per_kwh"]
        let r = try footprint(["sweep", "--samples", "10"] + paths.flatMap { ["--vary", "\($0)=1:2:100"] })
        #expect(r.status == 64 && r.stderr.contains("more than 10^18 variants is more than a million"), "\(r)")
    }
}
