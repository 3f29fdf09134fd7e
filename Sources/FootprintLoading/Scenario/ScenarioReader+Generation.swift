import FootprintModel

/// A site's on-site generation (`generation:`) and `grid: none`.
extension ScenarioReader {
    static let generationModes = ["primary", "share", "backup"]
    /// The longest year: a backup unit cannot run more hours than that.
    static let hoursPerYear = Bounds(lower: 0, upper: 8784, rule: "between 0 and 8,784 (the hours of a leap year)")
    static let loadFraction = Bounds(lower: .leastNonzeroMagnitude, upper: 1, rule: "greater than 0 and at most 1")

    /// The grid of an off-grid site: nothing drawn, nothing emitted.
    func offGridGrid(at position: FilePosition, path: String) -> Grid {
        let zero = Quantity(.fixed(0), source: "grid: none (an off-grid site draws nothing from a grid)", path: path + ".intensity_kg_per_kwh",
                            unit: "kg/kWh", position: position, bounds: .nonNegative)
        return Grid(key: "none", name: "none (off-grid)", intensity: zero, year: nil, residualMix: nil, water: nil, hourlyProfile: nil)
    }

    func readGeneration(_ node: YNode, path: String, source: [String]?) -> [GenerationUnit] {
        readList(node, path: path, what: "generation units") { item, itemPath in
            readGenerationUnit(item, path: itemPath, source: source)
        }
    }

    func readGenerationUnit(_ node: YNode, path: String, source: [String]?) -> GenerationUnit? {
        let shape = "{name: turbines, generator: gas-simple-cycle, capacity_mw: 360, mode: primary, from: 2026-01-01}"
        guard let r = MapReader(node, path: path, diag: diag, expected: "a generation unit \(shape)") else { return nil }
        let src = r.sources() ?? source
        let name = r.string("name", required: "the unit's name")
        var generator: Generator?
        if let g = r.node("generator") {
            switch g {
            case let .scalar(key, pos, _):
                if let found = catalog.generators[key] { generator = found } else {
                    let hint = didYouMean(key, catalog.generatorOrder).map { " — did you mean '\($0)'?" } ?? ""
                    let whereFrom = catalog.directory.map { "in \($0)/\(Catalog.generatorsFile)" } ?? "(no catalog found: put one in Models/catalog/)"
                    let known = catalog.generatorOrder.isEmpty ? "" : " (generators: \(catalog.generatorOrder.joined(separator: ", ")))"
                    diag.add(pos, path + ".generator", "no generator '\(key)' \(whereFrom)\(hint)\(known)")
                }
            default:
                generator = readGenerator(g, key: nil, path: path + ".generator", fuels: catalog.fuels, fuelOrder: catalog.fuelOrder, diag: diag)
            }
        } else {
            r.missing("generator", "a generator key of the catalog (gas-simple-cycle, gas-simple-cycle-scr, gas-simple-cycle-mobile, gas-combined-cycle, gas-reciprocating, gas-fuel-cell, diesel-backup) or an inline block")
        }
        let capacity = r.quantity("capacity_mw", unit: "MW", bounds: .nonNegative, source: src, required: "the unit's generating capacity in MW")
        let modeText = r.string("mode", required: "how the unit serves the load: primary, share or backup")
        if let modeText, !Self.generationModes.contains(modeText) {
            let hint = didYouMean(modeText, Self.generationModes).map { " — did you mean '\($0)'?" } ?? ""
            diag.add(r.node("mode")!.position, path + ".mode", "'\(modeText)' is not a mode\(hint): use primary (serves the load up to its capacity), share (a fraction of the site's energy) or backup (hours a year)")
        }
        let share = r.quantity("share", unit: "", bounds: .fraction, source: src,
                               required: modeText == "share" ? "the fraction of the site's facility energy the unit serves (0 to 1)" : nil)
        let hours = r.quantity("hours_per_year", unit: "h", bounds: Self.hoursPerYear, source: src,
                               required: modeText == "backup" ? "the hours a year the unit runs (tests and outages)" : nil)
        let fraction = r.quantity("load_fraction", unit: "", bounds: Self.loadFraction, source: src)
        var bySupplier = false
        if let o = r.string("operator") {
            switch o {
            case "site": bySupplier = false
            case "supplier": bySupplier = true
            default:
                diag.add(r.node("operator")!.position, path + ".operator", "'\(o)' is not an operator: use site (the site's operator runs the unit: Scope 1) or supplier (a supplier runs it and sells its electricity over a direct line: Scope 2)")
            }
        }
        for (key, mode) in [("share", "share"), ("hours_per_year", "backup"), ("load_fraction", "backup")] where modeText != mode && modeText != nil {
            if let n = r.node(key) {
                diag.add(n.position, path + "." + key, "\(key) applies to mode: \(mode) only, and this unit's mode is \(modeText!): remove it or change the mode")
            }
        }
        let from = r.date("from"), until = r.date("until")
        if let from, let until, until <= from {
            diag.add(r.node("until")!.position, path + ".until", "\(until) is not after from (\(from)): until is the first day the unit no longer runs")
        }
        r.rejectUnknown()
        guard let name, let generator, let capacity, let modeText else { return nil }
        let mode: GenerationUnit.Mode
        switch modeText {
        case "primary": mode = .primary
        case "share":
            guard let share else { return nil }
            mode = .share(share)
        case "backup":
            guard let hours else { return nil }
            mode = .backup(hoursPerYear: hours, loadFraction: fraction ?? Quantity(
                .fixed(1), source: "default: a backup unit runs at full capacity", path: path + ".load_fraction", unit: "",
                position: r.position, bounds: Self.loadFraction))
        default: return nil
        }
        var unit = GenerationUnit(name: name, generator: generator, capacityMW: capacity, mode: mode)
        unit.bySupplier = bySupplier
        unit.from = from
        unit.until = until
        return unit
    }

