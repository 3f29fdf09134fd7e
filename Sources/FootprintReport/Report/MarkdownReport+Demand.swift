import FootprintModel

/// The report's Demand section: what the fleet's footprint is per prompt,
/// per user and per dollar, and how much of the fleet the disclosed usage
/// explains.
extension MarkdownReport {
    var demandSection: String? {
        guard let demand = s.demand else { return nil }
        var t = "## Demand\n\n"
        let periods = r.plan.grid.periods
        func stat(_ x: Statistic?, _ digits: Int = 3) -> String {
            guard let x else { return "–" }
            let f = { HumanNumber.format($0, significant: digits) }
            return r.hasRanges && x.p5 != x.p95 ? "\(f(x.mean)) (\(f(x.p5))–\(f(x.p95)))" : f(x.mean)
        }
        for (i, service) in demand.services.enumerated() {
            let served = service.servedBy.map { s.fleets[$0].name }.joined(separator: ", ")
            t += "### \(service.name)\n\nServed by \(served). "
            switch service.energy {
            case .given: t += "Energy per prompt is an input (facility energy, all in). "
            case .model: t += "Energy per prompt is computed from the model that answers (2 × active parameters × generated tokens FLOP, at the first served fleet's peak FLOP/s × FLOP utilization, power per accelerator and PUE). "
            }
            t += "Per prompt over the horizon, mean" + (r.hasRanges ? " (P5–P95)" : "") + ":\n\n"
            t += "| Per prompt | Value | Unit |\n|---|---:|---|\n"
            let rows: [(String, ServiceMetric)] = [
                ("Facility energy", .energyWhPerPrompt), ("Electricity emissions, location-based", .emissionsLocationGPerPrompt),
                ("Electricity emissions, market-based", .emissionsMarketGPerPrompt), ("Embodied, amortized", .emissionsEmbodiedGPerPrompt),
                ("Water (on-site + generation)", .waterMlPerPrompt),
            ]
            for (label, m) in rows { t += "| \(label) | \(stat(r.stat(m, service: i))) | \(m.unit) |\n" }
            t += "\nPrompts over the horizon: \(stat(r.stat(.prompts, service: i).map { Statistic(mean: $0.mean / 1e9, p5: $0.p5 / 1e9, p50: $0.p50 / 1e9, p95: $0.p95 / 1e9) })) billion, "
            t += "needing \(stat(r.stat(.energyFacilityMWh, service: i).map { Statistic(mean: $0.mean / 1e6, p5: $0.p5 / 1e6, p50: $0.p50 / 1e6, p95: $0.p95 / 1e6) })) TWh at the facility.\n\n"

            t += "**Reconciliation.** The served fleets' facility energy by year, the share the service's prompts explain (prompts × energy per prompt ÷ that energy), and what remains for everything else the fleets do — training, research, idle capacity, other products:\n\n"
            t += "| Year | Served fleets (TWh) | Prompts (billion) | Explained by the service | Remainder (TWh) |\n|---|---:|---:|---:|---:|\n"
            for (p, period) in periods.enumerated() {
                let fleetsTWh = service.servedBy.reduce(0) { $0 + r.stat(.energyFacilityMWh, .fleet($1), period: p).mean } / 1e6
                guard fleetsTWh > 0 else { continue }
                let serviceTWh = (r.stat(.energyFacilityMWh, service: i, period: p)?.mean ?? 0) / 1e6
                let share = r.stat(.shareOfServedEnergy, service: i, period: p)
                t += "| \(period.year) | \(HumanNumber.format(fleetsTWh)) | \(HumanNumber.format((r.stat(.prompts, service: i, period: p)?.mean ?? 0) / 1e9)) | "
                t += "\(share.map { stat(Statistic(mean: $0.mean * 100, p5: $0.p5 * 100, p50: $0.p50 * 100, p95: $0.p95 * 100), 2) + " %" } ?? "–") | "
                t += "\(HumanNumber.format(max(0, fleetsTWh - serviceTWh))) |\n"
            }
            if let whole = r.stat(.shareOfServedEnergy, service: i) {
                let pct = { HumanNumber.format($0 * 100, significant: 2) }
                t += "\nOver the horizon the service explains \(pct(whole.mean)) %"
                t += r.hasRanges ? " (P5–P95: \(pct(whole.p5))–\(pct(whole.p95)) %)" : ""
                t += " of the served fleets' energy"
                t += whole.p95 < 0.5 ? ": the disclosed usage accounts for a minority of the capacity bought; the rest is training, research, other products or idle capacity — or the usage, or the energy per prompt, is larger than stated.\n"
                    : whole.p5 > 1 ? ": the disclosed usage needs more energy than these fleets supply, so part of it runs elsewhere or the energy per prompt is lower than stated.\n"
                    : ": the disclosed usage could explain most of the capacity, leaving little for training and other work.\n"
            }
            if service.fleetShare != nil {
                t += "\n**Bottom-up and top-down.** With the stated share of the served fleets' footprint for this service (`fleet_share`), the fleet implies per prompt:\n\n"
                t += "| Per prompt | Bottom-up (energy per prompt) | Top-down (fleet × share ÷ prompts) | Ratio |\n|---|---:|---:|---:|\n"
                for (label, bottom, top) in [("Facility energy (Wh)", ServiceMetric.energyWhPerPrompt, ServiceMetric.allocatedEnergyWhPerPrompt),
                                             ("Electricity, location-based (g)", .emissionsLocationGPerPrompt, .allocatedEmissionsLocationGPerPrompt)] {
                    let b = r.stat(bottom, service: i), tp = r.stat(top, service: i)
                    let ratio = b.flatMap { b in tp.map { HumanNumber.format($0.mean / b.mean, significant: 2) } } ?? "–"
                    t += "| \(label) | \(stat(b)) | \(stat(tp)) | \(ratio) |\n"
                }
                t += "\nA ratio well above 1 means the share of the fleet given to the service carries more energy than its prompts need at the stated energy per prompt: the share is too high, the prompts more, or each prompt costs more than stated.\n"
            }
            t += "\n![Served fleets' energy and the part the service explains, by year](\(name)/demand-\(service.name).svg)\n\n"
        }
        if demand.revenueUSD != nil || demand.users != nil {
            t += "### Per dollar and per user\n\n"
            t += "The ESRS E1-6 GHG intensity: the inventory's gross emissions (Scope 1, 2 and 3 as modelled: Scope 2, Scope 3 categories 1, 2 and 3) per million dollars of net revenue, with location-based Scope 2 and average-data category 1, or market-based Scope 2 and supplier-specific category 1 (ESRS E1, paragraph 53 and AR 53). "
            t += "Beside it, all modelled electricity (location- or market-based) plus amortized embodied carbon per million dollars, whoever operates it; and carbon (location-based + amortized embodied) and facility energy per user-year, by year:\n\n"
            t += "| Year | Revenue ($ billion) | E1-6 gross tCO2e per M$, location | E1-6 gross tCO2e per M$, market | Electricity + amortized embodied tCO2e per M$, location | same, market | User-years (million) | kgCO2e per user-year | kWh per user-year |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            for p in periods.indices.map(Optional.some) + [nil] {
                let year = p.map { String(periods[$0].year) } ?? "All"
                let revenue = r.stat(.revenueUSD, period: p).map { HumanNumber.format($0.mean / 1e9) } ?? "–"
                let users = r.stat(.userYears, period: p).map { HumanNumber.format($0.mean / 1e6) } ?? "–"
                t += "| \(year) | \(revenue) | \(stat(r.stat(.grossTCO2ePerMUSDRevenueLocation, period: p))) | \(stat(r.stat(.grossTCO2ePerMUSDRevenueMarket, period: p))) | "
                t += "\(stat(r.stat(.tco2ePerMUSDRevenueLocation, period: p))) | \(stat(r.stat(.tco2ePerMUSDRevenueMarket, period: p))) | "
                t += "\(users) | \(stat(r.stat(.kgco2ePerUserYear, period: p))) | \(stat(r.stat(.kwhPerUserYear, period: p))) |\n"
            }
        }
        return t
    }

    /// One reconciliation chart per service.
    var demandCharts: [(String, String)] {
        guard let demand = s.demand else { return [] }
        return demand.services.enumerated().map { i, service in
            ("demand-\(service.name).svg", Charts.reconciliation(r, service: i, name: service.name, served: service.servedBy))
        }
    }
}
