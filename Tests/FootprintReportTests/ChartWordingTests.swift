import Testing
import FootprintModel
@testable import FootprintReport

/// What the charts say: inputs in words with units, legends that wrap and
/// match their marks, the heat map's time zone, the fleets chart's steps.
@Suite struct ChartWordingTests {
    @Test func inputsInWordsWithUnits() {
        #expect(InputLabel.words(path: "sites.texas-campus.pue", unit: "") == "PUE, texas-campus site")
        #expect(InputLabel.words(path: "fleets.gb300.utilization", unit: "", isFraction: true) == "Utilization, gb300 fleet (fraction)")
        #expect(InputLabel.words(path: "sites.ercot-campus.grid_trajectory.2030", unit: "")
            == "Grid intensity multiplier in 2030, ercot-campus site")
        #expect(InputLabel.words(path: "fleets.nvidia-gb300.deploy.0.capex_usd", unit: "USD")
            == "Capex, deployment 1 of nvidia-gb300 fleet (USD)")
        #expect(InputLabel.words(path: "accelerators.aws-trainium3.tdp_w", unit: "W") == "TDP, aws-trainium3 accelerator (W)")
        #expect(InputLabel.words(path: "demand.users", unit: "users") == "Users")
        // A key without wording is spaced, not dropped.
        #expect(InputLabel.words(path: "sites.x.new_key", unit: "m") == "New key, x site (m)")
    }

    @Test func fractionComesFromTheQuantitysBounds() {
        let q = Quantity(.fixed(0.6), source: nil, path: "fleets.big.utilization", unit: "", position: FilePosition(file: "m.yaml", line: 1, column: 1),
                         bounds: .fraction)
        #expect(InputLabel.words(q) == "Utilization, big fleet (fraction)")
    }

    @Test func legendWrapsLongLabelsInsteadOfCuttingThem() {
        let legend = Legend([.init(label: "Prompts × energy per prompt and then some more words", color: "#000000", mark: .bar),
                             .init(label: "short", color: "#000000", mark: .bar)])
        #expect(legend.lines[0].count > 1)
        #expect(legend.lines[0].joined(separator: " ") == "Prompts × energy per prompt and then some more words")
        #expect(legend.width <= Legend.textOffset + Legend.maxTextWidth)
        #expect(legend.height == 2 * Legend.entryHeight + Legend.lineHeight * Double(legend.lines[0].count - 1))
        // One word wider than the column stays whole: the chart grows instead.
        let long = Legend([.init(label: String(repeating: "x", count: 40), color: "#000000", mark: .bar)])
        #expect(long.lines == [[String(repeating: "x", count: 40)]])
    }

    @Test func heatMapSaysItsTimeZoneOnTheAxis() {
        let svg = Charts.hourlyMatching(Array(repeating: 0.5, count: 12 * 24), site: "s")
        #expect(svg.contains(">Hour of day (UTC)</text>"))
    }

    @Test func powerLegendMarksAreTheBandsColours() throws {
        let charts = Dictionary(uniqueKeysWithValues: try MarkdownReportTests.report().charts)
        let power = try #require(charts["power.svg"])
        #expect(!power.contains("#cccccc"))
        for color in [Charts.palette[0], Charts.palette[1]] {
            // The chart's band and the legend's swatch, both tinted polygons.
            #expect(power.components(separatedBy: "fill=\"\(color)\" fill-opacity").count - 1 == 2)
        }
    }

    @Test func fleetsAreStepsHeldOverEachYear() throws {
        let charts = Dictionary(uniqueKeysWithValues: try MarkdownReportTests.report().charts)
        let fleets = try #require(charts["fleets.svg"])
        let line = try #require(fleets.split(separator: "\n").first { $0.hasPrefix("<polyline") })
        let points = line.split(separator: "\"")[1].split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
        // Two points a year, each pair level; the plot's left edge to its right.
        #expect(points.count % 2 == 0 && points.first?[0] == Charts.left && points.last?[0] == Charts.width - Charts.right)
        for k in stride(from: 0, to: points.count, by: 2) { #expect(points[k][1] == points[k + 1][1]) }
        for k in stride(from: 1, to: points.count - 1, by: 2) { #expect(points[k][0] == points[k + 1][0]) }
    }
}
