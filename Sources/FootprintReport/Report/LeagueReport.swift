import FootprintModel

/// Several build-outs ranked in one report (`footprint league`): each at
/// its full build — the reporting year whose installed hardware draws the
/// most at full load — with power, energy, Scope 1 and 2, water and
/// accelerators, P5–P95 where inputs are uncertain; a bar chart with
/// whiskers; a paragraph that reads the table; references and a footer.
public struct LeagueReport {
    /// One build-out at its full build.
    public struct Entry {
        public let name: String
        public let file: String
        public let summary: RunSummary
        /// The full-build period (index) and its reporting year.
        public let period: Int
        public var year: Int { summary.plan.grid.periods[period].year }
        var hours: Double {
            let p = summary.plan.grid.periods[period]
            return Double(p.end.dayNumber - p.start.dayNumber) * 24
        }

        public init(name: String, file: String, summary: RunSummary) {
            self.name = name; self.file = file; self.summary = summary
            let periods = summary.plan.grid.periods.indices
            period = periods.max { summary.mean(.powerCapacityMW, period: $0) < summary.mean(.powerCapacityMW, period: $1) } ?? 0
        }

        func stat(_ m: Metric) -> Statistic? { summary.estimated(m, period: period) }
        /// A per-period figure ÷ the period's hours (average MW, average units).
        func perHour(_ m: Metric) -> Statistic? {
            stat(m).map { Statistic(mean: $0.mean / hours, p5: $0.p5 / hours, p50: $0.p50 / hours, p95: $0.p95 / hours) }
        }

        /// The scenario's own inputs (not the catalog's, not overrides) by
        /// how firm they are (`confidence:`; nil: not stated).
        var confidence: [SourceConfidence?: Int] {
            let scenario = summary.plan.scenario
            var inputs = summary.plan.parameters
            for f in scenario.fleets { if let q = f.lifetimeInput { inputs.append(q) } }
            // An off-grid site's zero intensity is implied by `grid: none`, not a figure.
            let implied = Set(scenario.sites.filter { $0.grid.key == "none" }.map(\.grid.intensity.path))
            var counts: [SourceConfidence?: Int] = [:]
            for q in inputs where q.position.file == scenario.file && !q.position.isOverride && !implied.contains(q.path) {
                counts[q.confidence, default: 0] += 1
            }
            return counts
        }

        /// "4 of 9 (press 2, estimate 3)".
        var officialCell: String {
            let c = confidence
            let total = c.values.reduce(0, +)
            guard total > 0 else { return "–" }
            var rest: [String] = []
            for k in [SourceConfidence.press, .estimate] where c[k] != nil { rest.append("\(k.rawValue) \(c[k]!)") }
            if let unstated = c[nil] { rest.append("not stated \(unstated)") }
            return "\(c[.official] ?? 0) of \(total)" + (rest.isEmpty ? "" : " (" + rest.joined(separator: ", ") + ")")
        }

        /// `scenario.kind`: a deal names capacity but no site.
        var isDeal: Bool { summary.plan.scenario.kind == .deal }
        var label: String { summary.plan.scenario.name }
        var capacityText: String {
            let mw = stat(.powerCapacityMW)?.mean ?? 0, u = DisplayUnit.power(mw)
            return "\(u.format(mw)) \(u.name) in \(year)"
        }

        /// The first day any hardware arrives.
        var firstPower: CalendarDate? {
            summary.plan.scenario.fleets.flatMap { $0.deployments.map(\.arrival.start) }.min()
        }
    }

    public let entries: [Entry]
    public let command: String
    /// Where, relative to the league's file, each scenario's report (NAME.md)
    /// and the league's chart lie ("buildouts": beside the scenarios' reports).
    public let folder: String
    public static let chartFile = "league-power.svg"

    /// Ranked by power capacity at full build, largest first.
    public init(entries: [Entry], command: String, folder: String) {
        self.entries = entries.sorted { ($0.stat(.powerCapacityMW)?.mean ?? 0) > ($1.stat(.powerCapacityMW)?.mean ?? 0) }
        self.command = command
        self.folder = folder
    }

    func cell(_ st: Statistic?, _ u: DisplayUnit, ranges: Bool) -> String {
        guard let st else { return "not estimated" }
        let value = u.format(st.mean)
        return ranges && st.p5 != st.p95 ? "\(value) (\(u.format(st.p5))–\(u.format(st.p95)))" : value
    }

