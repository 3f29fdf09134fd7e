import FootprintModel

/// The report's on-site generation: what the units serve and burn, and
/// what that emits, gas by gas (Scope 1) and as NOx.
extension MarkdownReport {
    var hasGeneration: Bool { s.sites.contains { !$0.generation.isEmpty } }
    var hasRefrigerants: Bool { s.sites.contains { !$0.refrigerants.isEmpty } }

    static let generationMetrics: [Metric] = [
        .energyGeneratedOnsiteMWh, .energyGridMWh, .fuelMMBtu, .emissionsScope1TCO2e,
        .emissionsScope1CO2T, .emissionsScope1CH4T, .emissionsScope1N2OT, .emissionsNOxT,
    ]

    /// One sentence for the headline.
    var generationSentence: String {
        guard hasGeneration else { return "" }
        var p = "On-site generation supplies \(range(.energyGeneratedOnsiteMWh)) of it, burning \(range(.fuelMMBtu)) of fuel (HHV); "
        p += "that is Scope 1 of \(range(.emissionsScope1TCO2e)) (\(s.gwp.set.rawValue) GWPs), and \(range(.emissionsNOxT)) of NOx. "
        return p
    }

    var generationSection: String? {
        guard hasGeneration || hasRefrigerants else { return nil }
        var t = "## On-site generation and Scope 1\n\n"
        if hasGeneration { t += generationUnits }
        if hasRefrigerants { t += refrigerantTable }
        let metrics = (hasGeneration ? Self.generationMetrics : [.emissionsScope1TCO2e]) + (hasRefrigerants ? [.emissionsScope1RefrigerantsTCO2e] : [])
        t += r.hasRanges ? "| Quantity | Mean | P5 | P50 | P95 | Unit |\n|---|---:|---:|---:|---:|---|\n" : "| Quantity | Value | Unit |\n|---|---:|---|\n"
        for m in metrics {
            let st = r.estimated(m)
            t += tableRow(m.label, st, unit: DisplayUnit.of(m, maximum: st?.mean ?? 0))
        }
        if let notes = estimateNotes(metrics) { t += notes }
        return t
    }

    /// The generation units, and how their fuel and gases are counted.
    private var generationUnits: String {
        var t = "| Site | Unit | Generator | Fuel | Mode | Capacity (MW) |\n|---|---|---|---|---|---:|\n"
        for site in s.sites {
            for u in site.generation {
                let mode: String = switch u.mode {
                case .primary: "primary: serves the load up to its capacity"
                case let .share(q): "share: \(q.valueDescription) of the facility energy"
                case let .backup(h, lf): "backup: \(h.valueDescription) h a year at \(lf.valueDescription) of capacity"
                }
                t += "| \(site.name)\(site.offGrid ? " (off-grid)" : "") | \(u.name) | \(u.generator.key ?? u.generator.name) | \(u.generator.fuel.key ?? u.generator.fuel.name) | \(mode) | \(u.capacityMW.valueDescription) |\n"
            }
        }
        t += "\nFuel burned = electricity generated × the generator's heat rate (MMBtu HHV per MWh); each gas = fuel × the fuel's factor (40 CFR Part 98 Subpart C, Tables C-1 and C-2, where the catalog's fuels come from); "
        t += "Scope 1 = CO2 + CH4 × \(HumanNumber.format(s.gwp.ch4.central)) + N2O × \(HumanNumber.format(s.gwp.n2o.central)) (\(s.gwp.set.rawValue), `scenario.gwp`); NOx = fuel × the generator's NOx factor (EPA AP-42). "
        t += "Scope 1 counts the sites the company operates (at its equity share under that approach); a provider's generation for rented capacity is Scope 3 category 1. NOx counts every site.\n\n"
        return t
    }

    /// The refrigerant charges, and how their leaks are counted.
    private var refrigerantTable: String {
        var t = "| Site | Refrigerant | Charge (kg) | Leak rate (a year) | GWP-100 (\(s.gwp.set.rawValue)) |\n|---|---|---:|---:|---:|\n"
        for site in s.sites {
            for g in site.refrigerants {
                t += "| \(site.name) | \(g.gas) | \(g.chargeKg.valueDescription) | \(g.leakRate.valueDescription) | \(g.gwp.valueDescription) |\n"
            }
        }
        t += "\nRefrigerant leaks = charge × leak rate × GWP a year, counted while the site has hardware installed; they are Scope 1 of the site's operator (at its equity share under that approach) and belong to the site, not to any fleet.\n\n"
        return t
    }
}
