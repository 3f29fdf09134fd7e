import FootprintModel

/// The pack's three forms: Markdown (tables per reporting year, the CDP
/// map, references), CSV (one row per datapoint and year) and JSON.
extension Disclosure {
    /// Labels of the datapoints, for the Markdown tables.
    static let labels: [String: String] = [
        "esrs_e1_6.scope1_tco2e": "Gross Scope 1",
        "esrs_e1_6.scope2_location_tco2e": "Gross Scope 2, location-based",
        "esrs_e1_6.scope2_market_tco2e": "Gross Scope 2, market-based",
        "esrs_e1_6.scope3_cat1_tco2e": "Scope 3 category 1, purchased goods and services (rented capacity: electricity on average data, amortized hardware, provider's generation)",
        "esrs_e1_6.scope3_cat1_supplier_tco2e": "Scope 3 category 1, with the provider's market-based electricity",
        "esrs_e1_6.scope3_cat2_tco2e": "Scope 3 category 2, capital goods (hardware of operated sites, upfront)",
        "esrs_e1_6.scope3_cat3_tco2e": "Scope 3 category 3, fuel- and energy-related (upstream of purchased electricity and of fuel burned on site)",
        "esrs_e1_6.scope3_tco2e": "Gross Scope 3 (categories 1, 2 and 3)",
        "esrs_e1_6.total_location_tco2e": "Total GHG emissions, location-based",
        "esrs_e1_6.total_market_tco2e": "Total GHG emissions, market-based",
        "esrs_e1_6.intensity_location_t_per_musd": "GHG intensity per net revenue, location-based",
        "esrs_e1_6.intensity_market_t_per_musd": "GHG intensity per net revenue, market-based",
        "esrs_e1_6.scope1_ets_share": "Share of Scope 1 under a regulated emission trading scheme",
        "esrs_e1_5.total_energy_mwh": "Total energy consumption",
        "esrs_e1_5.fossil_mwh": "Fossil sources",
        "esrs_e1_5.fossil_coal_mwh": "… coal and coal products",
        "esrs_e1_5.fossil_oil_mwh": "… crude oil and petroleum products",
        "esrs_e1_5.fossil_gas_mwh": "… natural gas",
        "esrs_e1_5.fossil_other_mwh": "… other fossil and unknown sources",
        "esrs_e1_5.nuclear_mwh": "Nuclear sources",
        "esrs_e1_5.renewable_mwh": "Renewable sources",
        "esrs_e1_5.renewable_purchased_mwh": "… purchased or acquired renewable electricity",
        "esrs_e1_5.renewable_self_generated_mwh": "… self-generated renewable energy",
        "esrs_e1_5.fossil_share": "Share of fossil sources",
        "esrs_e1_5.nuclear_share": "Share of nuclear sources",
        "esrs_e1_5.renewable_share": "Share of renewable sources",
        "esrs_e1_5.intensity_mwh_per_musd": "Energy intensity per net revenue",
        "ghgp.scope2_location_tco2e": "Scope 2, location-based",
        "ghgp.scope2_market_tco2e": "Scope 2, market-based (Scope 2 Guidance, 2015: annual matching)",
        "ghgp.scope2_market_hourly_pro_forma_tco2e": "Scope 2, market-based, hourly matching — pro forma, October 2025 draft revision",
        "ghgp.scope2_contracted_mwh": "Purchased electricity covered by contractual instruments",
        "ghgp.scope2_residual_mix_mwh": "Purchased electricity counted at the residual mix",
    ]

