import FootprintModel

/// A disclosure pack: the datapoints the GHG Protocol's Scope 2 dual
/// reporting, ESRS E1-5 (energy) and E1-6 (emissions) and CDP ask for, per
/// reporting year, each with its unit and the sources behind it — as
/// Markdown, CSV (`datapoint,year,value,unit,sources`) and JSON.
///
/// Everything comes from one run's `RunSummary`. A datapoint that is a
/// metric of the run carries its mean and P5–P95; one that splits a mean
/// by a mix (ESRS E1-5's fossil, nuclear and renewable energy) carries the
/// mean only, and says so. A datapoint with no input behind it is "not
/// estimated", with the reason, never zero.
public struct Disclosure {
    public struct Datapoint: Sendable {
        public let name: String
        public let year: Int
        /// nil: not estimated (`reason` says why).
        public let value: Statistic?
        /// True when only the mean is computed (a split of a mean).
        public let meanOnly: Bool
        public let unit: String
        /// Indices into `references` (from 1).
        public let sources: [Int]
        /// Why it is not estimated (`value` nil), or what an estimated
        /// figure leaves out.
        public let reason: String?
    }

    public let summary: RunSummary
    public let name: String
    public let command: String
    public private(set) var datapoints: [Datapoint] = []
    /// The sources cited, in order of first citation (numbered from 1).
    public private(set) var references: [String] = []

    var r: RunSummary { summary }
    var s: Scenario { summary.plan.scenario }
    var plan: EvaluationPlan { summary.plan }

    /// MWh per MMBtu (1 MMBtu = 293.07107 kWh): on-site fuel counted by its
    /// higher heating value, as the catalog's heat rates and factors are.
    static let mwhPerMMBtu = 0.29307107
    /// AR5 GWPs eGRID computes its CO2e rate with (CH4 28, N2O 265).
    static let egridCH4GWP = 28.0, egridN2OGWP = 265.0

    /// How much of each headline figure's variance rests on estimates
    /// (`QualityShares`); empty: not computed.
    public let qualityShares: [QualityShares.Shares]

    public init(summary: RunSummary, qualityShares: [QualityShares.Shares] = [], name: String, command: String) {
        self.qualityShares = qualityShares
        self.summary = summary; self.name = name; self.command = command
        for p in 0..<plan.grid.periods.count { collect(period: p) }
    }

    // MARK: Sources

