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
        #expect(withoutCommit(fresh) == withoutCommit(old), "Reports/\(name).md differs. \(Self.hint)")
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
            #expect(withoutCommit(fresh) == withoutCommit(try committed("Reports/\(name)-disclosure.\(ext)")), "Reports/\(name)-disclosure.\(ext) differs. \(Self.hint)")
        }
    }

    /// The campuses of Models/buildouts/: each one's report in
    /// Reports/buildouts/ and their league (Reports/buildouts.md, as `make
    /// reports` writes them) are current, the league ranked by power capacity.
    @Test func buildoutsAndTheirLeagueAreCurrent() throws {
        let folder = packageRoot.appendingPathComponent("Models/buildouts")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!names.isEmpty)
        let dir = try temporaryFolder("league")
        defer { try? FileManager.default.removeItem(at: dir) }
        for n in names {
            let stem = String(n.dropLast(5))
            let out = dir.appendingPathComponent("buildouts/\(stem).md")
            let r = try footprint("report", "Models/buildouts/\(n)", "--output", out.path)
            try #require(r.status == 0, "\(r)")
            #expect(withoutCommit(try String(contentsOf: out, encoding: .utf8)) == withoutCommit(try committed("Reports/buildouts/\(stem).md")), "Reports/buildouts/\(stem).md differs. \(Self.hint)")
        }
        let out = dir.appendingPathComponent("buildouts.md")
        let r = try footprint(["league"] + names.map { "Models/buildouts/\($0)" } + ["--output", out.path])
        try #require(r.status == 0, "\(r)")
        let fresh = try String(contentsOf: out, encoding: .utf8)
        #expect(withoutCommit(fresh) == withoutCommit(try committed("Reports/buildouts.md")), "Reports/buildouts.md differs. \(Self.hint)")
        let chart = try String(contentsOf: dir.appendingPathComponent("buildouts/league-power.svg"), encoding: .utf8)
        #expect(chart == (try committed("Reports/buildouts/league-power.svg")), "Reports/buildouts/league-power.svg differs. \(Self.hint)")
        // Ranked: the capacities in the table's rows decrease.
        let rows = fresh.split(separator: "\n").filter { $0.range(of: #"^\| [0-9]+ \|"#, options: .regularExpression) != nil }
        let header = try #require(fresh.split(separator: "\n").first { $0.hasPrefix("| Rank |") })
        let column = try #require(header.split(separator: "|").firstIndex { $0.contains("Power capacity") })
        let capacities = rows.map { Double($0.split(separator: "|")[column].trimmingCharacters(in: .whitespaces).split(separator: " ")[0]) ?? .nan }
        #expect(capacities.count == names.count && capacities == capacities.sorted(by: >), "\(capacities)")
    }

    /// Every value of a build-out has a source or is stated as an
    /// assumption in its source text (no input lacks both), and a
    /// confidence.
    @Test func everyBuildoutValueHasASource() throws {
        let folder = packageRoot.appendingPathComponent("Models/buildouts")
        for n in try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".yaml") }) {
            let inputs = try footprint("run", "Models/buildouts/\(n)", "--list-inputs")
            #expect(inputs.status == 0 && !inputs.stdout.contains("(no source"), "\(n): \(inputs.stdout)")
            let report = try committed("Reports/buildouts/\(String(n.dropLast(5))).md")
            #expect(!report.contains("no source given"), "\(n): an input of its report has no source")
        }
        // And says how firm it is: the league's Official figures column
        // counts each file's own inputs by `confidence:`.
        let league = try committed("Reports/buildouts.md")
        #expect(league.contains("| Official figures |") && !league.contains("not stated"), "a build-out value has no confidence: official, press or estimate")
    }
}