    /// A site's `refrigerants:`, each `{gas, charge_kg, leak_rate}`: the
    /// gas a refrigerant of the scenario's GWP set (gwp.yaml), or any name
    /// with an inline `gwp:`.
    func readRefrigerants(_ node: YNode, path: String, source: [String]?, gwp: GWP) -> [Refrigerant] {
        readList(node, path: path, what: "refrigerants") { item, itemPath in
            readRefrigerant(item, path: itemPath, source: source, gwp: gwp)
        }
    }

    func readRefrigerant(_ node: YNode, path: String, source: [String]?, gwp: GWP) -> Refrigerant? {
        let shape = "{gas: R-134a, charge_kg: 20000, leak_rate: 0.05}"
        guard let r = MapReader(node, path: path, diag: diag, expected: "a refrigerant charge \(shape)") else { return nil }
        let src = r.sources() ?? source
        let gas = r.string("gas", required: "the refrigerant (\(gwp.refrigerantOrder.isEmpty ? "a name, with gwp: its GWP-100" : gwp.refrigerantOrder.joined(separator: ", ")))")
        let charge = r.quantity("charge_kg", unit: "kg", bounds: .nonNegative, source: src, required: "the kilograms of refrigerant the site's cooling holds")
        let leak = r.quantity("leak_rate", unit: "1/year", bounds: .fraction, source: src,
                              required: "the fraction of the charge that leaks each year (0 to 1; e.g. 0.02 to 0.10 for chillers)")
        var value = r.quantity("gwp", unit: "", bounds: .nonNegative, source: src)
        r.rejectUnknown()
        if value == nil, let gas {
            if let found = gwp.refrigerants[gas] { value = found } else {
                let hint = didYouMean(gas, gwp.refrigerantOrder).map { " — did you mean '\($0)'?" } ?? ""
                let known = gwp.refrigerantOrder.isEmpty
                    ? "the catalog's gwp.yaml lists no refrigerants"
                    : "refrigerants of \(gwp.set.rawValue): \(gwp.refrigerantOrder.joined(separator: ", "))"
                diag.add(r.node("gas")!.position, path + ".gas", "no GWP for '\(gas)' in \(gwp.set.rawValue)\(hint) (\(known)); or give its GWP-100 inline with gwp: and a source")
            }
        }
        guard let gas, let charge, let leak, let value else { return nil }
        return Refrigerant(gas: gas, gwp: value, chargeKg: charge, leakRate: leak)
    }

    /// `correlations:`, each `{inputs: [PATH, PATH, ...], rank: R}`: R the
    /// Spearman rank correlation of every pair, −1 < R < 1 or exactly 1
    /// (comonotonic). The paths are checked against the model's inputs when
    /// it is compiled (`EvaluationPlan`).
    func readCorrelations(_ node: YNode) -> [CorrelationSpec] {
        guard case let .sequence(items, _) = node else {
            diag.add(node.position, "correlations", "expected a list of {inputs: [PATH, PATH], rank: R} entries, found \(node.kindName)")
            return []
        }
        var out: [CorrelationSpec] = []
        for (i, item) in items.enumerated() {
            let path = "correlations.\(i)"
            guard let r = MapReader(item, path: path, diag: diag, expected: "{inputs: [PATH, PATH], rank: 0.7, source: ...}") else { continue }
            var inputs: [(String, FilePosition)] = []
            if let list = r.node("inputs") {
                if case let .sequence(paths, _) = list, paths.allSatisfy({ if case .scalar = $0 { true } else { false } }) {
                    for p in paths { if case let .scalar(text, pos, _) = p { inputs.append((text, pos)) } }
                    if inputs.count < 2 {
                        diag.add(list.position, path + ".inputs", "a correlation needs at least two inputs (their --set paths, e.g. [sites.a.pue, sites.b.pue])")
                    }
                    var seen = Set<String>()
                    for (text, pos) in inputs where !seen.insert(text).inserted {
                        diag.add(pos, path + ".inputs", "'\(text)' is listed twice in this entry")
                    }
                } else {
                    diag.add(list.position, path + ".inputs", "expected a list of input paths, as --set names them ([sites.a.pue, accelerators.x.tdp_w])")
                }
            } else {
                r.missing("inputs", "the inputs that move together: a list of their --set paths")
            }
            let rank = r.number("rank", unit: "", bounds: Bounds(lower: -1, upper: 1, rule: "between -1 and 1"),
                                required: "the Spearman rank correlation of every pair: above -1 and below 1, or exactly 1 for inputs that move as one")
            if let rank, rank == -1 {
                diag.add(r.node("rank")!.position, path + ".rank", "-1 is not allowed: a rank correlation must lie above -1 and below 1, or be exactly 1 (inputs that move as one)")
            }
            let source = r.source() ?? r.string("reason")
            r.rejectUnknown()
            guard let rank, rank > -1, inputs.count >= 2 else { continue }
            out.append(CorrelationSpec(inputs: inputs.map(\.0), positions: inputs.map(\.1), rank: rank, source: source, position: r.position))
        }
        return out
    }
}