    /// The CDP Climate Change questions (2023 questionnaire codes) each
    /// group of datapoints answers.
    static let cdp: [(figure: String, question: String)] = [
        ("Gross Scope 1 (esrs_e1_6.scope1_tco2e)", "C6.1 — gross global Scope 1 emissions"),
        ("Scope 2 location- and market-based (ghgp.scope2_location_tco2e, ghgp.scope2_market_tco2e)", "C6.3 — gross global Scope 2 emissions, both methods"),
        ("Scope 3 categories 1, 2, 3 (esrs_e1_6.scope3_cat*_tco2e)", "C6.5 — Scope 3 emissions by category"),
        ("Scope 1 and 2 by site (ghgp.site.*)", "C7.2 and C7.5 — by country/area; C7.3b and C7.6b — by business facility (one row per site)"),
        ("Year-on-year change of Scope 1 + 2 and its causes (the table below)", "C7.9 and C7.9a — change in gross emissions and its reasons"),
        ("Renewable and non-renewable MWh (esrs_e1_5.*)", "C8.2a — energy consumption totals (MWh), renewable and non-renewable"),
        ("Contracts: instrument, technology, MWh (contracts table)", "C8.2e — electricity accounted at a zero or near-zero factor in the market-based figure, by sourcing method"),
    ]

    func value(_ name: String, year: Int) -> Datapoint? { datapoints.first { $0.name == name && $0.year == year } }

    /// Whether reporting year `year` ends after the scenario's `as_of` date.
    func isProjection(_ period: TimeGrid.Period) -> Bool { s.asOf.map { period.end > $0 } ?? false }

    func cites(_ d: Datapoint) -> String { d.sources.isEmpty ? "" : d.sources.map { "[\($0)]" }.joined(separator: " ") }

    /// "12.4 (10.5–14.4) MtCO2e", "12.4 MWh (mean)", or "not estimated: why".
    func figure(_ d: Datapoint) -> (value: String, range: String, unit: String) {
        guard let st = d.value else { return ("not estimated", d.reason ?? "", "") }
        let unit: DisplayUnit
        switch d.unit {
        case "tCO2e", "t": unit = d.unit == "t" ? DisplayUnit.of(unit: "t", maximum: abs(st.mean)) : .carbon(abs(st.mean))
        case "MWh": unit = .energy(abs(st.mean))
        case "fraction": unit = DisplayUnit.of(unit: "fraction", maximum: 1)
        default: unit = DisplayUnit.of(unit: d.unit, maximum: abs(st.mean))
        }
        let certain = d.meanOnly || (st.p5 == st.p95) || !r.hasRanges
        let range = certain ? (d.meanOnly ? "mean" : "") : "\(unit.format(st.p5))–\(unit.format(st.p95))"
        return (unit.format(st.mean), range, unit.name)
    }

