import FootprintModel

/// The results contract (docs/results.md) as JSON, the per-period series
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
        w.value("reporting_years", s.usesFiscalYears ? "fiscal, starting \(s.fiscalYearStart)" : "calendar")
        w.open("horizon")
        w.value("start", s.start.description)
        w.value("end", s.end.description)
        w.close()
        w.open("overrides", array: true)
        for o in s.overrides { w.value(nil, o) }
        w.close(array: true)
        writeNotEstimated(&w, plan)
        w.open("totals")
        writeMetrics(&w, r, .total, period: nil, intensities: true)
        writeDemand(&w, r, period: nil)
        w.close()
        w.open("periods", array: true)
        for (p, period) in plan.grid.periods.enumerated() {
            w.open()
            w.value("start", period.start.description)
            w.value("end", period.end.description)
            w.value("year", period.year)
            writeMetrics(&w, r, .total, period: p, intensities: false)
            writeDemand(&w, r, period: p)
            w.close()
        }
        w.close(array: true)
        if let demand = s.demand {
            w.open("services", array: true)
            for (i, service) in demand.services.enumerated() {
                w.open()
                w.value("name", service.name)
                w.open("served_by", array: true)
                for f in service.servedBy { w.value(nil, s.fleets[f].name) }
                w.close(array: true)
                writeService(&w, r, i, service, period: nil)
                w.open("periods", array: true)
                for (p, period) in plan.grid.periods.enumerated() {
                    w.open()
                    w.value("start", period.start.description)
                    w.value("end", period.end.description)
                    writeService(&w, r, i, service, period: p)
                    w.close()
                }
                w.close(array: true)
                w.close()
            }
            w.close(array: true)
        }
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
            if let st = r.estimated(m, scope, period: period) { writeStat(&w, m.key, st) } else { w.null(m.key) }
        }
        if intensities {
            for im in IntensityMetric.allCases {
                if let st = r.intensity(im, scope) { writeStat(&w, im.key, st) } else { w.null(im.key) }
            }
        }
    }

    /// The outputs with no input behind them (null wherever they appear)
    /// and the totals that leave parts out, each with why: one entry per
    /// output and scope, the same in every period.
    static func writeNotEstimated(_ w: inout JSONWriter, _ plan: EvaluationPlan) {
        w.open("not_estimated", array: true)
        for (kind, name, scope) in NotEstimatedWords.scopes(plan) {
            for m in Metric.allCases {
                let e = plan.estimate(m, scope)
                guard !e.missing.isEmpty else { continue }
                w.open()
                w.value("key", m.key)
                w.value("scope", kind)
                if !name.isEmpty { w.value("name", name) }
                w.value("status", e.isEstimated ? "partial" : "not_estimated")
                w.open("because", array: true)
                for gap in e.missing { w.value(nil, NotEstimatedWords.words(gap, plan)) }
                w.close(array: true)
                w.close()
            }
        }
        w.close(array: true)
    }

    /// A service's values; the top-down ones only where it gives a fleet share.
    static func writeService(_ w: inout JSONWriter, _ r: RunSummary, _ i: Int, _ service: Service, period: Int?) {
        for m in ServiceMetric.allCases where service.fleetShare != nil || !m.needsFleetShare {
            if let st = r.stat(m, service: i, period: period) { writeStat(&w, m.key, st) } else { w.null(m.key) }
        }
    }

    /// Revenue, user-years and the economic and per-user intensities, where
    /// the scenario has demand.
    static func writeDemand(_ w: inout JSONWriter, _ r: RunSummary, period: Int?) {
        guard r.plan.scenario.demand != nil else { return }
        for m in DemandMetric.allCases {
            if let st = r.stat(m, period: period) { writeStat(&w, m.key, st) } else { w.null(m.key) }
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
    /// each site) and period (each reporting year, then `all`), four columns
    /// per metric, and last the reporting year's name (empty for `all`).
    public static func csv(_ r: RunSummary) -> String {
        let plan = r.plan, s = plan.scenario
        var header = ["scope", "name", "period_start", "period_end"]
        let quantiles = ["mean", "p5", "p50", "p95"]
        for m in Metric.allCases { for q in quantiles { header.append("\(m.key)_\(q)") } }
        // With demand: the total's economic intensities, then the services'
        // values, in columns of their own (empty where they do not apply).
        let demand = s.demand
        if demand != nil {
            for m in DemandMetric.allCases { for q in quantiles { header.append("\(m.key)_\(q)") } }
            for m in ServiceMetric.allCases { for q in quantiles { header.append("service_\(m.key)_\(q)") } }
        }
        header.append("reporting_year")
        func year(_ p: Int?) -> String { p.map { String(plan.grid.periods[$0].year) } ?? "" }
        func cells(_ st: Statistic?) -> [String] { st.map { [$0.mean, $0.p5, $0.p50, $0.p95].map { JSONWriter.number($0) } } ?? ["", "", "", ""] }
        let blank = [String](repeating: "", count: 4)
        var lines = [header.joined(separator: ",")]
        var scopes: [(String, String, Evaluation.Scope)] = [("total", "", .total)]
        scopes += s.fleets.enumerated().map { ("fleet", $0.element.name, .fleet($0.offset)) }
        scopes += s.sites.enumerated().map { ("site", $0.element.name, .site($0.offset)) }
        for (kind, name, scope) in scopes {
            let periods: [(String, String, Int?)] = plan.grid.periods.enumerated().map { ($0.element.start.description, $0.element.end.description, $0.offset) }
                + [(s.start.description, s.end.description, nil)]
            for (start, end, p) in periods {
                var row = [kind, csvField(name), start, end]
                for m in Metric.allCases { row += cells(r.estimated(m, scope, period: p)) }
                if demand != nil {
                    for m in DemandMetric.allCases { row += kind == "total" ? cells(r.stat(m, period: p)) : blank }
                    for _ in ServiceMetric.allCases { row += blank }
                }
                row.append(year(p))
                lines.append(row.joined(separator: ","))
            }
        }
        for (i, service) in (demand?.services ?? []).enumerated() {
            let periods: [(String, String, Int?)] = plan.grid.periods.enumerated().map { ($0.element.start.description, $0.element.end.description, $0.offset) }
                + [(s.start.description, s.end.description, nil)]
            for (start, end, p) in periods {
                var row = ["service", csvField(service.name), start, end]
                for _ in Metric.allCases { row += blank }
                for _ in DemandMetric.allCases { row += blank }
                for m in ServiceMetric.allCases {
                    row += service.fleetShare != nil || !m.needsFleetShare ? cells(r.stat(m, service: i, period: p)) : blank
                }
                row.append(year(p))
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
        let step = s.resolution.rawValue
        var rows: [(String, Metric, Double, String)] = [
            ("Facility energy", .energyFacilityMWh, 1e-3, "GWh"),
            ("IT energy", .energyITMWh, 1e-3, "GWh"),
            ("Power capacity (installed hardware at full load)", .powerCapacityMW, 1, "MW"),
            ("Highest \(step)-average facility power", .peakFacilityPowerMW, 1, "MW"),
            ("Electricity emissions, location-based", .emissionsLocationTCO2e, 1e-3, "ktCO2e"),
            ("Electricity emissions, market-based (annual matching)", .emissionsMarketTCO2e, 1e-3, "ktCO2e"),
            ("Electricity emissions, market-based (hourly matching)", .emissionsMarketHourlyTCO2e, 1e-3, "ktCO2e"),
            ("Upstream of electricity", .emissionsUpstreamTCO2e, 1e-3, "ktCO2e"),
            ("Embodied carbon, upfront", .emissionsEmbodiedUpfrontTCO2e, 1e-3, "ktCO2e"),
            ("Embodied carbon, amortized over use", .emissionsEmbodiedAmortizedTCO2e, 1e-3, "ktCO2e"),
        ]
        if s.sites.contains(where: { !$0.generation.isEmpty }) {
            rows += [
                ("Electricity generated on site", .energyGeneratedOnsiteMWh, 1e-3, "GWh"),
                ("Electricity drawn from the grid", .energyGridMWh, 1e-3, "GWh"),
                ("Fuel burned on site (HHV)", .fuelMMBtu, 1e-6, "million MMBtu"),
                ("NOx from on-site generation", .emissionsNOxT, 1, "t"),
                ("Inventory: Scope 1, on-site combustion", .emissionsScope1TCO2e, 1e-3, "ktCO2e"),
                ("  CO2", .emissionsScope1CO2T, 1e-3, "kt"),
                ("  CH4", .emissionsScope1CH4T, 1, "t"),
                ("  N2O", .emissionsScope1N2OT, 1, "t"),
            ]
        }
        rows += [
            ("Inventory: Scope 2, location-based", .emissionsScope2LocationTCO2e, 1e-3, "ktCO2e"),
            ("Inventory: Scope 2, market-based", .emissionsScope2MarketTCO2e, 1e-3, "ktCO2e"),
        ]
        if s.sites.contains(where: { $0.control == .cloud }) {
            rows += [("Inventory: Scope 3 cat. 1, rented capacity", .emissionsScope3Cat1TCO2e, 1e-3, "ktCO2e"),
                     ("Inventory: Scope 3 cat. 1, supplier-specific", .emissionsScope3Cat1SupplierTCO2e, 1e-3, "ktCO2e")]
        }
        rows += [
            ("Inventory: Scope 3 cat. 2", .emissionsScope3Cat2TCO2e, 1e-3, "ktCO2e"),
            ("Inventory: Scope 3 cat. 3", .emissionsScope3Cat3TCO2e, 1e-3, "ktCO2e"),
            ("Water", .waterM3, 1e-6, "million m³"),
            ("  on site", .waterOnsiteM3, 1e-6, "million m³"),
            ("  at the power plants", .waterOffsiteM3, 1e-6, "million m³"),
            ("Carbon-free energy, annual matching", .energyCFEAnnualMWh, 1e-3, "GWh"),
            ("Carbon-free energy, hourly matching", .energyCFEHourlyMWh, 1e-3, "GWh"),
            ("Accelerator-hours", .acceleratorHours, 1e-6, "million"),
        ]
        let width = rows.map(\.0.count).max()!
        for (label, m, scale, unit) in rows {
            let padded = label.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            guard let st = r.estimated(m) else {
                out += padded + "not estimated (" + NotEstimatedWords.reasons(r.plan.estimate(m, .total), r.plan) + ")\n"
                continue
            }
            var line = padded + fmt(st.mean * scale)
            if r.hasRanges && st.p5 != st.p95 { line += " [\(fmt(st.p5 * scale)) – \(fmt(st.p95 * scale))]" }
            out += line + " " + unit + "\n"
        }
        let years = s.usesFiscalYears ? "Per fiscal year from \(s.fiscalYearStart), named by the year it starts in" : "Per year"
        out += "\n\(years) (means): facility GWh, capacity MW, location ktCO2e, market ktCO2e, upfront ktCO2e, water million m³\n"
        for (p, period) in r.plan.grid.periods.enumerated() {
            let cells = [(Metric.energyFacilityMWh, 1e-3), (.powerCapacityMW, 1), (.emissionsLocationTCO2e, 1e-3),
                         (.emissionsMarketTCO2e, 1e-3), (.emissionsEmbodiedUpfrontTCO2e, 1e-3), (.waterM3, 1e-6)]
                .map { cell in (r.estimatedMean(cell.0, period: p).map { fmt($0 * cell.1) } ?? "–").leftPad(10) }
            out += "  \(period.year)" + cells.joined() + "\n"
        }
        let partial = rows.map(\.1).filter { r.plan.estimate($0, .total).isEstimated && !r.plan.estimate($0, .total).missing.isEmpty }
        if !partial.isEmpty {
            out += "\nPartly estimated:\n"
            for m in partial { out += "  \(m.key) leaves out what is not estimated: " + NotEstimatedWords.reasons(r.plan.estimate(m, .total), r.plan) + "\n" }
        }
        if let demand = s.demand {
            func range(_ st: Statistic?, _ scale: Double = 1) -> String {
                guard let st else { return "–" }
                return fmt(st.mean * scale) + (r.hasRanges && st.p5 != st.p95 ? " [\(fmt(st.p5 * scale)) – \(fmt(st.p95 * scale))]" : "")
            }
            for (i, service) in demand.services.enumerated() {
                out += "\nService \(service.name) (served by \(service.servedBy.map { s.fleets[$0].name }.joined(separator: ", ")))\n"
                var rows: [(String, String)] = [
                    ("Prompts", range(r.stat(.prompts, service: i), 1e-9) + " billion"),
                    ("Energy per prompt", range(r.stat(.energyWhPerPrompt, service: i)) + " Wh"),
                    ("Share of served fleets' energy", range(r.stat(.shareOfServedEnergy, service: i), 100) + " %"),
                    ("Location-based per prompt", range(r.stat(.emissionsLocationGPerPrompt, service: i)) + " gCO2e"),
                    ("Market-based per prompt", range(r.stat(.emissionsMarketGPerPrompt, service: i)) + " gCO2e"),
                    ("Embodied per prompt", range(r.stat(.emissionsEmbodiedGPerPrompt, service: i)) + " gCO2e"),
                    ("Water per prompt", range(r.stat(.waterMlPerPrompt, service: i)) + " mL"),
                ]
                if service.fleetShare != nil {
                    rows.append(("Top-down energy per prompt", range(r.stat(.allocatedEnergyWhPerPrompt, service: i)) + " Wh"))
                    rows.append(("Top-down location-based per prompt", range(r.stat(.allocatedEmissionsLocationGPerPrompt, service: i)) + " gCO2e"))
                }
                let w = rows.map(\.0.count).max()!
                for (label, value) in rows { out += "  " + label.padding(toLength: w + 2, withPad: " ", startingAt: 0) + value + "\n" }
            }
            if demand.revenueUSD != nil || demand.users != nil {
                out += "\nPer revenue and per user (whole horizon)\n"
                let rows: [(String, String)] = [
                    ("tCO2e per M$ revenue, location", range(r.stat(.tco2ePerMUSDRevenueLocation))),
                    ("tCO2e per M$ revenue, market", range(r.stat(.tco2ePerMUSDRevenueMarket))),
                    ("kgCO2e per user-year", range(r.stat(.kgco2ePerUserYear))),
                    ("kWh per user-year", range(r.stat(.kwhPerUserYear))),
                ]
                let w = rows.map(\.0.count).max()!
                for (label, value) in rows { out += "  " + label.padding(toLength: w + 2, withPad: " ", startingAt: 0) + value + "\n" }
            }
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