    public var markdown: String {
        var md = "# AI build-outs compared\n\n"
        md += "\(entries.count) build-outs, each at its full build: the reporting year whose installed hardware draws the most at full load. "
        md += "Figures are means with P5–P95 in brackets, over each scenario's own Monte Carlo (its seed and draws); every input and its source is in each scenario's report.\n\n"
        let power = DisplayUnit.power(entries.compactMap { $0.stat(.powerCapacityMW)?.p95 }.max() ?? 0)
        let energy = DisplayUnit.energy(entries.compactMap { $0.stat(.energyFacilityMWh)?.mean }.max() ?? 0)
        let carbon = DisplayUnit.carbon(entries.flatMap { [$0.stat(.emissionsScope1TCO2e)?.mean ?? 0, $0.stat(.emissionsScope2LocationTCO2e)?.mean ?? 0] }.max() ?? 0)
        let water = DisplayUnit.water(entries.compactMap { $0.stat(.waterM3)?.mean }.max() ?? 0)
        let kinds = entries.contains { $0.summary.plan.scenario.kind != nil }
        md += "| Rank | Build-out | \(kinds ? "Kind | " : "")Full build | Power capacity (\(power.name)) | Average power (\(power.name)) | Energy in the year (\(energy.name)) | Scope 1 (\(carbon.name)) | Scope 2 location (\(carbon.name)) | Scope 2 market (\(carbon.name)) | Water (\(water.name)) | Accelerators (average installed) | First power | Official figures |\n"
        md += "|---:|---|\(kinds ? "---|" : "")---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n"
        for (i, e) in entries.enumerated() {
            let ranges = e.summary.hasRanges
            let units = e.perHour(.acceleratorHours).map { HumanNumber.format($0.mean, significant: 3) } ?? "–"
            md += "| \(i + 1) | [\(MarkdownReport.cell(e.summary.plan.scenario.name))](\(folder)/\(e.name).md) | \(kinds ? (e.summary.plan.scenario.kind?.rawValue ?? "–") + " | " : "")\(e.year) | \(cell(e.stat(.powerCapacityMW), power, ranges: ranges)) | "
            md += "\(cell(e.perHour(.energyFacilityMWh), power, ranges: ranges)) | \(cell(e.stat(.energyFacilityMWh), energy, ranges: ranges)) | "
            md += "\(cell(e.stat(.emissionsScope1TCO2e), carbon, ranges: ranges)) | \(cell(e.stat(.emissionsScope2LocationTCO2e), carbon, ranges: ranges)) | "
            md += "\(cell(e.stat(.emissionsScope2MarketTCO2e), carbon, ranges: ranges)) | \(cell(e.stat(.waterM3), water, ranges: ranges)) | \(units) | \(e.firstPower.map(\.description) ?? "–") | \(e.officialCell) |\n"
        }
        md += "\n![Power capacity at full build](\(folder)/\(Self.chartFile))\n\n"
        md += paragraph + "\n"
        md += "\nScope 1 and 2 are the operating company's (each scenario's `control` and consolidation); a build-out whose capacity is rented shows its electricity in Scope 3 category 1, not here. "
        md += "Power capacity is the installed hardware's draw at full load (units × (TDP + host + network) × PUE), the figure a utility is asked for; average power is the year's energy ÷ its hours. "
        md += "Official figures counts the scenario's own inputs (not the catalog's) by how firm their source is, as each file's `confidence:` says: official (stated by the company, a utility or a regulator), press (reported) or estimate (derived or assumed in the file).\n"
        md += "\n## References\n\n"
        for (i, e) in entries.enumerated() {
            md += "\(i + 1). \(MarkdownReport.cell(e.summary.plan.scenario.name)): `\(e.file)` (SHA-256 `\(e.summary.plan.scenario.sha256)`), its report `\(folder)/\(e.name).md` lists every input with its source.\n"
        }
        md += "\n---\n\nFootprint \(FootprintVersion.described) · reproduce: `\(command)`\n"
        return md
    }