    public var markdown: String {
        var md = "# Disclosure pack: \(s.name)\n\n"
        let report = MarkdownReport(summary: summary, tornado: [], name: name, command: command)
        md += "Datapoints for GHG Protocol Scope 2 dual reporting, ESRS E1-5 (energy) and E1-6 (gross GHG emissions) and CDP, per reporting year, "
        md += "from \(r.samples) Monte Carlo draw\(r.samples == 1 ? "" : "s") (seed \(r.seed)): the mean, and P5–P95 where inputs are uncertain. "
        md += "Every figure cites its sources by number (references at the end); the same datapoints are in the CSV and JSON beside this file.\n\n"
        md += report.boundaryStatement + " Cloud capacity (rented as a service) is reported under Scope 3 category 1, never Scope 2; ESRS E1-5's energy consumption covers the sites the company operates.\n\n"
        md += "GWPs: \(s.gwp.set.rawValue) (`scenario.gwp`; CH4 \(HumanNumber.format(s.gwp.ch4.central)), N2O \(HumanNumber.format(s.gwp.n2o.central))). "
        md += s.usesFiscalYears ? "Reporting years are fiscal years starting \(s.fiscalYearStart), each named by the calendar year it starts in. " : "Reporting years are calendar years. "
        if let asOf = s.asOf { md += "Inputs are as of \(asOf) (`scenario.as_of`): reporting years ending after it are projections. " }
        if let base = s.baseYear { md += "Base year: \(base) (`scenario.base_year`); each E1-6 figure gives its change against it. " }
        md += "\n"
        for (p, period) in plan.grid.periods.enumerated() {
            md += "\n## Reporting year \(period.year)\(isProjection(period) ? " (projection)" : "")\n\n"
            md += "\(period.start) to \(period.end) (end exclusive).\n\n"
            md += table("ESRS E1-6 — gross GHG emissions", prefix: "esrs_e1_6.", year: period.year, base: true)
            md += table("ESRS E1-5 — energy consumption and mix", prefix: "esrs_e1_5.", year: period.year, base: false)
            md += "On-site fuel counts by its higher heating value (HHV; 1 MMBtu = 0.29307 MWh), as the catalog's heat rates and fuel factors are; "
            md += "electricity a contract covers counts under the contract's technology, in proportion to each contract's central coverage; the rest under its grid's generation mix. The split is of means.\n\n"
            md += table("GHG Protocol Scope 2 — dual reporting", prefix: "ghgp.scope2", year: period.year, base: false)
            md += sitesTable(p, year: period.year)
            md += contractsTable(p)
        }
        md += changeTable
        md += "\n## CDP climate change\n\n| Figure in this pack | CDP question (2023 questionnaire) |\n|---|---|\n"
        for row in Self.cdp { md += "| \(row.figure) | \(row.question) |\n" }
        md += "\n## Data quality\n\n" + (plan.correlations.isEmpty
            ? "Each input given as a distribution is drawn independently of the others (no correlation is modelled), so ranges may be narrower than the inputs justify where inputs move together. "
            : "Inputs given as distributions are drawn independently except those the scenario's report lists as moving together (\(plan.correlations.count) group\(plan.correlations.count == 1 ? "" : "s"), drawn through a Gaussian copula). ")
        md += "Figures marked \"mean\" split a mean by central shares and have no range. Inputs without a source are assumptions of the scenario's author; the report of this scenario lists every input with its source.\n"
        let quality = MarkdownReport.dataQualityTable(qualityShares, plan: plan)
        if !quality.isEmpty { md += "\n" + quality }
        md += "\n## References\n\n"
        for (i, text) in references.enumerated() { md += "\(i + 1). \(MarkdownReport.cell(text))\n" }
        md += "\n---\n\nFootprint \(FootprintVersion.described) · model `\(s.file)` · SHA-256 `\(s.sha256)` · seed \(r.seed) · \(r.samples) sample\(r.samples == 1 ? "" : "s")\n"
        md += report.inputHashes
        md += "\nReproduce: `\(command)`\n"
        return md
    }

    private func table(_ title: String, prefix: String, year: Int, base: Bool) -> String {
        let rows = datapoints.filter { $0.year == year && $0.name.hasPrefix(prefix) }
        guard !rows.isEmpty else { return "" }
        let baseYear = base ? s.baseYear : nil
        var t = "### \(title)\n\n| Datapoint | | Value | P5–P95 | Unit |\(baseYear.map { " Change vs \($0) |" } ?? "") Sources |\n"
        t += "|---|---|---:|---:|---|\(baseYear == nil ? "" : "---:|")---|\n"
        for d in rows {
            let f = figure(d)
            var change = ""
            if let baseYear {
                if let now = d.value?.mean, let then = value(d.name, year: baseYear)?.value?.mean, then != 0 {
                    change = " \(HumanNumber.format((now - then) / abs(then) * 100, significant: 3)) % |"
                } else { change = " – |" }
            }
            let reason = d.value == nil ? f.range : (d.reason.map { "\(f.range.isEmpty ? "" : f.range + "; ")\($0)" } ?? f.range)
            t += "| \(Self.labels[d.name] ?? d.name) | `\(d.name)` | \(f.value) | \(MarkdownReport.cell(reason)) | \(f.unit) |\(change) \(cites(d)) |\n"
        }
        return t + "\n"
    }

