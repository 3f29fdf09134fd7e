import FootprintModel

/// The Markdown report of one run: what a sustainability team pastes and a
/// researcher re-runs. Everything comes from the `RunSummary` (and the
/// tornado computed on the same plan); nothing is recomputed here.
public struct MarkdownReport {
    public let summary: RunSummary
    public let tornado: [ScenarioSensitivity.TornadoEntry]
    /// How much of each headline figure's variance rests on estimates
    /// (`QualityShares`, computed on the same plan); empty: not computed.
    public let qualityShares: [QualityShares.Shares]
    /// The report's name: `Reports/NAME.md`, charts in `Reports/NAME/`.
    public let name: String
    /// The command that reproduces the report.
    public let command: String

    public init(summary: RunSummary, tornado: [ScenarioSensitivity.TornadoEntry], qualityShares: [QualityShares.Shares] = [],
                name: String, command: String) {
        self.summary = summary; self.tornado = tornado; self.qualityShares = qualityShares; self.name = name; self.command = command
    }

    /// The headline figures whose data quality the report states: the
    /// whole-horizon totals of `headlineMetrics` the plan estimates.
    public static func qualityMetrics(_ plan: EvaluationPlan) -> [MetricSelector] {
        headlineMetrics.filter { plan.estimate($0, .total).isEstimated }.map { MetricSelector($0.key)! }
    }

    static let headlineMetrics: [Metric] = [.energyFacilityMWh, .powerCapacityMW, .emissionsLocationTCO2e, .emissionsMarketTCO2e,
                                            .emissionsScope1TCO2e, .emissionsScope2LocationTCO2e, .emissionsScope2MarketTCO2e,
                                            .emissionsScope3Cat1TCO2e, .emissionsEmbodiedUpfrontTCO2e, .waterM3]

    public static let tornadoMetric = MetricSelector("emissions_location_tco2e")!

