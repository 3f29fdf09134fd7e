import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel
@testable import FootprintReport
import FootprintTestSupport

let reportTestsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

/// Compares with a golden file; with FOOTPRINT_UPDATE_GOLDEN=1 rewrites it
/// instead (then review the diff).
func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = reportTestsRoot.appendingPathComponent("Golden").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["FOOTPRINT_UPDATE_GOLDEN"] == "1" {
        try Data(withoutCommit(text).utf8).write(to: url)
        return
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(withoutCommit(text) == withoutCommit(golden), "\(name) differs from its golden file; run `make golden` and review the diff", sourceLocation: sourceLocation)
}

@Suite struct SVGWriterTests {
    @Test func goldenDocument() throws {
        var svg = SVGDocument(width: 200, height: 100, title: "A <test> & chart", description: "desc")
        svg.line(0, 0, 10.25, 20.04, stroke: "#000000")
        svg.rect(1, 2, 3, 4, fill: "#ff0000", title: "bar")
        svg.polyline([(0, 0), (1.16, 2.5)], stroke: "#00ff00")
        svg.polygon([(0, 0), (1, 1), (2, 0)], fill: "#0000ff", opacity: 0.25)
        svg.circle(5, 5, 2, fill: "#123456")
        svg.text(10, 10, "x < y", size: 11, anchor: .middle, weight: "bold", rotate: -90)
        try expectGolden(svg.text, "document.svg")
    }

    @Test func numbersHaveOneDecimalAndNoLocale() {
        #expect(SVGDocument.n(1.25) == "1.3" || SVGDocument.n(1.25) == "1.2")
        #expect(SVGDocument.n(-0.44) == "-0.4")
        #expect(SVGDocument.n(3) == "3")
        #expect(SVGDocument.n(.nan) == "0")
    }

    @Test func ticksAreNice() {
        #expect(AxisTicks.ticks(0, 10) == [0, 2, 4, 6, 8, 10])
        #expect(AxisTicks.ticks(0, 3.7) == [0, 1, 2, 3])
        #expect(AxisTicks.niceMaximum(3.63) == 4)
    }

    @Test func humanNumbers() {
        #expect(HumanNumber.format(12_345_678.9) == "12,300,000")
        #expect(HumanNumber.format(1.2894) == "1.29")
        #expect(HumanNumber.format(0.0247) == "0.0247")
        #expect(HumanNumber.format(553.14) == "553")
        #expect(HumanNumber.trimmed(4.0) == "4")
    }
}

@Suite struct MarkdownReportTests {
    static let model = packageRoot.appendingPathComponent("Tests/FootprintReportTests/Golden/small-buildout.yaml").path

    static func report() throws -> MarkdownReport {
        let plan = try EvaluationPlan(try ScenarioLoader.load(file: model))
        let summary = MonteCarlo.run(plan, samples: 200, seed: 7, threads: 2)
        let tornado = try ScenarioSensitivity.tornado(plan, metric: MarkdownReport.tornadoMetric)
        let shares = try QualityShares.compute(plan, metrics: MarkdownReport.qualityMetrics(plan), n: QualityShares.baseRows(forSamples: 200), threads: 2)
        return MarkdownReport(summary: summary, tornado: tornado, qualityShares: shares, name: "small-buildout", command: "footprint report small-buildout.yaml --samples 200 --seed 7")
    }

    /// The whole report and every chart against reviewed golden files.
    @Test func goldenReport() throws {
        let r = try Self.report()
        try expectGolden(r.markdown.replacingOccurrences(of: Self.model, with: "small-buildout.yaml"), "small-buildout.md")
        for (file, svg) in r.charts { try expectGolden(svg, "small-buildout-\(file)") }
    }

    @Test func hasAllEightParts() throws {
        let md = try Self.report().markdown
        for heading in ["# Small build-out", "## Headline", "## Totals", "## By year", "## By fleet", "## By site", "## Charts",
                        "## Sensitivity", "## Assumptions", "## Method", "SHA-256", "Reproduce: `footprint report"] {
            #expect(md.contains(heading), "\(heading)")
        }
        #expect(md.contains("P5–P95"))
        #expect(md.contains("**assumption of the scenario's author**"))
    }

    @Test func byteIdenticalAcrossRunsAndThreads() throws {
        let plan = try EvaluationPlan(try ScenarioLoader.load(file: Self.model))
        let a = MonteCarlo.run(plan, samples: 300, seed: 1, threads: 1)
        let b = MonteCarlo.run(plan, samples: 300, seed: 1, threads: 2)
        let ra = MarkdownReport(summary: a, tornado: [], name: "x", command: "c")
        let rb = MarkdownReport(summary: b, tornado: [], name: "x", command: "c")
        #expect(ra.markdown == rb.markdown)
        #expect(ra.charts.map(\.1) == rb.charts.map(\.1))
    }

    /// A run that fails while writing leaves the previous report as it was.
    @Test func failingWriteLeavesOldReportUntouched() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-report-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.md").path
        try ReportWriter.write(markdown: "old", charts: [("a.svg", "<svg/>")], to: path)
        // A chart name that cannot be a file makes the staging step fail.
        #expect(throws: (any Error).self) {
            try ReportWriter.write(markdown: "new", charts: [("no/such/dir/b.svg", "<svg/>")], to: path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r/a.svg").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["r", "r.md"])
        try ReportWriter.write(markdown: "new", charts: [("b.svg", "<svg/>")], to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("r").path) == ["b.svg"])
    }
}

/// The terminal table of Sobol indices: a negative first-order estimate
/// (sampling noise around zero) widens its column instead of being cut.
@Suite struct SobolTableTests {
    @Test func aNegativeEstimateIsNotCut() {
        func entry(_ name: String, _ s: Double, _ st: Double) -> ScenarioSensitivity.SobolEntry {
            ScenarioSensitivity.SobolEntry(parameter: name, index: SobolIndices.Index(firstOrder: s, total: st, firstOrderInterval: (s - 0.01, s + 0.01),
                                                                                      totalInterval: (st - 0.01, st + 0.01)))
        }
        let table = SensitivityExport.sobolTable([entry("a", 0.5, 0.6), entry("b", -0.02, 0.004)], metric: MetricSelector("energy_facility_mwh")!, samples: 64)
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[2] == "parameter  first-order             total")
        #expect(lines[3] == "a          0.500 [0.490, 0.510]    0.600 [0.590, 0.610]")
        #expect(lines[4] == "b          -0.020 [-0.030, -0.010] 0.004 [-0.006, 0.014]")
    }
}
