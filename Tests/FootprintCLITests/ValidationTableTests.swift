import Foundation
import Testing

/// README.md's validation table is current: each row's "ours" is what the
/// scenario gives at central values (`--samples 1`, as PublishedFiguresTests
/// evaluates it), to the digits the README shows, and its difference is
/// ours against the published figure, to 0.01 %.
@Suite struct ValidationTableTests {
    struct Row: CustomStringConvertible {
        let model: String
        let metric: String
        let published: Double
        let ours: Double
        let oursDecimals: Int
        let differencePercent: Double
        var description: String { "\(model) \(metric)" }
    }

    /// The first number in a cell (`1,287 MWh` → 1287), and its decimals.
    static func number(_ cell: String) -> (Double, Int)? {
        guard let r = cell.range(of: #"[+−-]?[0-9][0-9,]*(\.[0-9]+)?"#, options: .regularExpression) else { return nil }
        let text = cell[r].replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "−", with: "-")
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        return Double(text).map { ($0, decimals) }
    }

    /// The text between the first pair of backticks of a cell.
    static func code(_ cell: String) -> String? {
        let parts = cell.split(separator: "`", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }

    /// The rows of the table under README's "## Validation" heading:
    /// Scenario | Quantity | Published | Source | Ours | Difference.
    static func rows() throws -> [Row] {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "\n## Validation\n") else { return [] }
        var rows: [Row] = []
        for line in readme[section.upperBound...].components(separatedBy: "\n") {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("|") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 6, let model = code(cells[0]), let metric = code(cells[1]),
                  let published = number(cells[2]), let ours = number(cells[4]), let difference = number(cells[5]) else { continue }
            rows.append(Row(model: model, metric: metric, published: published.0, ours: ours.0, oursDecimals: ours.1,
                            differencePercent: difference.0))
        }
        return rows
    }

    @Test func tableHasTheShippedReproductions() throws {
        let rows = try Self.rows()
        // The figures PublishedFiguresTests checks: GPT-3 and BLOOM, energy
        // and location-based emissions each.
        #expect(rows.map(\.description) == [
            "Models/gpt3-training.yaml energy_facility_mwh", "Models/gpt3-training.yaml emissions_location_tco2e",
            "Models/bloom-training.yaml energy_facility_mwh", "Models/bloom-training.yaml emissions_location_tco2e",
            "Models/epoch-chatgpt-query.yaml services.chatgpt-gpt4o.energy_wh_per_prompt",
        ])
        #expect(rows.map(\.published) == [1287, 552, 433.196, 24.69, 0.301])
    }

    @Test func oursAndDifferencesAreCurrent() throws {
        for row in try Self.rows() {
            let r = try footprint("run", row.model, "--samples", "1", "--format", "json")
            try #require(r.status == 0, "\(r)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            // A totals key, or a service's (`services.NAME.KEY`).
            var values = json["totals"] as? [String: Any], key = row.metric
            if row.metric.hasPrefix("services.") {
                let parts = row.metric.split(separator: ".").map(String.init)
                key = parts.last!
                let name = parts.dropFirst().dropLast().joined(separator: ".")
                values = (json["services"] as? [[String: Any]])?.first { $0["name"] as? String == name }
            }
            let ours = try #require((values?[key] as? [String: Double])?["mean"], "\(row)")
            let difference = (ours / row.published - 1) * 100
            let stale = "README.md's validation table is stale for \(row): ours \(ours), difference \(String(format: "%+.2f", difference)) %"
            #expect(abs(row.ours - ours) <= 0.5 * pow(10, -Double(row.oursDecimals)) * (1 + 1e-9), "\(stale)")
            #expect(abs(row.differencePercent - difference) <= 0.005 + 1e-9, "\(stale)")
            #expect(abs(difference) < 1, "\(row) no longer reproduces its publication within 1 %")
        }
    }
}