    /// File name → contents of the charts, relative to the charts folder.
    public var charts: [(String, String)] {
        var c = [("power.svg", Charts.power(summary)), ("emissions.svg", Charts.emissions(summary)), ("fleets.svg", Charts.fleets(summary)),
                 ("water.svg", Charts.water(summary))]
        let moving = tornadoParts.moving
        if !moving.isEmpty {
            let central = summary.central.value(.emissionsLocationTCO2e)
            let u = DisplayUnit.carbon(moving.flatMap { [$0.atLow, $0.atHigh] }.max() ?? central)
            let inputs = Dictionary(summary.plan.parameters.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            let labels = moving.map { e in inputs[e.parameter].map(InputLabel.words) ?? e.parameter }
            c.append(("tornado.svg", Charts.tornado(moving, labels: labels, central: central, metricLabel: "Location-based electricity emissions",
                                                    scale: u.scale, unit: u.name)))
        }
        return c + matchingCharts + demandCharts
    }

    var r: RunSummary { summary }
    var s: Scenario { summary.plan.scenario }

    public var markdown: String {
        var out: [String] = []
        out.append("# \(s.name)\n")
        if !s.description.isEmpty { out.append(s.description.trimmingCharacters(in: .whitespacesAndNewlines) + "\n") }
        out.append(headline)
        out.append(totals)
        out.append(inventory)
        if let generation = generationSection { out.append(generation) }
        out.append(marketRules)
        if let demand = demandSection { out.append(demand) }
        out.append(byYear)
        out.append(byFleet)
        out.append(bySite)
        out.append(chartsSection)
        out.append(sensitivity)
        out.append(assumptions)
        out.append(method)
        out.append(referenceList)
        out.append(footer)
        return out.joined(separator: "\n")
    }

    // MARK: Headline

    /// A metric's figure over the whole horizon in words: "X unit" when
    /// it is certain (no ranges, or P5 = P95 = mean), "X unit (P5–P95:
    /// a–b unit)", "X unit (mean; P5 and P95 both a unit)" when the
    /// central 90 % of draws agree and a tail moves the mean, and "not
    /// estimated" where no input is behind it.
    func range(_ m: Metric, unit u: DisplayUnit? = nil) -> String {
        guard let st = r.estimated(m) else { return "not estimated" }
        let unit = u ?? DisplayUnit.of(m, maximum: st.mean)
        return Self.words(st, unit: unit, ranges: r.hasRanges)
    }

    static func words(_ st: Statistic, unit: DisplayUnit, ranges: Bool) -> String {
        let mean = "\(unit.format(st.mean)) \(unit.name)"
        guard ranges else { return mean }
        if st.p5 != st.p95 { return "\(mean) (P5–P95: \(unit.format(st.p5))–\(unit.format(st.p95)) \(unit.name))" }
        if unit.format(st.p5) == unit.format(st.mean) { return mean }
        return "\(mean) (mean; P5 and P95 both \(unit.format(st.p5)) \(unit.name))"
    }

    /// A row of a statistics table (Quantity | Mean | P5 | P50 | P95 | Unit,
    /// or Quantity | Value | Unit), "not estimated" where nothing is behind it.
    func tableRow(_ label: String, _ st: Statistic?, unit u: DisplayUnit) -> String {
        guard let st else { return r.hasRanges ? "| \(label) | not estimated | – | – | – | – |\n" : "| \(label) | not estimated | – |\n" }
        return r.hasRanges
            ? "| \(label) | \(u.format(st.mean)) | \(u.format(st.p5)) | \(u.format(st.p50)) | \(u.format(st.p95)) | \(u.name) |\n"
            : "| \(label) | \(u.format(st.mean)) | \(u.name) |\n"
    }

    /// Below a table of `metrics`' totals: which are not estimated and
    /// which leave parts out, and why (nil when all are estimated in full).
    func estimateNotes(_ metrics: [Metric]) -> String? {
        var lines: [String] = []
        for m in metrics {
            let e = r.plan.estimate(m, .total)
            guard !e.missing.isEmpty else { continue }
            let why = NotEstimatedWords.reasons(e, r.plan)
            lines.append(e.isEstimated ? "\(m.label) leaves out what is not estimated: \(why)." : "\(m.label) is not estimated: \(why).")
        }
        return lines.isEmpty ? nil : "\n" + lines.map { "* " + $0 }.joined(separator: "\n") + "\n"
    }

    /// "monthly", "hourly": the step's adjective.
    var stepAdjective: String {
        switch s.resolution {
        case .year: "yearly"
        case .month: "monthly"
        case .day: "daily"
        case .hour: "hourly"
        }
    }

    var headline: String {
        let years = "\(s.start) to \(s.end)"
        var p = "## Headline\n\n"
        p += "From \(years), the scenario draws \(range(.energyFacilityMWh)) of electricity at the facility meter "
        p += "(\(range(.energyITMWh)) of it reaching the IT equipment). At its largest, the installed hardware draws \(range(.powerCapacityMW)) at the facility meter at full load, "
        p += "the capacity a utility would be asked for; the highest \(stepAdjective) average draw is \(range(.peakFacilityPowerMW)). It runs "
        p += "over \(HumanNumber.format(r.stat(.acceleratorHours).mean / 1e6)) million accelerator-hours. "
        p += generationSentence
        if s.sites.allSatisfy(\.offGrid) {
            p += "No electricity is drawn from a grid: every site is off-grid, so there is no Scope 2. "
        } else {
        p += "Generating \(hasGeneration ? "the electricity drawn from grids" : "that electricity") emits \(range(.emissionsLocationTCO2e)) location-based and \(range(.emissionsMarketTCO2e)) market-based "
        p += "(\(range(.emissionsMarketHourlyTCO2e)) if contracts are matched hour by hour, as the October 2025 draft revision proposes); "
        p += r.plan.estimate(.emissionsUpstreamTCO2e, .total).isEstimated
            ? "the upstream of that electricity adds \(range(.emissionsUpstreamTCO2e)). "
            : "the upstream of that electricity is not estimated (no grid has an upstream factor). "
        p += "In the company's inventory (below) that is Scope 2 of \(range(.emissionsScope2LocationTCO2e)) location-based and \(range(.emissionsScope2MarketTCO2e)) market-based"
        p += s.sites.contains { $0.control == .cloud }
            ? ", and Scope 3 category 1 of \(range(.emissionsScope3Cat1TCO2e)) for the capacity it rents (\(range(.emissionsScope3Cat1SupplierTCO2e)) on the provider's figures). "
            : ". "
        }
        if r.plan.fleetsWithoutEmbodied.count < s.fleets.count {
            p += "Making the hardware it deploys emits \(range(.emissionsEmbodiedUpfrontTCO2e)) upfront, of which \(range(.emissionsScope3Cat2TCO2e)) is the company's Scope 3 category 2 (hardware of the sites it operates); "
            p += "amortized over the hardware's service life, the share of this period's use is \(range(.emissionsEmbodiedAmortizedTCO2e)). "
        } else {
            p += "Embodied carbon is not estimated: no fleet has embodied figures. "
        }
        if s.sites.contains(where: { $0.grid.water != nil }) {
            p += "Water consumed on site and at the power plants comes to \(range(.waterM3)): \(range(.waterOnsiteM3)) on site, \(range(.waterOffsiteM3)) at the power plants."
        } else if s.sites.contains(where: { $0.wue != nil }) {
            p += "Water consumed on site comes to \(range(.waterM3)); no grid has a figure for the power plants' water."
        } else {
            p += "Water is not estimated: no site has a WUE and no grid a water figure."
        }
        p += "\n"
        if r.hasRanges {
            p += "\nMeans with the 5th–95th percentile range of \(r.samples) Monte Carlo draws (seed \(r.seed)) over the input distributions listed under Assumptions; \(r.plan.correlations.isEmpty ? "inputs are drawn independently" : "inputs are drawn independently except the correlated ones listed there")." + "\n"
        } else {
            p += "\nAll figures are central values (the mode of triangular and PERT inputs, the mean of others): no ranges were computed.\n"
        }
        var notes: [String] = accountingNotes
        let noResidual = r.plan.sitesWithoutResidualMix
        if !noResidual.isEmpty {
            notes.append("No residual mix is given for \(noResidual.joined(separator: ", ")): uncontracted power is counted at the grid average. A residual mix excludes contracted low-carbon supply and is usually higher, so these market-based figures are likely low.")
        }
        let noWater = r.plan.sitesWithoutGridWater
        if !noWater.isEmpty && noWater.count < s.sites.count {
            notes.append("No water of generation is given for the grid of \(noWater.joined(separator: ", ")): water there is on-site only, while the other sites include the power plants' water.")
        }
        let noEmbodied = r.plan.fleetsWithoutEmbodied
        if !noEmbodied.isEmpty {
            notes.append("No embodied figures are given for \(noEmbodied.joined(separator: ", ")): their embodied carbon is not estimated (not zero).")
        }
        let noLife = r.plan.fleetsWithoutServiceLife
        if !noLife.isEmpty {
            notes.append("\(noLife.joined(separator: ", ")) have embodied figures but no service life: their amortized share is not estimated.")
        }
        if !notes.isEmpty { p += "\n" + notes.map { "* " + $0 }.joined(separator: "\n") + "\n" }
        return p
    }

    // MARK: Tables

    static let tableMetrics: [Metric] = [.energyFacilityMWh, .energyITMWh, .powerCapacityMW, .peakFacilityPowerMW, .emissionsLocationTCO2e,
                                         .emissionsMarketTCO2e, .emissionsMarketHourlyTCO2e, .emissionsUpstreamTCO2e,
                                         .emissionsEmbodiedUpfrontTCO2e, .emissionsEmbodiedAmortizedTCO2e,
                                         .waterM3, .waterOnsiteM3, .waterOffsiteM3, .acceleratorHours]

    var totals: String {
        var t = "## Totals\n\n"
        t += "All modelled electricity and hardware, whoever operates it; the company's scopes are under Inventory by scope.\n\n"
        t += r.hasRanges ? "| Quantity | Mean | P5 | P50 | P95 | Unit |\n|---|---:|---:|---:|---:|---|\n" : "| Quantity | Value | Unit |\n|---|---:|---|\n"
        let metrics = Self.tableMetrics + [.energyCFEAnnualMWh, .energyCFEHourlyMWh]
        for m in metrics {
            let st = r.estimated(m)
            let label = m == .peakFacilityPowerMW ? "Highest \(stepAdjective) average facility power" : m.label
            t += tableRow(label, st, unit: DisplayUnit.of(m, maximum: st?.mean ?? 0))
        }
        for im in IntensityMetric.allCases {
            guard let st = r.intensity(im) else { continue }
            let label: String, unit: String
            switch im {
            case .kgPerAcceleratorHour: label = "Carbon per accelerator-hour (location + amortized embodied)"; unit = "kgCO2e"
            case .kgPerMWhIT: label = "Location-based carbon per MWh of IT energy"; unit = "kgCO2e"
            case .kgPerExaFLOP: label = perExaFLOPLabel; unit = "kgCO2e"
            case .cfeAnnualFraction: label = "Carbon-free share of facility energy, annual matching"; unit = "fraction"
            case .cfeHourlyFraction: label = "Carbon-free share of facility energy, hourly matching"; unit = "fraction"
            }
            t += tableRow(label, st, unit: DisplayUnit(scale: 1, name: unit))
        }
        if let notes = estimateNotes(metrics) { t += notes }
        return t
    }

    /// Compute is delivered FLOP only where every fleet gives its FLOP
    /// utilization; otherwise it is peak FLOP/s × busy hours.
    var perExaFLOPLabel: String {
        s.fleets.allSatisfy { $0.flopUtilization != nil }
            ? "Carbon per exaFLOP delivered, at the fleets' FLOP utilization (location + amortized embodied)"
            : "Carbon per exaFLOP of peak capacity-hours (peak FLOP/s × busy hours; location + amortized embodied)"
    }

    /// A table of means with one unit per column, chosen from the column's values.
    func meansTable(rows: [(String, [String])], scope: (Int) -> Evaluation.Scope, period: (Int) -> Int?, count: Int,
                    metrics: [Metric], leading: [String]) -> String {
        let units = metrics.map { m in DisplayUnit.of(m, maximum: (0..<count).compactMap { r.estimatedMean(m, scope($0), period: period($0)) }.max() ?? 0) }
        var t = "| " + (leading + zip(metrics, units).map { "\($0.0.shortLabel) (\($0.1.name))" }).joined(separator: " | ") + " |\n"
        t += "|" + String(repeating: "---|", count: leading.count) + String(repeating: "---:|", count: metrics.count) + "\n"
        for i in 0..<count {
            let cells = zip(metrics, units).map { m, u in r.estimatedMean(m, scope(i), period: period(i)).map { u.format($0) } ?? "not estimated" }
            t += "| " + (rows[i].1 + cells).joined(separator: " | ") + " |\n"
        }
        return t
    }

    var byYear: String {
        let periods = r.plan.grid.periods
        var t = "## By year\n\n" + (s.usesFiscalYears
            ? "Means per fiscal year (starting \(s.fiscalYearStart), each named by the calendar year it starts in)"
            : "Means per calendar year")
        t += r.hasRanges ? "; the P5–P95 of every year is in `footprint run --format json` (periods).\n\n" : ".\n\n"
        t += meansTable(rows: periods.map { ("", [String($0.year) + ($0.start != s.fiscalYearStart.start(ofYear: $0.year) || $0.end != s.fiscalYearStart.start(ofYear: $0.year + 1) ? " (\($0.start) to \($0.end))" : "")]) },
                        scope: { _ in .total }, period: { $0 }, count: periods.count,
                        metrics: [.energyFacilityMWh, .powerCapacityMW, .emissionsLocationTCO2e, .emissionsMarketTCO2e,
                                  .emissionsMarketHourlyTCO2e, .emissionsUpstreamTCO2e, .emissionsEmbodiedUpfrontTCO2e,
                                  .emissionsEmbodiedAmortizedTCO2e, .waterOnsiteM3, .waterOffsiteM3], leading: ["Year"])
        return t
    }

    var byFleet: String {
        var t = "## By fleet\n\nWhole horizon, means.\n\n"
        let fleets = s.fleets
        t += meansTable(rows: fleets.map { f in ("", [f.name, f.accelerator.key ?? f.accelerator.name, s.sites[f.siteIndex].name]) },
                        scope: { .fleet($0) }, period: { _ in nil }, count: fleets.count,
                        metrics: [.energyFacilityMWh, .powerCapacityMW, .emissionsLocationTCO2e, .emissionsMarketTCO2e,
                                  .emissionsEmbodiedUpfrontTCO2e, .emissionsEmbodiedAmortizedTCO2e, .waterM3, .acceleratorHours],
                        leading: ["Fleet", "Accelerator", "Site"])
        return t
    }

    var bySite: String {
        var t = "## By site\n\nWhole horizon, means. Power capacity is the site's own largest.\n\n"
        let sites = s.sites
        t += meansTable(rows: sites.map { site in ("", [site.name, site.grid.key ?? site.grid.name]) },
                        scope: { .site($0) }, period: { _ in nil }, count: sites.count,
                        metrics: [.energyFacilityMWh, .powerCapacityMW, .emissionsLocationTCO2e, .emissionsMarketTCO2e,
                                  .emissionsMarketHourlyTCO2e, .emissionsUpstreamTCO2e, .waterOnsiteM3, .waterOffsiteM3],
                        leading: ["Site", "Grid"])
        return t
    }

    var chartsSection: String {
        var t = "## Charts\n\n"
        t += "![Facility power by year: average, highest \(stepAdjective) average and capacity at full load, mean with P5–P95 band](\(name)/power.svg)\n\n"
        t += "![Emissions by year, all modelled electricity and hardware](\(name)/emissions.svg)\n\n"
        t += "![Installed accelerators by fleet](\(name)/fleets.svg)\n\n"
        t += "![Water by year, on-site and at the power plants](\(name)/water.svg)\n"
        if !tornadoParts.moving.isEmpty { t += "\n![Tornado: sensitivity of location-based emissions](\(name)/tornado.svg)\n" }
        return t
    }

    var sensitivity: String {
        var t = "## Sensitivity\n\n"
        guard !tornado.isEmpty else {
            return t + "No input is given as a distribution, so there is nothing to rank.\n"
        }
        let central = r.central.value(.emissionsLocationTCO2e)
        let (moving, still) = tornadoParts
        guard !moving.isEmpty else {
            return t + "None of the \(still.count) uncertain inputs moves location-based emissions between its 10th and 90th percentile, so there is nothing to rank: " + still.map { "`\($0)`" }.joined(separator: ", ") + ".\n" + dataQuality
        }
        let u = DisplayUnit.carbon(max(central, tornado.map { max($0.atLow, $0.atHigh) }.max() ?? 0))
        t += "Location-based emissions of all modelled electricity over the horizon (\(u.format(central)) \(u.name) at central values) with each uncertain input at its 10th and 90th percentile and every other input central, largest swing first. "
        t += "Variance-based (Sobol) indices, which also capture interactions: `footprint sensitivity \(s.file)`.\n\n"
        t += "| Input | At P10 | At P90 | Emissions at P10 (\(u.name)) | at P90 (\(u.name)) | Swing (\(u.name)) |\n|---|---:|---:|---:|---:|---:|\n"
        for e in moving {
            t += "| `\(e.parameter)` | \(HumanNumber.format(e.lowInput, significant: 4)) | \(HumanNumber.format(e.highInput, significant: 4)) | \(u.format(e.atLow)) | \(u.format(e.atHigh)) | \(u.format(e.swing)) |\n"
        }
        if !still.isEmpty {
            t += "\nInputs that do not move this metric (\(still.count)): " + still.map { "`\($0)`" }.joined(separator: ", ") + ".\n"
        }
        t += dataQuality
        return t
    }

    /// How much of each headline figure's variance rests on estimates,
    /// published figures and the company's own data (`QualityShares`):
    /// first-order to total index of each quality's inputs, as a range.
    var dataQuality: String {
        let table = Self.dataQualityTable(qualityShares, plan: r.plan)
        return table.isEmpty ? "" : "\n### Data quality of the headline figures\n\n" + table
    }

    /// The data-quality table and its explanation (the report's and the
    /// disclosure pack's); empty when nothing was computed.
    static func dataQualityTable(_ qualityShares: [QualityShares.Shares], plan: EvaluationPlan) -> String {
        let shown = qualityShares.filter { !$0.byQuality.isEmpty }
        guard !shown.isEmpty else { return "" }
        let present = DataQuality.allCases.filter { q in shown.contains { $0.index(q) != nil } }
        func heading(_ q: DataQuality) -> String {
            switch q {
            case .estimate: "Estimates"
            case .secondary: "Published figures (secondary)"
            case .primary: "Company's own data (primary)"
            }
        }
        func percent(_ x: Double) -> Int { Int((100 * min(max(x, 0), 1)).rounded()) }
        func cell(_ i: SobolIndices.Index?) -> String {
            guard let i else { return "–" }
            let lo = percent(min(i.firstOrder, i.total)), hi = percent(max(i.firstOrder, i.total))
            return lo == hi ? "\(lo) %" : "\(lo)–\(hi) %"
        }
        var t = "The share of each figure's variance that comes from inputs of each quality: variance-based (Sobol) indices of the uncertain inputs grouped by quality, "
        t += "from the share a group explains alone (first-order) to the share it has a part in, interactions included (total); "
        t += "\(HumanNumber.group(UInt64(shown[0].rows))) base rows of a reverse Halton sequence (twice the draws, from 1,024 to 4,096; at 4,096 the shares are good to a few points), \(HumanNumber.group(UInt64(shown[0].evaluations))) evaluations. "
        t += "An input's quality is its `quality:` (primary, secondary, estimate) or, without one, estimate where its `confidence:` is estimate, it has no source or its source says it is an assumption, an estimate or a derivation, and secondary otherwise; "
        t += plan.correlations.isEmpty ? "inputs are drawn independently.\n\n" : "correlated inputs count with their group's weakest member.\n\n"
        t += "| Figure | " + present.map(heading).joined(separator: " | ") + " |\n|---|" + String(repeating: "---:|", count: present.count) + "\n"
        for sh in shown {
            guard case let .metric(m) = sh.metric.target else { continue }
            t += "| \(m.label) | " + present.map { cell(sh.index($0)) }.joined(separator: " | ") + " |\n"
        }
        let still = qualityShares.filter(\.byQuality.isEmpty).compactMap { sh -> String? in
            if case let .metric(m) = sh.metric.target { return m.label }
            return nil
        }
        if !still.isEmpty { t += "\nNo uncertain input moves: " + still.joined(separator: ", ") + ".\n" }
        return t
    }

    var assumptions: String {
        var t = "## Assumptions\n\nEvery input of the scenario and of the catalog entries it uses. Inputs without a source are assumptions of the scenario's author.\n\n"
        if r.plan.parameters.contains(where: { $0.confidence != nil }) {
            t += "Where the scenario says how firm a figure is (`confidence:`), the quality names it in brackets: official (stated by the company or a regulator) or press (reported); an estimate is derived or assumed here.\n\n"
        }
        t += "| Input | Value or distribution | Unit | Quality | Source |\n|---|---|---|---|---|\n"
        var rows: [Quantity] = r.plan.parameters
        for f in s.fleets { if let q = f.lifetimeInput { rows.append(q) } }
        rows.sort { $0.path < $1.path }
        let numbers = Dictionary(references.enumerated().map { ($0.element, $0.offset + 1) }, uniquingKeysWith: { first, _ in first })
        for q in rows {
            let cited = q.sources.compactMap { numbers[$0] }
            let src = cited.isEmpty ? "**assumption of the scenario's author** (no source given)" : "[" + cited.map(String.init).joined(separator: ", ") + "]"
            // A figure about a real project says how firm it is: "secondary (press)".
            let quality = q.confidence.map { $0 == .estimate ? q.dataQuality.rawValue : "\(q.dataQuality.rawValue) (\($0.rawValue))" } ?? q.dataQuality.rawValue
            t += "| `\(q.path)` | \(q.valueDescription) | \(q.unit.isEmpty ? "–" : q.unit) | \(quality) | \(src) |\n"
        }
        t += "\nSources are cited by number; the list is under References at the end.\n"
        t += "\nHorizon \(s.start) to \(s.end) (end exclusive), steps of one \(s.resolution.rawValue).\n"
        var profiles: [String] = []
        for site in s.sites {
            if let p = site.grid.hourlyProfile { profiles.append("`sites.\(site.name).grid.hourly_profile`: \(p.displayPath)") }
            for (i, c) in site.contracts.enumerated() {
                if let p = c.supply { profiles.append("`sites.\(site.name).contracts.\(i).hourly_profile`: \(p.displayPath)") }
            }
        }
        if !profiles.isEmpty { t += "Hourly profiles read: " + profiles.joined(separator: "; ") + ".\n" }
        if !r.plan.correlations.isEmpty {
            t += "\nInputs that move together (Spearman rank correlation of every pair; 1: they move as one), drawn through a Gaussian copula; "
            t += "the tornado moves each group together and Sobol's indices treat each group as one factor:\n\n"
            t += "| Inputs | Rank correlation | Source or reason |\n|---|---:|---|\n"
            for c in r.plan.correlations {
                t += "| \(c.inputs.map { "`\($0)`" }.joined(separator: ", ")) | \(HumanNumber.format(c.rank)) | \(Self.cell(c.reason)) |\n"
            }
        }
        if !s.overrides.isEmpty { t += "Overrides applied: " + s.overrides.map { "`--set \($0)`" }.joined(separator: ", ") + ".\n" }
        return t
    }

    /// Every source the assumptions cite, once each, in the order the
    /// assumptions table (sorted by input path) first cites them.
    var references: [String] {
        var rows: [(String, [String])] = r.plan.parameters.map { ($0.path, $0.sources) }
        for f in s.fleets { if let q = f.lifetimeInput { rows.append((q.path, q.sources)) } }
        rows.sort { $0.0 < $1.0 }
        var seen = Set<String>(), out: [String] = []
        for (_, sources) in rows { for source in sources where seen.insert(source).inserted { out.append(source) } }
        return out
    }

    /// The numbered reference list the report ends with.
    var referenceList: String {
        let refs = references
        guard !refs.isEmpty else { return "## References\n\nNo input of this scenario gives a source: every figure is an assumption of its author.\n" }
        return "## References\n\n" + refs.enumerated().map { "\($0.offset + 1). \(Self.cell($0.element))" }.joined(separator: "\n") + "\n"
    }

    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }

