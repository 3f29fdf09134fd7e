import Foundation
import Testing
import FootprintLoading
import FootprintModel
@testable import FootprintReport
import FootprintTestSupport

/// Every text element of a chart lies inside the chart's viewBox, measured
/// with a conservative width per character, × font size (DejaVu Sans, a
/// wide default sans-serif, measures about 0.55 on long labels and 0.62 in
/// bold headings), so a chart that passes here is not cut in a viewer.
struct TextExtent {
    static let widthPerCharacter = 0.6, boldWidthPerCharacter = 0.65
    let text: String
    let minX: Double, maxX: Double, minY: Double, maxY: Double

    /// The `<text>` elements of `svg` and the viewBox's size.
    static func measure(_ svg: String) -> (width: Double, height: Double, texts: [TextExtent]) {
        let viewBox = attribute("viewBox", in: svg)?.split(separator: " ").compactMap { Double($0) } ?? []
        var out: [TextExtent] = []
        var rest = svg[...]
        while let open = rest.range(of: "<text ") {
            guard let close = rest.range(of: "</text>", range: open.upperBound..<rest.endIndex),
                  let tagEnd = rest.range(of: ">", range: open.upperBound..<close.lowerBound) else { break }
            let tag = String(rest[open.lowerBound..<tagEnd.upperBound])
            let content = unescape(String(rest[tagEnd.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
            let x = Double(attribute("x", in: tag) ?? "0") ?? 0, y = Double(attribute("y", in: tag) ?? "0") ?? 0
            let size = Double(attribute("font-size", in: tag) ?? "16") ?? 16
            let bold = attribute("font-weight", in: tag) == "bold"
            let w = Double(content.count) * (bold ? boldWidthPerCharacter : widthPerCharacter) * size
            // Along the text: where the anchor puts it; across: ascent and descent.
            let along: (Double, Double) = switch attribute("text-anchor", in: tag) {
            case "middle": (-w / 2, w / 2)
            case "end": (-w, 0)
            default: (0, w)
            }
            if attribute("transform", in: tag)?.hasPrefix("rotate(-90") == true {
                out.append(TextExtent(text: content, minX: x - size, maxX: x + 0.25 * size, minY: y - along.1, maxY: y - along.0))
            } else {
                out.append(TextExtent(text: content, minX: x + along.0, maxX: x + along.1, minY: y - size, maxY: y + 0.25 * size))
            }
        }
        return (viewBox.count == 4 ? viewBox[2] : 0, viewBox.count == 4 ? viewBox[3] : 0, out)
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let r = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[r.upperBound...].prefix { $0 != "\"" })
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The texts of `svg` that reach outside its viewBox.
    static func overflowing(_ svg: String) -> [String] {
        let (width, height, texts) = measure(svg)
        return texts.filter { $0.minX < 0 || $0.minY < 0 || $0.maxX > width || $0.maxY > height }
            .map { "\"\($0.text)\" spans x \(Int($0.minX))…\(Int($0.maxX)), y \(Int($0.minY))…\(Int($0.maxY)) in \(Int(width))×\(Int(height))" }
    }
}

@Suite struct ChartTextFitTests {
    static let models = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Models").path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    func expectFits(_ charts: [(String, String)], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!charts.isEmpty, "\(what) has no charts", sourceLocation: sourceLocation)
        for (file, svg) in charts {
            let outside = TextExtent.overflowing(svg)
            #expect(outside.isEmpty, "\(what)/\(file): \(outside.joined(separator: "; "))", sourceLocation: sourceLocation)
        }
    }

    @Test func measuresAnchorsAndRotation() {
        let svg = """
        <svg viewBox="0 0 100 50"><text x="50" y="20" font-size="10" text-anchor="middle">abcd</text>\
        <text x="10" y="40" font-size="10" text-anchor="end">ab</text>\
        <text x="18" y="25" font-size="10" text-anchor="middle" transform="rotate(-90 18 25)">a &amp; b</text></svg>
        """
        let (w, h, texts) = TextExtent.measure(svg)
        #expect(w == 100 && h == 50 && texts.count == 3)
        #expect(texts[0].minX == 38 && texts[0].maxX == 62 && texts[0].minY == 10)
        #expect(texts[1].minX == -2)
        #expect(texts[2].text == "a & b" && texts[2].minY == 10 && texts[2].maxY == 40 && texts[2].minX == 8)
        #expect(TextExtent.overflowing(svg).count == 1)
    }

    /// The charts `footprint report` wrote for every shipped model, as
    /// committed in Reports/ (ReportsCurrentTests keeps them current).
    @Test(arguments: models)
    func committedReportCharts(_ model: String) throws {
        let name = (model as NSString).deletingPathExtension
        let dir = packageRoot.appendingPathComponent("Reports/\(name)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".svg") }.sorted()
        expectFits(try files.map { ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }, "Reports/\(name)")
    }

    /// The report's charts drawn now for every shipped model (fewer draws
    /// than the report, so the test stays quick; the text is the same kind).
    @Test(arguments: models)
    func reportCharts(_ model: String) throws {
        let plan = try EvaluationPlan(try ScenarioLoader.load(file: packageRoot.appendingPathComponent("Models/\(model)").path))
        let summary = MonteCarlo.run(plan, samples: min(plan.scenario.samples, 64), seed: plan.scenario.seed, threads: 2)
        let tornado = (try? ScenarioSensitivity.tornado(plan, metric: MarkdownReport.tornadoMetric)) ?? []
        expectFits(MarkdownReport(summary: summary, tornado: tornado, name: "x", command: "c").charts, model)
    }

    /// The sweep report's three kinds of chart: a line (one input), a heat
    /// map (a grid of two), small multiples (a Latin hypercube of three).
    @Test func sweepCharts() throws {
        let model = packageRoot.appendingPathComponent("Models/gigawatt-campus.yaml").path
        let compile = { (overrides: [String]) throws -> EvaluationPlan in
            try EvaluationPlan(try ScenarioLoader.load(file: model, overrides: overrides))
        }
        let pue = SweepAxis(path: "sites.texas-campus.pue", values: ["1.1", "1.2", "1.3"])
        let utilization = SweepAxis(path: "fleets.gb300.utilization", values: ["0.5", "0.7"])
        let host = SweepAxis(path: "accelerators.nvidia-gb300.host_w", range: 200...400)
        let cases: [([SweepAxis], Bool)] = [([pue], false), ([pue, utilization], false),
                                             ([SweepAxis(path: pue.path, range: 1.1...1.3), SweepAxis(path: utilization.path, range: 0.5...0.7), host], true)]
        for (axes, lhs) in cases {
            let variants = lhs ? Sweep.latinHypercube(axes, points: 4, seed: 1) : Sweep.grid(axes)
            let result = try Sweep.run(axes, variants, metrics: Sweep.defaultMetrics, samples: 16, seed: 1, threads: 2, compile: compile)
            let report = SweepReport(result, model: model, name: "x", command: "c", latinHypercube: lhs)
            expectFits(report.charts, "sweep over \(axes.map(\.path).joined(separator: ", "))")
        }
    }
}