    /// The table in words, as an analyst reads it. Deals (`kind: deal`)
    /// name capacity but no site: the campuses are compared among
    /// themselves first, and the deals said apart, since their grid and PUE
    /// are assumptions.
    var paragraph: String {
        guard let first = entries.first else { return "No build-out was given." }
        func total(_ e: Entry) -> Double { (e.stat(.emissionsScope1TCO2e)?.mean ?? 0) + (e.stat(.emissionsScope2LocationTCO2e)?.mean ?? 0) }
        let deals = entries.filter(\.isDeal), campuses = entries.filter { !$0.isDeal }
        let apart = !deals.isEmpty && !campuses.isEmpty
        let compared = apart ? campuses : entries
        let largest = compared.first ?? first
        let emitter = compared.max { total($0) < total($1) }!
        let carbon = DisplayUnit.carbon(total(emitter))
        let s1 = emitter.stat(.emissionsScope1TCO2e)?.mean ?? 0
        var p = "\(largest.label) is the largest\(apart ? " campus" : "") at full build (\(largest.capacityText)). "
        p += "\(emitter.label) emits the most\(apart ? " of the campuses" : "") in its full-build year, \(carbon.format(total(emitter))) \(carbon.name) of Scope 1 and location-based Scope 2, "
        p += s1 > 0.5 * total(emitter)
            ? "mostly from gas burned on site (Scope 1 \(carbon.format(s1)) \(carbon.name)): its own turbines set its footprint, whatever the grid does. "
            : "mostly from the grid it draws on: its emissions follow the grid's intensity and how that moves. "
        if apart {
            let shown = deals.map { "\($0.label) (\($0.capacityText))" }
            p += deals.count == 1
                ? "One deal names capacity but no site, so its grid and PUE are assumptions: \(shown[0]). "
                : "\(HumanNumber.spelled(deals.count)) deals name capacity but no site, so their grid and PUE are assumptions: \(shown.joined(separator: "; ")). "
            if let big = deals.first, let bigMW = big.stat(.powerCapacityMW)?.mean, let campusMW = largest.stat(.powerCapacityMW)?.mean,
               campusMW > 0, bigMW > campusMW {
                p += "The largest, \(big.label), is \(HumanNumber.trimmed(bigMW / campusMW, significant: 2)) times the largest campus. "
            }
        }
        let generating = entries.filter { ($0.stat(.emissionsScope1TCO2e)?.mean ?? 0) > 0 }.map(\.summary.plan.scenario.name)
        p += generating.isEmpty ? "None of them burns fuel on site. " : "On-site generation puts \(generating.joined(separator: ", ")) in Scope 1. "
        func officialShare(_ e: Entry) -> Double {
            let c = e.confidence, total = c.values.reduce(0, +)
            return total == 0 ? 0 : Double(c[.official] ?? 0) / Double(total)
        }
        let stated = entries.filter { !$0.confidence.isEmpty }
        if stated.count > 1, let most = stated.max(by: { officialShare($0) < officialShare($1) }),
           let least = stated.min(by: { officialShare($0) < officialShare($1) }), officialShare(most) > officialShare(least) {
            func count(_ e: Entry) -> String {
                let c = e.confidence, official = c[.official] ?? 0
                return "\(official == 0 ? "none" : String(official)) of its \(c.values.reduce(0, +)) inputs"
            }
            p += "\(most.label) rests most on official figures (\(count(most))), \(least.label) least (\(count(least))): read that row as an estimate. "
        }
        p += "The ranges come from each scenario's distributions: accelerator power and utilization, PUE, and grid trajectories or heat rates; each scenario's report has its tornado of the inputs that move it most."
        return p
    }

    /// Power capacity at full build, sorted, with P5–P95 whiskers.
    public var chart: String {
        let shown = entries
        let rowHeight = 28.0, labelSize = 11.0
        let names = shown.map { $0.summary.plan.scenario.name }
        let leftLabel = max(200, 24 + (names.map { TextLayout.width($0, size: labelSize) }.max() ?? 0))
        let maxValue = shown.compactMap { $0.stat(.powerCapacityMW)?.p95 }.max() ?? 1
        let u = DisplayUnit.power(maxValue)
        let heading = "Power capacity at full build (\(u.name)), P5–P95"
        let width = max(720, leftLabel + 420, 16 + TextLayout.width(heading, size: 15, bold: true) + 8)
        let h = 70 + rowHeight * Double(shown.count) + 30
        var svg = SVGDocument(width: width, height: h, title: "Build-outs by power capacity",
                              description: "Each build-out's installed hardware at full load in its full-build year: mean, with P5–P95 whiskers.")
        svg.text(16, 24, heading, size: 15, weight: "bold")
        let top = 50.0, plotWidth = width - leftLabel - 40
        let x1 = AxisTicks.niceMaximum(maxValue * u.scale)
        func x(_ v: Double) -> Double { leftLabel + v / x1 * plotWidth }
        for t in AxisTicks.ticks(0, x1, count: 6) {
            svg.line(x(t), top - 6, x(t), top + rowHeight * Double(shown.count), stroke: "#e0e0e0")
            svg.text(x(t), top + rowHeight * Double(shown.count) + 16, HumanNumber.trimmed(t), size: 11, anchor: .middle)
        }
        for (i, e) in shown.enumerated() {
            guard let st = e.stat(.powerCapacityMW) else { continue }
            let y = top + rowHeight * Double(i)
            svg.text(leftLabel - 8, y + 17, names[i], size: labelSize, anchor: .end)
            svg.rect(leftLabel, y + 5, x(st.mean * u.scale) - leftLabel, rowHeight - 10, fill: Charts.palette[0],
                     title: "\(names[i]): \(u.format(st.mean)) \(u.name) (P5–P95 \(u.format(st.p5))–\(u.format(st.p95)))")
            svg.line(x(st.p5 * u.scale), y + rowHeight / 2, x(st.p95 * u.scale), y + rowHeight / 2, stroke: "#222222", width: 1.5)
            for v in [st.p5, st.p95] { svg.line(x(v * u.scale), y + 8, x(v * u.scale), y + rowHeight - 8, stroke: "#222222", width: 1.5) }
        }
        return svg.text
    }
}