    private func sitesTable(_ p: Int, year: Int) -> String {
        let sites = s.sites.filter { $0.control != .cloud && !$0.offGrid }
        guard !sites.isEmpty else { return "" }
        var t = "By site (tCO2e; gases in t, location-based: the site's location-based figure × each gas's share of its grid's CO2e rate, eGRID's AR5 GWPs; the market-based figure is not split by gas, the residual mix and contracts being given as CO2e only):\n\n"
        t += "| Site | Grid | Location-based | Market-based | CO2 | CH4 | N2O | Sources |\n|---|---|---:|---:|---:|---:|---:|---|\n"
        for site in sites {
            func cell(_ key: String) -> (String, [Int]) {
                guard let d = value("ghgp.site.\(site.name).\(key)", year: year) else { return ("–", []) }
                guard let st = d.value else { return ("not estimated", []) }
                return (HumanNumber.format(st.mean, significant: 4) + (r.hasRanges && st.p5 != st.p95 ? " (\(HumanNumber.format(st.p5, significant: 3))–\(HumanNumber.format(st.p95, significant: 3)))" : ""), d.sources)
            }
            let cells = ["scope2_location_tco2e", "scope2_market_tco2e", "scope2_location_co2_t", "scope2_location_ch4_t", "scope2_location_n2o_t"].map(cell)
            var sources: [Int] = []
            for c in cells { for n in c.1 where !sources.contains(n) { sources.append(n) } }
            let grid = "\(site.grid.key ?? site.grid.name)\(site.grid.year.map { " (\($0))" } ?? "")"
            t += "| \(site.name) | \(grid) | " + cells.map(\.0).joined(separator: " | ") + " | \(sources.map { "[\($0)]" }.joined(separator: " ")) |\n"
        }
        return t + "\n"
    }

    /// The instrument types of the GHG Protocol's Scope 2 Guidance, by contract kind.
    static func instrument(_ kind: String) -> String {
        switch kind {
        case "ppa": "physical PPA (bundled)"
        case "vppa": "virtual PPA (unbundled certificates)"
        case "rec", "go": "unbundled certificate (\(kind.uppercased()))"
        case "green-tariff": "utility green tariff (bundled)"
        case "onsite": "on-site generation (self-generated)"
        default: kind
        }
    }

    private func contractsTable(_ p: Int) -> String {
        let rows = s.sites.filter { $0.control != .cloud }.flatMap { site in site.contracts.map { (site, $0) } }
        guard !rows.isEmpty else { return "" }
        let middle = (Double(plan.grid.periods[p].start.dayNumber) + Double(plan.grid.periods[p].end.dayNumber)) / 2
        var t = "Contracts (central values at mid-year; the MWh they cover together are `ghgp.scope2_contracted_mwh`):\n\n"
        t += "| Site | Instrument | Technology | Covers | Intensity (kg/kWh) | Counts hourly | Market boundary | Scope 2 Quality Criteria declared met |\n|---|---|---|---|---:|---|---|---|\n"
        for (site, c) in rows {
            let covers = c.share.map { "\(HumanNumber.format(Self.central($0, atDay: middle) * 100, significant: 3)) % of consumption" }
                ?? c.capacityMW.map { "\(HumanNumber.format(Self.central($0, atDay: middle), significant: 4)) MW, hourly profile" } ?? "–"
            let hourly = c.share == nil ? "yes (hour by hour)" : (c.hourly ? "yes" : c.legacy ? "grandfathered" : "no (annual certificate)")
            let criteria = c.qualityCriteria.isEmpty ? "none declared" : c.qualityCriteria.map(String.init).joined(separator: ", ")
            t += "| \(site.name) | \(Self.instrument(c.kind)) | \(c.technology?.rawValue ?? "not given") | \(covers) | \(HumanNumber.format(c.intensity.central)) | \(hourly) | \(c.marketBoundary.map(MarkdownReport.cell) ?? "not given") | \(criteria) |\n"
        }
        return t + "\n"
    }