    /// How the draws treat dependence between inputs, in words.
    var independence: String {
        r.plan.correlations.isEmpty
            ? "independently (no correlation between inputs is modelled)"
            : "independently except the inputs listed as moving together under Assumptions, which are drawn through a Gaussian copula of their rank correlations (Φ of correlated normals, then each input's own inverse CDF)"
    }

    var method: String {
        """
        ## Method

        Time runs in steps of one \(s.resolution.rawValue) from \(s.start) to \(s.end); within a step every input is constant, and deployments and retirements count for the fraction of the step they cover, so totals do not depend on the step length. For each fleet f (one accelerator type at one site) and step t:

        * Installed units N(t): deployments to date less those past their lifetime. A `year:` deployment arrives at a constant rate over the year; `it_mw` is converted at the full-load IT power per unit (TDP + host + network); `capex_usd` is divided by the all-in cost per unit, falling by the stated rate each year; a cloud `commitment` buys total / price accelerator-hours, spread evenly over its period.
        * Power per unit at utilization u: P = P_idle + (P_max − P_idle)·u^k + P_host + P_network, or the measured `avg_power_w`.
        * IT energy E_IT = N·P·Δt; facility energy E_fac = E_IT·PUE (The Green Grid's PUE). Power capacity is the facility draw of the installed hardware at full load, N × (TDP + host + network) × PUE (the measured average power where `avg_power_w` is given), the largest in the period: the figure a utility is asked for. The highest step average is the largest E_fac ÷ Δt over the steps, a \(stepAdjective) average, not an instantaneous peak.
        * Location-based emissions (GHG Protocol Scope 2 Guidance, 2015): E_fac × grid average intensity × grid trajectory g(t) (× the grid's hourly profile averaged over the step, where one is given).
        * Market-based emissions, under two rules. Annual matching (the 2015 Scope 2 Guidance): a contract with an hourly supply (capacity × hourly capacity factor) contributes its year's generation up to the year's consumption, the same share in every step of the year. Hourly matching (the GHG Protocol's October 2025 consultation draft): it covers, hour by hour, the smaller of the site's load and its supply (the load is taken as flat within a step). Then contracts for a share σ of consumption cover that share of what remains, at the contract's intensity — under hourly matching only those that deliver in every hour (`hourly`) or are grandfathered (`legacy`); the rest is at the residual mix × g(t) (the grid average where no residual mix is given). Contracts above 100 % of consumption cover it once. Carbon-free energy (CFE) is the contracted energy at zero intensity matched under each rule.
        * Upstream of electricity (GHG Protocol Scope 3 category 3): E_fac × the grid's upstream factor (fuels' well-to-tank and transmission and distribution losses) × g(t).
        * Embodied, upfront (GHG Protocol Scope 3 category 2, capital goods): per unit deployed, accelerator + host + network embodied carbon (+ facility construction per MW of IT capacity where given), in the step of arrival. Rented capacity (commitments) carries no upfront share for the tenant.
        * Embodied, amortized (as in the Green Software Foundation's SCI): an hour of use carries embodied / (service life × 8,766 h × service utilization), a year of service being 365.25 days, as a lifetime in years counts them; an installed hour has u hours of use.
        * Water: on-site WUE × E_IT (The Green Grid's WUE) and off-site, the grid's water of generation × E_fac; their sum is the total.
        * Compute: peak FLOP/s × u × time × the fleet's FLOP utilization (`flop_utilization`) where given, delivered FLOP; where a fleet gives none, its peak capacity-hours (peak FLOP/s × busy hours), and the per-exaFLOP figure says so.
        * Intensities: (location-based + amortized embodied) per accelerator-hour and per exaFLOP; location-based per MWh of IT energy.
        * These physical figures count all modelled electricity and hardware; the inventory places them in the company's scopes: Scope 2 for the electricity of the sites it operates (owned or leased), Scope 3 category 1 for rented (cloud) capacity, category 2 for the hardware of operated sites, category 3 for the upstream of the electricity it buys; under the equity share approach each site at the company's share.
        * Not estimated is not zero: an output with no input behind it (no WUE, no water of generation, no upstream factor, no embodied figures or service life, no peak FLOP/s, no refrigerants listed) is marked not estimated; a total counts the parts that are estimated and names those that are not.

        Uncertainty: each Monte Carlo draw samples every input given as a distribution, \(independence), and evaluates the model deterministically; the report gives the mean and the 5th, 50th and 95th percentiles over the draws. Draws are seeded per block of 64, so results do not depend on the number of threads. The tornado varies one input (or one group of correlated inputs, together) at a time from its 10th to its 90th percentile with all others at central values (mode of triangular and PERT, mean otherwise).

        """
    }

    /// The SHA-256 of every other file the run read (catalog files, hourly
    /// profiles), so that a changed catalog value changes the footer.
    var inputHashes: String {
        let files = s.catalogFiles.map { ($0.path, $0.sha256) } + s.profiles.map { ($0.displayPath, $0.sha256) }
        guard !files.isEmpty else { return "" }
        return "\nFiles read: " + files.map { "`\($0.0)` SHA-256 `\($0.1)`" }.joined(separator: " · ") + "\n"
    }

    var footer: String {
        """
        ---

        Footprint \(FootprintVersion.described) · model `\(s.file)` · SHA-256 `\(s.sha256)` · seed \(r.seed) · \(r.samples) sample\(r.samples == 1 ? "" : "s")
        \(inputHashes)
        Reproduce: `\(command)`

        """
    }
}
