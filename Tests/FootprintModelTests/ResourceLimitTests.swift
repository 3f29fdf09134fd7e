import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel

/// Plans that would need more memory or time than allowed are refused
/// before anything is allocated, with the size and what to change.
@Suite struct ResourceLimitTests {
    /// This test machine's kind of limits, fixed so the tests do not depend
    /// on the machine: 16 GB and 12 hours.
    static let limits = ResourceLimits(memoryBytes: 16e9, seconds: 12 * 3600)

    static func century(resolution: String, pue: String = "1.2") throws -> Scenario {
        try scenario(oneFleet(resolution: resolution, horizonEnd: "2126-01-01")
            .replacingOccurrences(of: "pue: 1.2", with: "pue: \(pue)"))
    }

    /// A century at hourly resolution: 876,576 steps, 100 periods; with
    /// every period of the total, fleet and site stored, 3 scopes × 101
    /// periods × M metrics + 3 × I intensities: with today's 42 metrics and
    /// 5 intensities, 12,741 columns. Memory is nearly flat in the draws: a
    /// million draws do not fit in 80 MiB, so a pilot of max(16, 8 MiB ÷
    /// (12,741 × 8 × 64)) = 16 blocks (1,024 draws) of every column,
    /// one histogram of 2,050 4-byte counts per column (whatever the
    /// workers), and one bucket of n/2,048 values per probability and
    /// column, twice: 104.4 + 104.5 + 298.6 MB at a million draws, which fit
    /// in 16 GB; a billion draws do not (256 GB of gathered values), and the
    /// message says how many would.
    @Test func drawMemoryIsNearlyFlat() throws {
        let s = try Self.century(resolution: "hour")
        let e = ResourceLimits.estimate(s, samples: 1_000_000, threads: 2)
        let columns = 3 * 101 * Metric.allCases.count + 3 * IntensityMetric.allCases.count
        #expect(columns == 12_741)
        let c = Double(columns)
        let bytes = 1_024 * c * 8 + c * 2_050 * 4 + c * 3 * (1e6 / 2_048) * 8 * 2
        #expect(e.steps == 876_576)
        #expect(e.periods == 100)
        #expect(e.columns == columns)
        #expect(abs(e.drawBytes - bytes) < 1)
        #expect(abs(bytes - 507.5e6) < 0.1e6)
        // Ten thousand draws: the same pilot and histograms, fewer values.
        let small = ResourceLimits.estimate(s, samples: 10_000, threads: 2)
        #expect(abs(e.drawBytes - small.drawBytes - c * 3 * 16 * (1e6 - 1e4) / 2_048) < 1)
        try Self.limits.check(s, samples: 1_000_000, threads: 2)
        do {
            try Self.limits.check(s, samples: 1_000_000_000, threads: 2)
            Issue.record("accepted")
        } catch {
            let memory = error.problems.first { $0.message.contains("of memory") }
            #expect(memory?.key == "scenario.samples")
            #expect(memory?.message.hasPrefix("1,000,000,000 draws of 12,741 outputs need about 2") == true, "\(error.problems)")
            // The most draws that fit: 16 GB less the plan and the fixed part,
            // at c × 3 × 16 / 2048 bytes per draw.
            let fixed = e.planBytes + 1_024 * c * 8 + c * 2_050 * 4
            let fit = Int((16e9 - fixed) / (c * 3 * 16 / 2_048))
            #expect(memory?.message.contains("use at most \(grouped(fit)) samples") == true || memory?.message.contains("use at most \(grouped(fit + 1)) samples") == true,
                    "\(memory?.message ?? "")")
        }
    }

    /// Memory grows with the draws only through the gathered values (about
    /// 23 MB per output column per billion draws), so a billion draws of one
    /// year fit in 16 GB; ten billion do not.
    @Test func tenBillionSamplesAreRefused() throws {
        let s = try scenario(oneFleet())
        #expect(throws: ResourceLimitExceeded.self) { try Self.limits.check(s, samples: 10_000_000_000) }
        // A million draws of one year fit.
        try Self.limits.check(s, samples: 1_000_000)
    }

    /// Time: with a PUE that changes over the century every draw walks the
    /// 876,576 steps (about 12 + 3 × 2 ns each): 1,000 draws take about 16
    /// s, a million about 4 hours on one thread.
    @Test func stepByStepDrawsAreBoundedInTime() throws {
        let s = try Self.century(resolution: "hour", pue: "{2026: 1.3, 2100: 1.1}")
        let e = ResourceLimits.estimate(s, samples: 1_000_000, outputs: .totals, threads: 1)
        #expect(!e.closedForm)
        #expect(abs(e.seconds - 1e6 * 876_576 * 18e-9) < 1)
        let tight = ResourceLimits(memoryBytes: 16e9, seconds: 3600)
        do { try tight.check(s, samples: 1_000_000, outputs: .totals); Issue.record("accepted") } catch {
            #expect(error.problems.map(\.message).contains { $0.contains("would take about 4.4 hours, more than the 1.0 hours allowed") && $0.contains("use at most 228,160 samples") }, "\(error.problems)")
        }
        try tight.check(s, samples: 1000, outputs: .totals)
    }

    /// The plan itself: per-step arrays of a century at hourly resolution
    /// are about 57 MB here; refused under a 20 MB limit, with the advice
    /// to coarsen.
    @Test func planTooLargeForMemoryIsRefused() throws {
        let s = try Self.century(resolution: "hour")
        let small = ResourceLimits(memoryBytes: 20e6, seconds: 3600)
        do { try small.check(s, samples: 1); Issue.record("accepted") } catch {
            #expect(error.problems[0].key == "scenario.resolution")
            #expect(error.problems[0].message.contains("876,576 steps (2026-01-01 to 2126-01-01 at hour resolution)"))
            #expect(error.problems[0].message.contains("use a coarser resolution"))
        }
        try small.check(try Self.century(resolution: "month"), samples: 1)
    }

    /// Every shipped model runs within this machine's limits.
    @Test func shippedModelsFit() throws {
        let dir = "\(packageRoot.path)/Models"
        for f in try FileManager.default.contentsOfDirectory(atPath: dir) where f.hasSuffix(".yaml") {
            let s = try ScenarioLoader.load(file: "\(dir)/\(f)")
            try ResourceLimits.machine.check(s, samples: s.samples, threads: 2)
        }
    }

    /// A CSV of a billion rows (a sparse file of 8 GB) is refused from its
    /// size, without reading it.
    @Test func billionRowProfileIsRefusedUnread() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-bigcsv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("huge.csv")
        #expect(FileManager.default.createFile(atPath: csv.path, contents: Data("0.5\n".utf8)))
        let handle = try FileHandle(forWritingTo: csv)
        try handle.truncate(atOffset: 8_000_000_000)
        try handle.close()
        let yaml = oneFleet().replacingOccurrences(of: "grid: {intensity_kg_per_kwh: 0.4, source: test}",
                                                   with: "grid: {intensity_kg_per_kwh: 0.4, source: test, hourly_profile: huge.csv}")
        let start = Date()
        do { _ = try scenario(yaml, file: dir.appendingPathComponent("m.yaml").path); Issue.record("accepted") } catch let e {
            #expect(e.issues.map(\.message).contains { $0.contains("is 8000000000 bytes; a profile holds 8,760 values") })
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
