import FootprintModel

/// `footprint compare A B`: two scenarios side by side — totals, per-year
/// differences, and the inputs that differ.
public struct CompareReport {
    public let a: RunSummary
    public let b: RunSummary
    public let command: String

    public init(a: RunSummary, b: RunSummary, command: String) {
        self.a = a; self.b = b; self.command = command
    }

    static func change(_ x: Double, _ y: Double) -> String {
        guard x != 0 else { return y == 0 ? "0 %" : "n/a" }
        let pct = (y - x) / abs(x) * 100
        return (pct > 0 ? "+" : "") + HumanNumber.trimmed(pct, significant: 2) + " %"
    }

    public var markdown: String {
        let sa = a.plan.scenario, sb = b.plan.scenario
        var t = "# Comparison: \(sa.name) vs \(sb.name)\n\n"
        t += "* **A**: `\(sa.file)` — \(sa.name) (\(sa.start) to \(sa.end), \(a.samples) sample\(a.samples == 1 ? "" : "s"), seed \(a.seed))\n"
        t += "* **B**: `\(sb.file)` — \(sb.name) (\(sb.start) to \(sb.end), \(b.samples) sample\(b.samples == 1 ? "" : "s"), seed \(b.seed))\n\n"
        t += "## Totals\n\nMeans, with P5–P95 where the run has ranges.\n\n| Quantity | A | B | B − A | Change | Unit |\n|---|---:|---:|---:|---:|---|\n"
        for m in MarkdownReport.tableMetrics {
            let x = a.stat(m), y = b.stat(m)
            let u = DisplayUnit.of(m, maximum: max(x.mean, y.mean))
            func cell(_ s: Statistic, _ r: RunSummary) -> String {
                r.hasRanges && s.p5 != s.p95 ? "\(u.format(s.mean)) (\(u.format(s.p5))–\(u.format(s.p95)))" : u.format(s.mean)
            }
            t += "| \(m.label) | \(cell(x, a)) | \(cell(y, b)) | \(u.format(y.mean - x.mean)) | \(Self.change(x.mean, y.mean)) | \(u.name) |\n"
        }
        t += "\n## By year\n\nDifferences of means, B − A, for the calendar years both cover.\n\n"
        let yearsA = Dictionary(uniqueKeysWithValues: a.plan.grid.periods.enumerated().map { ($0.element.year, $0.offset) })
        let common = b.plan.grid.periods.enumerated().compactMap { p -> (Int, Int, Int)? in
            yearsA[p.element.year].map { (p.element.year, $0, p.offset) }
        }
        let metrics: [Metric] = [.energyFacilityMWh, .peakFacilityPowerMW, .emissionsLocationTCO2e, .emissionsMarketTCO2e, .emissionsEmbodiedUpfrontTCO2e, .waterM3]
        if common.isEmpty {
            t += "The two horizons share no calendar year.\n"
        } else {
            let units = metrics.map { m in
                DisplayUnit.of(m, maximum: common.map { max(abs(a.stat(m, period: $0.1).mean), abs(b.stat(m, period: $0.2).mean)) }.max() ?? 0)
            }
            t += "| Year | " + zip(metrics, units).map { "\($0.0.shortLabel) (\($0.1.name))" }.joined(separator: " | ") + " |\n"
            t += "|---|" + String(repeating: "---:|", count: metrics.count) + "\n"
            for (year, pa, pb) in common {
                let cells = zip(metrics, units).map { m, u in u.format(b.stat(m, period: pb).mean - a.stat(m, period: pa).mean) }
                t += "| \(year) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        t += "\n## Inputs that differ\n\n"
        let ia = Dictionary(a.plan.parameters.map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        let ib = Dictionary(b.plan.parameters.map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        var rows: [String] = []
        for path in Set(ia.keys).union(ib.keys).sorted() {
            let x = ia[path], y = ib[path]
            if let x, let y, x.valueDescription == y.valueDescription, x.unit == y.unit { continue }
            func describe(_ q: Quantity?) -> String {
                guard let q else { return "—" }
                return q.unit.isEmpty ? q.valueDescription : "\(q.valueDescription) \(q.unit)"
            }
            rows.append("| `\(path)` | \(describe(x)) | \(describe(y)) |")
        }
        var structural: [String] = []
        if sa.start != sb.start || sa.end != sb.end { structural.append("horizon: A \(sa.start) to \(sa.end), B \(sb.start) to \(sb.end)") }
        if sa.resolution != sb.resolution { structural.append("resolution: A \(sa.resolution.rawValue), B \(sb.resolution.rawValue)") }
        let fa = Set(sa.fleets.map(\.name)), fb = Set(sb.fleets.map(\.name))
        if fa != fb { structural.append("fleets only in A: \(fa.subtracting(fb).sorted().joined(separator: ", ")); only in B: \(fb.subtracting(fa).sorted().joined(separator: ", "))") }
        if rows.isEmpty && structural.isEmpty {
            t += "None: the two scenarios have the same inputs.\n"
        } else {
            for s in structural { t += "* \(s)\n" }
            if !structural.isEmpty { t += "\n" }
            if !rows.isEmpty { t += "| Input | A | B |\n|---|---|---|\n" + rows.joined(separator: "\n") + "\n" }
        }
        t += "\n---\n\nFootprint \(FootprintVersion.described) · A SHA-256 `\(sa.sha256)` · B SHA-256 `\(sb.sha256)`\n\nReproduce: `\(command)`\n"
        return t
    }
}
