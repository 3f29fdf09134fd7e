import Foundation
import Testing

/// The reports committed in Reports/ are what the current code writes for the
/// current Models/: regenerate them with `make reports` when model, catalog or
/// report code changes.
@Suite struct ReportsCurrentTests {
    static let hint = "Reports/ is stale: run `make reports` and commit the result"

    func committed(_ relative: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent(relative), encoding: .utf8)
    }

    @Test(arguments: shippedModels)
    func markdownAndChartsAreCurrent(_ model: String) throws {
        let name = (model as NSString).deletingPathExtension
        let dir = try temporaryFolder("reports")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("\(name).md")
        let r = try footprint("report", "Models/\(model)", "--output", out.path)
        try #require(r.status == 0, "\(r)")
        let fresh = try String(contentsOf: out, encoding: .utf8)
        let old = try committed("Reports/\(name).md")
        #expect(fresh == old, "Reports/\(name).md differs. \(Self.hint)")
        let freshCharts = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(name).path).sorted()
        let oldCharts = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Reports/\(name)").path)) ?? [])
            .filter { $0.hasSuffix(".svg") }.sorted()
        #expect(freshCharts == oldCharts, "charts of \(name). \(Self.hint)")
        #expect(!freshCharts.isEmpty)
        for chart in freshCharts where oldCharts.contains(chart) {
            let a = try String(contentsOf: dir.appendingPathComponent(name).appendingPathComponent(chart), encoding: .utf8)
            #expect(a == (try committed("Reports/\(name)/\(chart)")), "Reports/\(name)/\(chart) differs. \(Self.hint)")
        }
    }

    @Test(arguments: shippedModels)
    func jsonAndCSVAreCurrent(_ model: String) throws {
        let name = (model as NSString).deletingPathExtension
        for format in ["json", "csv"] {
            let r = try footprint("run", "Models/\(model)", "--format", format)
            try #require(r.status == 0, "\(r)")
            #expect(r.stdout == (try committed("Reports/\(name).\(format)")), "Reports/\(name).\(format) differs. \(Self.hint)")
        }
    }

    /// Every shipped model's disclosure pack runs; the default scenario's is
    /// committed (Reports/hybrid-buildout-disclosure.md, .csv, .json) and current.
    @Test(arguments: shippedModels)
    func disclosurePacksRunAndTheDefaultIsCurrent(_ model: String) throws {
        let name = (model as NSString).deletingPathExtension
        let dir = try temporaryFolder("disclose")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("\(name)-disclosure.md")
        let r = try footprint("disclose", "Models/\(model)", "--output", out.path)
        try #require(r.status == 0, "\(r)")
        guard name == "hybrid-buildout" else { return }
        for ext in ["md", "csv", "json"] {
            let fresh = try String(contentsOf: dir.appendingPathComponent("\(name)-disclosure.\(ext)"), encoding: .utf8)
            #expect(fresh == (try committed("Reports/\(name)-disclosure.\(ext)")), "Reports/\(name)-disclosure.\(ext) differs. \(Self.hint)")
        }
    }

    /// The league of the shipped build-outs (Reports/buildouts.md, as
    /// `make reports` writes it) is current, ranked by power capacity.
    @Test func leagueIsCurrentAndRanked() throws {
        let dir = try temporaryFolder("league")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("buildouts.md")
        let models = ["Models/hybrid-buildout.yaml", "Models/gigawatt-campus.yaml", "Models/offgrid-gas-campus.yaml", "Models/solar-wind-campus.yaml"]
        let r = try footprint(["league"] + models + ["--output", out.path])
        try #require(r.status == 0, "\(r)")
        let fresh = try String(contentsOf: out, encoding: .utf8)
        #expect(fresh == (try committed("Reports/buildouts.md")), "Reports/buildouts.md differs. \(Self.hint)")
        let chart = try String(contentsOf: dir.appendingPathComponent("buildouts/power.svg"), encoding: .utf8)
        #expect(chart == (try committed("Reports/buildouts/power.svg")), "Reports/buildouts/power.svg differs. \(Self.hint)")
        // Ranked: the capacities in the table's rows decrease.
        let rows = fresh.split(separator: "\n").filter { $0.hasPrefix("| 1 |") || $0.hasPrefix("| 2 |") || $0.hasPrefix("| 3 |") || $0.hasPrefix("| 4 |") }
        let capacities = rows.map { Double($0.split(separator: "|")[3].trimmingCharacters(in: .whitespaces).split(separator: " ")[0]) ?? .nan }
        #expect(capacities.count == 4 && capacities == capacities.sorted(by: >), "\(capacities)")
    }
}