    /// Year-on-year change of Scope 1 + 2 (market-based) and its causes:
    /// the change in energy at last year's intensity (change in output),
    /// and this year's energy at the change in intensity (emission
    /// factors, contracts, on-site generation).
    private var changeTable: String {
        let periods = plan.grid.periods
        guard periods.count > 1 else { return "" }
        var t = "\n## Year-on-year change (Scope 1 + 2, market-based)\n\n"
        t += "The change splits exactly into a change in output (energy consumed, at the previous year's emissions per MWh) and a change in intensity (this year's energy at the change in emissions per MWh: grid factors, contracts, on-site generation). Means.\n\n"
        t += "| Year | Scope 1 + 2 (tCO2e) | Change | Change in output | Change in intensity |\n|---|---:|---:|---:|---:|\n"
        func totals(_ p: Int) -> (e: Double, mwh: Double) {
            let e = r.mean(.emissionsScope1TCO2e, period: p) + r.mean(.emissionsScope2MarketTCO2e, period: p)
            let mwh = (datapoints.first { $0.name == "esrs_e1_5.total_energy_mwh" && $0.year == periods[p].year }?.value?.mean) ?? 0
            return (e, mwh)
        }
        for p in periods.indices {
            let now = totals(p)
            guard p > 0 else { t += "| \(periods[p].year) | \(HumanNumber.format(now.e, significant: 4)) | – | – | – |\n"; continue }
            let before = totals(p - 1)
            let iBefore = before.mwh > 0 ? before.e / before.mwh : 0, iNow = now.mwh > 0 ? now.e / now.mwh : 0
            let output = (now.mwh - before.mwh) * iBefore, intensity = now.mwh * (iNow - iBefore)
            t += "| \(periods[p].year) | \(HumanNumber.format(now.e, significant: 4)) | \(HumanNumber.format(now.e - before.e, significant: 4)) | \(HumanNumber.format(output, significant: 4)) | \(HumanNumber.format(intensity, significant: 4)) |\n"
        }
        return t
    }

    /// `datapoint,year,value,unit,sources`: the mean in full precision
    /// (empty where not estimated), the sources as "[n] text", joined.
    public var csv: String {
        var lines = ["datapoint,year,value,unit,sources"]
        for d in datapoints {
            var sources = d.sources.map { "[\($0)] \(references[$0 - 1])" }.joined(separator: " | ")
            if d.value == nil { sources = "not estimated: \(d.reason ?? "")" + (sources.isEmpty ? "" : " | " + sources) }
            lines.append([d.name, String(d.year), d.value.map { JSONWriter.number($0.mean) } ?? "", d.unit, sources].map(ResultsExport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: String {
        var w = JSONWriter()
        w.open()
        w.value("scenario", s.name)
        w.value("model_sha256", s.sha256)
        w.value("tool_version", FootprintVersion.current)
        w.value("seed", r.seed)
        w.value("samples", r.samples)
        w.value("gwp", s.gwp.set.rawValue)
        w.value("consolidation", s.consolidation.rawValue)
        if let base = s.baseYear { w.value("base_year", base) } else { w.null("base_year") }
        if let asOf = s.asOf { w.value("as_of", asOf.description) } else { w.null("as_of") }
        w.open("reporting_years", array: true)
        for period in plan.grid.periods {
            w.open()
            w.value("year", period.year)
            w.value("start", period.start.description)
            w.value("end", period.end.description)
            w.value("projection", isProjection(period))
            w.close()
        }
        w.close(array: true)
        w.open("datapoints", array: true)
        for d in datapoints {
            w.open()
            w.value("datapoint", d.name)
            w.value("year", d.year)
            w.value("mean", d.value?.mean)
            w.value("p5", d.meanOnly ? nil : d.value?.p5)
            w.value("p50", d.meanOnly ? nil : d.value?.p50)
            w.value("p95", d.meanOnly ? nil : d.value?.p95)
            w.value("mean_only", d.meanOnly)
            w.value("unit", d.unit)
            w.open("sources", array: true)
            for n in d.sources { w.value(nil, n) }
            w.close(array: true)
            if let reason = d.reason { w.value(d.value == nil ? "not_estimated" : "note", reason) }
            w.close()
        }
        w.close(array: true)
        w.open("references", array: true)
        for (i, text) in references.enumerated() {
            w.open()
            w.value("n", i + 1)
            w.value("text", text)
            w.close()
        }
        w.close(array: true)
        w.close()
        return w.text + "\n"
    }
}
