import FootprintModel

/// The results contract (DESIGN.md, "Files") as JSON, the per-period series
/// as CSV, and a terminal table — all from one `RunSummary`, never
/// recomputed.
public enum ResultsExport {
    /// `footprint run --format json`.
    public static func json(_ r: RunSummary) -> String {
        let plan = r.plan, s = plan.scenario
        var w = JSONWriter()
        w.open()
        w.value("scenario", s.name)
        w.value("model", s.file)
        w.value("model_sha256", s.sha256)
        w.value("tool_version", FootprintVersion.current)
        w.value("seed", s.seed == r.seed ? r.seed : r.seed)
        w.value("samples", r.samples)
        w.value("resolution", s.resolution.rawValue)
        w.open("horizon")
        w.value("start", s.start.description)
        w.value("end", s.end.description)
        w.close()
        w.open("overrides", array: true)
        for o in s.overrides { w.value(nil, o) }
        w.close(array: true)
        w.open("totals")
        writeMetrics(&w, r, .total, period: nil, intensities: true)
        w.close()
        w.open("periods", array: true)
        for (p, period) in plan.grid.periods.enumerated() {
            w.open()
            w.value("start", period.start.description)
            w.value("end", period.end.description)
            writeMetrics(&w, r, .total, period: p, intensities: false)
            w.close()
        }
        w.close(array: true)
        w.open("fleets", array: true)
        for (f, fleet) in s.fleets.enumerated() {
            w.open()
            w.value("name", fleet.name)
            w.value("site", s.sites[fleet.siteIndex].name)
            w.value("accelerator", fleet.accelerator.key ?? fleet.accelerator.name)
            writeMetrics(&w, r, .fleet(f), period: nil, intensities: true)
            w.open("periods", array: true)
            for (p, period) in plan.grid.periods.enumerated() {
                w.open()
                w.value("start", period.start.description)
                w.value("end", period.end.description)
                writeMetrics(&w, r, .fleet(f), period: p, intensities: false)
                w.close()
            }
            w.close(array: true)
            w.close()
        }
        w.close(array: true)
        w.open("sites", array: true)
        for (i, site) in s.sites.enumerated() {
            w.open()
            w.value("name", site.name)
            w.value("grid", site.grid.key ?? site.grid.name)
            w.value("residual_mix_is_grid_average", plan.sitesWithoutResidualMix.contains(site.name))
            writeMetrics(&w, r, .site(i), period: nil, intensities: true)
            w.close()
        }
        w.close(array: true)
        w.close()
        return w.text + "\n"
    }

    static func writeMetrics(_ w: inout JSONWriter, _ r: RunSummary, _ scope: Evaluation.Scope, period: Int?, intensities: Bool) {
        for m in Metric.allCases {
            writeStat(&w, m.key, r.stat(m, scope, period: period))
        }
        if intensities {
            for im in IntensityMetric.allCases {
                if let st = r.intensity(im, scope) { writeStat(&w, im.key, st) } else { w.null(im.key) }
            }
        }
    }

    static func writeStat(_ w: inout JSONWriter, _ key: String, _ st: Statistic) {
        w.open(key)
        w.value("mean", st.mean)
        w.value("p5", st.p5)
        w.value("p50", st.p50)
        w.value("p95", st.p95)
        w.close()
    }