    /// The reference number of `text`, adding it on first use.
    private mutating func cite(_ text: String?) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        if let i = references.firstIndex(of: text) { return i + 1 }
        references.append(text)
        return references.count
    }

    private mutating func cite(_ texts: [String?]) -> [Int] {
        var out: [Int] = []
        for t in texts { if let n = cite(t), !out.contains(n) { out.append(n) } }
        return out
    }

    private var operatedSites: [(index: Int, site: Site)] {
        s.sites.enumerated().filter { $0.element.control != .cloud }.map { ($0.offset, $0.element) }
    }

    /// The sources of the electricity the operated sites buy.
    private var gridSources: [String] {
        operatedSites.filter { !$0.site.offGrid }.flatMap { $0.site.grid.intensity.sources }
    }

    private var marketSources: [String] {
        operatedSites.filter { !$0.site.offGrid }.flatMap { e in
            ((e.site.residualMix ?? e.site.grid.residualMix)?.sources ?? []) + e.site.contracts.flatMap(\.intensity.sources)
        }
    }

    private var combustionSources: [String] {
        operatedSites.flatMap { e in
            e.site.generation.flatMap { $0.generator.heatRate.sources + $0.generator.fuel.co2KgPerMMBtu.sources }
                + e.site.refrigerants.flatMap(\.gwp.sources)
        } + s.gwp.ch4.sources
    }

    // MARK: Datapoints

    /// `ifMissing`: why the datapoint is not estimated when `value` is nil;
    /// `note`: what an estimated one leaves out.
    private mutating func add(_ name: String, _ p: Int, _ value: Statistic?, unit: String, sources: [Int], meanOnly: Bool = false,
                              ifMissing: String = "not estimated", note: String? = nil) {
        datapoints.append(Datapoint(name: name, year: plan.grid.periods[p].year, value: value, meanOnly: meanOnly, unit: unit,
                                    sources: value == nil ? [] : sources, reason: value == nil ? ifMissing : note))
    }

    /// A metric of the run as a datapoint (nil where not estimated).
    private mutating func add(_ name: String, _ p: Int, metric m: Metric, scope: Evaluation.Scope = .total, sources: [Int]) {
        let e = plan.estimate(m, scope)
        let why = NotEstimatedWords.reasons(e, plan)
        add(name, p, e.isEstimated ? r.stat(m, scope, period: p) : nil, unit: m.unit, sources: sources,
            ifMissing: why, note: e.missing.isEmpty ? nil : "leaves out what is not estimated: " + why)
    }

    private mutating func collect(period p: Int) {
        let grid = cite(gridSources), market = cite(marketSources + gridSources), combustion = cite(combustionSources)
        let embodied = cite(s.fleets.flatMap { $0.accelerator.fields[.embodiedKgCO2e]?.sources ?? [] })
        let upstream = cite(operatedSites.flatMap { $0.site.grid.upstream?.sources ?? [] } + operatedSites.flatMap { $0.site.generation.flatMap { $0.generator.fuel.upstreamKgPerMMBtu?.sources ?? [] } })
        // ESRS E1-6.
        add("esrs_e1_6.scope1_tco2e", p, metric: .emissionsScope1TCO2e, sources: combustion)
        add("esrs_e1_6.scope2_location_tco2e", p, metric: .emissionsScope2LocationTCO2e, sources: grid)
        add("esrs_e1_6.scope2_market_tco2e", p, metric: .emissionsScope2MarketTCO2e, sources: market)
        add("esrs_e1_6.scope3_cat1_tco2e", p, metric: .emissionsScope3Cat1TCO2e, sources: grid + embodied)
        add("esrs_e1_6.scope3_cat1_supplier_tco2e", p, metric: .emissionsScope3Cat1SupplierTCO2e, sources: market + embodied)
        add("esrs_e1_6.scope3_cat2_tco2e", p, metric: .emissionsScope3Cat2TCO2e, sources: embodied)
        add("esrs_e1_6.scope3_cat3_tco2e", p, metric: .emissionsScope3Cat3TCO2e, sources: upstream)
        add("esrs_e1_6.scope3_tco2e", p, metric: .emissionsScope3TCO2e, sources: grid + embodied + upstream)
        add("esrs_e1_6.total_location_tco2e", p, metric: .emissionsGrossLocationTCO2e, sources: combustion + grid + embodied + upstream)
        add("esrs_e1_6.total_market_tco2e", p, metric: .emissionsGrossMarketTCO2e, sources: combustion + market + embodied + upstream)
        let revenue = cite(s.demand?.revenueUSD?.knots.flatMap(\.quantity.sources) ?? [])
        for (key, m) in [("location", DemandMetric.grossTCO2ePerMUSDRevenueLocation), ("market", .grossTCO2ePerMUSDRevenueMarket)] {
            let st = s.demand?.revenueUSD == nil ? nil : r.stat(m, period: p)
            add("esrs_e1_6.intensity_\(key)_t_per_musd", p, st, unit: "tCO2e/M$", sources: revenue + (key == "location" ? grid : market),
                ifMissing: "the scenario gives no net revenue (demand.revenue_usd)")
        }
        add("esrs_e1_6.scope1_ets_share", p, Statistic(exactly: s.scope1ETSShare), unit: "fraction", sources: [],
            note: s.scope1ETSShare == 0 ? "zero: the scenario puts no Scope 1 under a regulated emission trading scheme (scenario.scope1_ets_share)" : "scenario.scope1_ets_share")
        // ESRS E1-5.
        energy(period: p, revenue: revenue)
        // GHG Protocol Scope 2, dual reporting.
        add("ghgp.scope2_location_tco2e", p, metric: .emissionsScope2LocationTCO2e, sources: grid)
        add("ghgp.scope2_market_tco2e", p, metric: .emissionsScope2MarketTCO2e, sources: market)
        add("ghgp.scope2_market_hourly_pro_forma_tco2e", p, metric: .emissionsScope2MarketHourlyTCO2e, sources: market)
        add("ghgp.scope2_contracted_mwh", p, metric: .energyScope2ContractedMWh, sources: cite(operatedSites.flatMap { $0.site.contracts.flatMap(\.intensity.sources) }))
        add("ghgp.scope2_residual_mix_mwh", p, metric: .energyScope2ResidualMixMWh, sources: market)
        for (i, site) in operatedSites where !site.offGrid {
            let own = cite(site.grid.intensity.sources)
            add("ghgp.site.\(site.name).scope2_location_tco2e", p, metric: .emissionsScope2LocationTCO2e, scope: .site(i), sources: own)
            add("ghgp.site.\(site.name).scope2_market_tco2e", p, metric: .emissionsScope2MarketTCO2e, scope: .site(i),
                sources: cite(((site.residualMix ?? site.grid.residualMix)?.sources ?? []) + site.contracts.flatMap(\.intensity.sources)))
            let loc = r.stat(.emissionsScope2LocationTCO2e, .site(i), period: p)
            let rates = site.grid.gasRates
            let gases = cite(rates?.sources ?? [])
            let co2e = rates.map { $0.co2 + Self.egridCH4GWP * $0.ch4 + Self.egridN2OGWP * $0.n2o } ?? 0
            for (gas, rate) in [("co2", rates?.co2), ("ch4", rates?.ch4), ("n2o", rates?.n2o)] {
                let st = rate.flatMap { x in co2e > 0 ? Self.scaled(loc, by: x / co2e) : nil }
                add("ghgp.site.\(site.name).scope2_location_\(gas)_t", p, st, unit: "t", sources: own + gases,
                    ifMissing: "the grid of site \(site.name) gives no rates by gas (gas_rates_lb_per_mwh)")
            }
        }
    }

    static func scaled(_ st: Statistic, by k: Double) -> Statistic {
        Statistic(mean: st.mean * k, p5: st.p5 * k, p50: st.p50 * k, p95: st.p95 * k)
    }

    // MARK: ESRS E1-5

    /// The split of one site's energy in a period (means, MWh).
    struct EnergySplit {
        var coal = 0.0, oil = 0.0, gas = 0.0, otherFossil = 0.0, nuclear = 0.0, renewablePurchased = 0.0, renewableSelf = 0.0
        var fossil: Double { coal + oil + gas + otherFossil }
        var total: Double { fossil + nuclear + renewablePurchased + renewableSelf }
        mutating func add(_ t: ContractTechnology, _ mwh: Double, selfGenerated: Bool) {
            switch t {
            case .solar, .wind, .hydro, .geothermal, .biomass: if selfGenerated { renewableSelf += mwh } else { renewablePurchased += mwh }
            case .nuclear: nuclear += mwh
            case .gas: gas += mwh
            case .coal: coal += mwh
            case .oil: oil += mwh
            case .other: otherFossil += mwh
            }
        }
    }

    /// Total energy consumption, and its split where every input it needs
    /// is given: contract technologies for covered electricity, the grid's
    /// mix for the rest, the fuels' families for on-site fuel.
    private mutating func energy(period p: Int, revenue: [Int]) {
        var split = EnergySplit(), gaps: [String] = [], total = 0.0
        var mixSources: [String?] = [], fuelSources: [String?] = []
        let middle = (Double(plan.grid.periods[p].start.dayNumber) + Double(plan.grid.periods[p].end.dayNumber)) / 2
        for (i, site) in operatedSites {
            let equity = s.consolidation == .equityShare ? (site.equityShare?.central ?? 1) : 1
            // On-site fuel, by its energy content (HHV).
            let fuelMWh = r.mean(.fuelMMBtu, .site(i), period: p) * Self.mwhPerMMBtu * equity
            total += fuelMWh
            if fuelMWh > 0 {
                let weights = site.generation.map { u -> (FuelFamily?, Double) in
                    let w: Double = switch u.mode {
                    case .primary: u.capacityMW.central
                    case let .share(q): q.central * 1e6
                    case let .backup(h, lf): u.capacityMW.central * h.central / 8_766 * lf.central
                    }
                    return (u.generator.fuel.family, w)
                }
                let sum = weights.reduce(0) { $0 + $1.1 }
                for (family, w) in weights {
                    let mwh = sum > 0 ? fuelMWh * w / sum : fuelMWh / Double(weights.count)
                    switch family {
                    case .coal: split.coal += mwh
                    case .oil: split.oil += mwh
                    case .naturalGas: split.gas += mwh
                    case .other, nil: split.otherFossil += mwh
                    }
                }
                fuelSources += site.generation.flatMap(\.generator.fuel.co2KgPerMMBtu.sources)
            }
            guard !site.offGrid else { continue }
            let contracted = r.mean(.energyScope2ContractedMWh, .site(i), period: p)
            let residual = r.mean(.energyScope2ResidualMixMWh, .site(i), period: p)
            total += contracted + residual
            // Covered electricity, by contract, in proportion to each one's central coverage.
            let purchased = contracted + residual
            var shares: [(Contract, Double)] = []
            for c in site.contracts {
                if let share = c.share { shares.append((c, Self.central(share, atDay: middle) * purchased)) }
            }
            let shareMWh = shares.reduce(0) { $0 + $1.1 }
            let supplies = site.contracts.filter { $0.share == nil }
            let supplyWeights = supplies.map { c in c.capacityMW.map { Self.central($0, atDay: middle) } ?? 0 }
            let supplyMWh = max(0, contracted - min(shareMWh, contracted)), scale = shareMWh > contracted && shareMWh > 0 ? contracted / shareMWh : 1
            var covered: [(Contract, Double)] = shares.map { ($0.0, $0.1 * scale) }
            let wsum = supplyWeights.reduce(0, +)
            for (c, w) in zip(supplies, supplyWeights) { covered.append((c, wsum > 0 ? supplyMWh * w / wsum : 0)) }
            for (c, mwh) in covered where mwh > 0 {
                if let t = c.technology { split.add(t, mwh, selfGenerated: c.kind == "onsite") } else {
                    gaps.append("a \(c.kind) contract of site \(site.name) has no technology")
                }
            }
            if residual > 0 {
                if let mix = site.grid.mix {
                    split.coal += residual * mix.coal; split.oil += residual * mix.oil; split.gas += residual * mix.gas
                    split.otherFossil += residual * mix.other; split.nuclear += residual * mix.nuclear
                    split.renewablePurchased += residual * mix.renewable
                    mixSources += mix.sources
                } else {
                    gaps.append("the grid of site \(site.name) has no generation mix (mix:)")
                }
            }
        }
        // A supplier's plant on site sells electricity: its fuel is not the
        // company's energy consumption, and the fuel metric does not separate it yet.
        let bySupplier = operatedSites.filter { $0.site.generation.contains(where: \.bySupplier) }.map(\.site.name)
        let supplierGap = bySupplier.isEmpty ? nil
            : "site \(bySupplier.joined(separator: ", ")) buys electricity from a supplier's on-site plant, whose fuel the energy split does not yet separate from the company's own"
        if let supplierGap { gaps.append(supplierGap) }
        let totalSources = cite(gridSources + fuelSources)
        add("esrs_e1_5.total_energy_mwh", p, supplierGap == nil ? Statistic(exactly: total) : nil, unit: "MWh", sources: totalSources, meanOnly: true,
            ifMissing: supplierGap ?? "")
        let why = gaps.isEmpty ? nil : gaps.joined(separator: "; ")
        let splitSources = cite(mixSources + fuelSources + operatedSites.flatMap { $0.site.contracts.flatMap(\.intensity.sources) })
        func part(_ key: String, _ x: Double) {
            add("esrs_e1_5.\(key)_mwh", p, why == nil ? Statistic(exactly: x) : nil, unit: "MWh", sources: splitSources, meanOnly: true, ifMissing: why ?? "")
        }
        part("fossil", split.fossil)
        part("fossil_coal", split.coal)
        part("fossil_oil", split.oil)
        part("fossil_gas", split.gas)
        part("fossil_other", split.otherFossil)
        part("nuclear", split.nuclear)
        part("renewable", split.renewablePurchased + split.renewableSelf)
        part("renewable_purchased", split.renewablePurchased)
        part("renewable_self_generated", split.renewableSelf)
        for (key, x) in [("fossil", split.fossil), ("nuclear", split.nuclear), ("renewable", split.renewablePurchased + split.renewableSelf)] {
            add("esrs_e1_5.\(key)_share", p, why == nil && total > 0 ? Statistic(exactly: x / total) : nil, unit: "fraction", sources: splitSources,
                meanOnly: true, ifMissing: why ?? "no energy is consumed")
        }
        let revenueMUSD = s.demand?.revenueUSD == nil ? nil : r.stat(DemandMetric.revenueUSD, period: p).map { $0.mean / 1e6 }
        add("esrs_e1_5.intensity_mwh_per_musd", p, revenueMUSD.flatMap { $0 > 0 ? Statistic(exactly: total / $0) : nil }, unit: "MWh/M$",
            sources: revenue + totalSources, meanOnly: true, ifMissing: "the scenario gives no net revenue (demand.revenue_usd)")
    }

    /// A series' central value at a day (linear between knots, held beyond them).
    static func central(_ series: SeriesInput, atDay day: Double) -> Double {
        let knots = series.knots
        guard let first = knots.first else { return 0 }
        if knots.count == 1 || day <= Double(first.date.dayNumber) { return first.quantity.central }
        for (a, b) in zip(knots, knots.dropFirst()) where day <= Double(b.date.dayNumber) {
            let w = (day - Double(a.date.dayNumber)) / Double(b.date.dayNumber - a.date.dayNumber)
            return (1 - w) * a.quantity.central + w * b.quantity.central
        }
        return knots.last!.quantity.central
    }
}
