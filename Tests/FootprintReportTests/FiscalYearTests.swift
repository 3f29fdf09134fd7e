import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel
@testable import FootprintReport
import FootprintTestSupport

/// Fiscal years: `scenario.fiscal_year_start: 07-01` makes every period a
/// fiscal year named by the calendar year it starts in. A flat load over
/// calendar 2026 splits 181 : 184 days between fiscal 2025 (to 30 June)
/// and fiscal 2026, in JSON, CSV, the table and the report.
@Suite struct FiscalYearTests {
    /// 1,000 units × 650 W × PUE 1.2 = 0.78 MW, flat.
    static let dailyMWh = 1000 * 650e-6 * 1.2 * 24

    static func summary(_ start: String, resolution: String) throws -> RunSummary {
        let yaml = oneFleetYAML(name: "fiscal", resolution: resolution)
            .replacingOccurrences(of: "  name: fiscal\n", with: "  name: fiscal\n  fiscal_year_start: \"\(start)\"\n")
        return MonteCarlo.run(try EvaluationPlan(try scenario(yaml)), samples: 1, seed: 1, threads: 1)
    }

    @Test(arguments: ["month", "day", "hour"])
    func splitsACalendarYear(_ resolution: String) throws {
        let r = try Self.summary("07-01", resolution: resolution)
        let periods = r.plan.grid.periods
        #expect(periods.map(\.year) == [2025, 2026])
        #expect(periods.map(\.start.description) == ["2026-01-01", "2026-07-01"])
        let first = r.mean(.energyFacilityMWh, period: 0), second = r.mean(.energyFacilityMWh, period: 1)
        #expect(abs(first - 181 * Self.dailyMWh) < 1e-9 * first)
        #expect(abs(second - 184 * Self.dailyMWh) < 1e-9 * second)

        let json = try #require(try JSONSerialization.jsonObject(with: Data(ResultsExport.json(r).utf8)) as? [String: Any])
        #expect(json["reporting_years"] as? String == "fiscal, starting 07-01")
        let jsonPeriods = try #require(json["periods"] as? [[String: Any]])
        #expect(jsonPeriods.map { $0["year"] as? Int } == [2025, 2026])
        let energy = jsonPeriods.map { ($0["energy_facility_mwh"] as? [String: Double])?["mean"] ?? 0 }
        #expect(abs(energy[0] / energy[1] - 181.0 / 184) < 1e-12)

        let csv = ResultsExport.csv(r).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = try #require(csv[0].firstIndex(of: "energy_facility_mwh_mean")), year = try #require(csv[0].firstIndex(of: "reporting_year"))
        let totals = csv.dropFirst().filter { $0[0] == "total" }
        #expect(totals.map { $0[year] } == ["2025", "2026", ""])
        #expect(totals.map { $0[2] } == ["2026-01-01", "2026-07-01", "2026-01-01"])
        #expect(abs(Double(totals[0][column])! - 181 * Self.dailyMWh) < 1e-6)

        let md = MarkdownReport(summary: r, tornado: [], name: "fiscal", command: "footprint report fiscal.yaml").markdown
        #expect(md.contains("Means per fiscal year (starting 07-01, each named by the calendar year it starts in)"))
        #expect(md.contains("| 2025 (2026-01-01 to 2026-07-01) |"))
        #expect(md.contains("| 2026 |"))
        #expect(ResultsExport.table(r).contains("Per fiscal year from 07-01, named by the year it starts in (means): facility GWh, capacity MW,"))
    }

    /// A fiscal year starting mid-month splits that month's step; totals do
    /// not depend on it.
    @Test func midMonthStartSplitsTheMonth() throws {
        let r = try Self.summary("07-15", resolution: "month")
        let grid = r.plan.grid
        #expect(grid.stepCount == 13)
        #expect(grid.periods.map(\.start.description) == ["2026-01-01", "2026-07-15"])
        #expect(abs(r.mean(.energyFacilityMWh, period: 0) - 195 * Self.dailyMWh) < 1e-6)
        #expect(abs(r.mean(.energyFacilityMWh) - 365 * Self.dailyMWh) < 1e-6)
    }

    @Test(arguments: ["02-29", "7-1", "13-01", "07-32", "July"])
    func refusesWhatIsNotADayOfEveryYear(_ text: String) throws {
        let yaml = oneFleetYAML(name: "fiscal").replacingOccurrences(of: "  name: fiscal\n", with: "  name: fiscal\n  fiscal_year_start: \"\(text)\"\n")
        #expect {
            try scenario(yaml)
        } throws: { error in
            "\(error)".contains("scenario.fiscal_year_start: '\(text)' is not a day of the year: write MM-DD")
        }
    }
}

/// The footer names every file a run read with its SHA-256: changing any
/// catalog value (or a profile) changes the report.
@Suite struct FooterHashTests {
    @Test func catalogValueChangesTheFooter() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("footer-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("catalog"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.yaml").path
        try oneFleetYAML(name: "footer", grid: "XX").write(toFile: model, atomically: true, encoding: .utf8)
        let grids = dir.appendingPathComponent("catalog/grids.yaml").path
        func footer(_ intensity: String) throws -> String {
            try "XX: {name: test grid, intensity_kg_per_kwh: \(intensity), source: test}\n".write(toFile: grids, atomically: true, encoding: .utf8)
            let s = try ScenarioLoader.load(file: model)
            let r = MonteCarlo.run(try EvaluationPlan(s), samples: 1, seed: 1, threads: 1)
            return MarkdownReport(summary: r, tornado: [], name: "m", command: "footprint report m.yaml").footer
        }
        let a = try footer("0.4"), b = try footer("0.41"), c = try footer("0.4")
        #expect(a.contains("Files read: `\(dir.path)/catalog/grids.yaml` SHA-256 `"))
        #expect(a != b)
        #expect(a == c)
    }
}