    /// `footprint run --format csv`: one row per scope (total, each fleet,
    /// each site) and period (each year, then `all`), four columns per metric.
    public static func csv(_ r: RunSummary) -> String {
        let plan = r.plan, s = plan.scenario
        var header = ["scope", "name", "period_start", "period_end"]
        for m in Metric.allCases { for q in ["mean", "p5", "p50", "p95"] { header.append("\(m.key)_\(q)") } }
        var lines = [header.joined(separator: ",")]
        var scopes: [(String, String, Evaluation.Scope)] = [("total", "", .total)]
        scopes += s.fleets.enumerated().map { ("fleet", $0.element.name, .fleet($0.offset)) }
        scopes += s.sites.enumerated().map { ("site", $0.element.name, .site($0.offset)) }
        for (kind, name, scope) in scopes {
            let periods: [(String, String, Int?)] = plan.grid.periods.enumerated().map { ($0.element.start.description, $0.element.end.description, $0.offset) }
                + [(s.start.description, s.end.description, nil)]
            for (start, end, p) in periods {
                var row = [kind, csvField(name), start, end]
                for m in Metric.allCases {
                    let st = r.stat(m, scope, period: p)
                    row += [st.mean, st.p5, st.p50, st.p95].map { JSONWriter.number($0) }
                }
                lines.append(row.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// `footprint run` (table): totals with their ranges, then a row a year.
    public static func table(_ r: RunSummary) -> String {
        let s = r.plan.scenario
        var out = "\(s.name)\n"
        out += "\(s.start) to \(s.end) (end exclusive), steps of one \(s.resolution.rawValue), "
        out += r.hasRanges ? "\(r.samples) draws, seed \(r.seed): mean [P5 – P95]\n\n" : "central values\n\n"
        let rows: [(String, Metric, Double, String)] = [
            ("Facility energy", .energyFacilityMWh, 1e-3, "GWh"),
            ("IT energy", .energyITMWh, 1e-3, "GWh"),
            ("Peak facility power", .peakFacilityPowerMW, 1, "MW"),
            ("Scope 2, location-based", .emissionsLocationTCO2e, 1e-3, "ktCO2e"),
            ("Scope 2, market-based (annual matching)", .emissionsMarketTCO2e, 1e-3, "ktCO2e"),
            ("Scope 2, market-based (hourly matching)", .emissionsMarketHourlyTCO2e, 1e-3, "ktCO2e"),
            ("Upstream of electricity (Scope 3 cat. 3)", .emissionsUpstreamTCO2e, 1e-3, "ktCO2e"),
            ("Embodied, upfront (Scope 3 cat. 2)", .emissionsEmbodiedUpfrontTCO2e, 1e-3, "ktCO2e"),
            ("Embodied, amortized over use", .emissionsEmbodiedAmortizedTCO2e, 1e-3, "ktCO2e"),
            ("Water", .waterM3, 1e-6, "million m³"),
            ("  on site", .waterOnsiteM3, 1e-6, "million m³"),
            ("  at the power plants", .waterOffsiteM3, 1e-6, "million m³"),
            ("Carbon-free energy, annual matching", .energyCFEAnnualMWh, 1e-3, "GWh"),
            ("Carbon-free energy, hourly matching", .energyCFEHourlyMWh, 1e-3, "GWh"),
            ("Accelerator-hours", .acceleratorHours, 1e-6, "million"),
        ]
        let width = rows.map(\.0.count).max()!
        for (label, m, scale, unit) in rows {
            let st = r.stat(m)
            var line = label.padding(toLength: width + 2, withPad: " ", startingAt: 0) + fmt(st.mean * scale)
            if r.hasRanges { line += " [\(fmt(st.p5 * scale)) – \(fmt(st.p95 * scale))]" }
            out += line + " " + unit + "\n"
        }
        out += "\nPer year (means): facility GWh, peak MW, location ktCO2e, market ktCO2e, upfront ktCO2e, water million m³\n"
        for (p, period) in r.plan.grid.periods.enumerated() {
            let cells = [(Metric.energyFacilityMWh, 1e-3), (.peakFacilityPowerMW, 1), (.emissionsLocationTCO2e, 1e-3),
                         (.emissionsMarketTCO2e, 1e-3), (.emissionsEmbodiedUpfrontTCO2e, 1e-3), (.waterM3, 1e-6)]
                .map { fmt(r.stat($0.0, period: p).mean * $0.1).leftPad(10) }
            out += "  \(period.start.year)" + cells.joined() + "\n"
        }
        if !r.plan.sitesWithoutResidualMix.isEmpty {
            out += "\nMarket-based: no residual mix for \(r.plan.sitesWithoutResidualMix.joined(separator: ", ")); the grid average was used.\n"
        }
        return out
    }

    /// Three significant figures, thousands separated by a thin space-free comma.
    static func fmt(_ x: Double) -> String { HumanNumber.format(x, significant: 3) }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
