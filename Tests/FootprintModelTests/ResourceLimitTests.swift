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

    /// A century at hourly resolution: 876,576 steps, 100 periods; with a
    /// million draws every period of the total, fleet and site is stored:
    /// 3 scopes × 101 periods × M metrics + 3 × I intensities, 8 bytes each
    /// (+3/64 for block partials), + 10 bytes per draw and worker: with
    /// today's 16 metrics and 5 intensities, 4,863 columns and 40.8 GB.
    @Test func centuryHourlyWithAMillionDrawsIsRefused() throws {
        let s = try Self.century(resolution: "hour")
        let e = ResourceLimits.estimate(s, samples: 1_000_000, threads: 2)
        let columns = 3 * 101 * Metric.allCases.count + 3 * IntensityMetric.allCases.count
        let bytes = 1e6 * Double(columns) * 8 * (1 + 3.0 / 64) + 2 * 1e6 * 10
        #expect(e.steps == 876_576)
        #expect(e.periods == 100)
        #expect(e.columns == columns)
        #expect(abs(e.drawBytes - bytes) < 1)
        do {
            try Self.limits.check(s, samples: 1_000_000, threads: 2)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].key == "scenario.samples")
            let gb = String(format: "%.1f", (bytes + e.planBytes) / 1e9)
            #expect(error.problems[0].message.hasPrefix("1,000,000 draws of \(grouped(columns)) outputs need about \(gb) GB of memory, more than the 16.0 GB"),
                    "\(error.problems[0].message)")
            let fit = Int((16e9 - e.planBytes) / ((bytes) / 1e6))
            #expect(error.problems[0].message.contains("use at most \(grouped(fit)) samples"), "\(error.problems[0].message)")
        }
    }

    @Test func aBillionSamplesAreRefused() throws {
        let s = try scenario(oneFleet())
        #expect(throws: ResourceLimitExceeded.self) { try Self.limits.check(s, samples: 1_000_000_000) }
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
        let dir = "\(packageRoot)/Models"
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
        do { _ = try scenario(yaml, file: dir.appendingPathComponent("m.yaml").path); Issue.record("accepted") } catch let e as ModelErrors {
            #expect(e.issues.map(\.message).contains { $0.contains("is 8000000000 bytes; a profile holds 8,760 values") })
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
