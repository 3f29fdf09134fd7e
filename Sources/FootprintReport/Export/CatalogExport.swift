import FootprintModel

/// `footprint catalog`: the reference data with a source for every value.
public enum CatalogExport {
    public static func json(_ c: Catalog, accelerators: Bool, grids: Bool, generators: Bool = false, fuels: Bool = false) -> String {
        var w = JSONWriter()
        w.open()
        if accelerators {
            section(&w, "accelerators", c.acceleratorOrder, name: { c.accelerators[$0]!.name }) { w, key in
                let a = c.accelerators[key]!
                if let p = a.precision { w.value("peak_tflops_precision", p) }
                for f in AcceleratorField.allCases { if let q = a[f] { quantity(&w, f.rawValue, q) } }
            }
        }
        if grids {
            section(&w, "grids", c.gridOrder, name: { c.grids[$0]!.name }) { w, key in
                let g = c.grids[key]!
                if let y = g.year { w.value("year", y) }
                quantity(&w, "intensity_kg_per_kwh", g.intensity)
                if let q = g.residualMix { quantity(&w, "residual_mix_kg_per_kwh", q) }
                if let q = g.water { quantity(&w, "water_l_per_kwh", q) }
                if let b = g.basis { w.value("basis", b.rawValue) }
                if let q = g.upstream { quantity(&w, "upstream_kg_per_kwh", q) }
                if let p = g.hourlyProfile?.displayPath ?? g.hourlyProfileFile?.displayPath { w.value("hourly_profile", p) }
            }
        }
        if generators {
            section(&w, "generators", c.generatorOrder, name: { c.generators[$0]!.name }) { w, key in
                let g = c.generators[key]!
                w.value("fuel", g.fuel.key ?? g.fuel.name)
                quantity(&w, "heat_rate_mmbtu_per_mwh", g.heatRate)
                if let q = g.noxLbPerMMBtu { quantity(&w, "nox_lb_per_mmbtu", q) }
            }
        }
        if fuels {
            section(&w, "fuels", c.fuelOrder, name: { c.fuels[$0]!.name }) { w, key in
                let f = c.fuels[key]!
                if let family = f.family { w.value("family", family.rawValue) }
                for (name, q) in fuelValues(f) { quantity(&w, name, q) }
            }
        }
        w.close()
        return w.text + "\n"
    }

    /// A list of catalog entries in file order, each `{key, name, ...}`.
    static func section(_ w: inout JSONWriter, _ title: String, _ keys: [String], name: (String) -> String,
                        fields: (inout JSONWriter, String) -> Void) {
        w.open(title, array: true)
        for key in keys {
            w.open()
            w.value("key", key)
            w.value("name", name(key))
            fields(&w, key)
            w.close()
        }
        w.close(array: true)
    }

    static func fuelValues(_ f: Fuel) -> [(String, Quantity)] {
        [("co2_kg_per_mmbtu", f.co2KgPerMMBtu), ("ch4_g_per_mmbtu", f.ch4GPerMMBtu), ("n2o_g_per_mmbtu", f.n2oGPerMMBtu)]
            + (f.upstreamKgPerMMBtu.map { [("upstream_kg_per_mmbtu", $0)] } ?? [])
    }

    /// A value and its sources, one line each, as the table lists them.
    static func tableLines(_ name: String, _ q: Quantity) -> String {
        "  \(name): \(q.valueDescription) \(q.unit)".trimmingTrailingSpaces() + "\n"
            + (q.sources.isEmpty ? "      source: none (assumption)\n" : sourceLines(q))
    }

    static func quantity(_ w: inout JSONWriter, _ key: String, _ q: Quantity) {
        w.open(key)
        w.value("central", q.central)
        w.value("value", q.valueDescription)
        w.value("unit", q.unit)
        if let s = q.source { w.value("source", s) } else { w.null("source") }
        // One reference per source the value rests on ("source" joins them with " | ").
        w.open("sources", array: true)
        for s in q.sources { w.value(nil, s) }
        w.close(array: true)
        w.close()
    }

    public static func table(_ c: Catalog, accelerators: Bool, grids: Bool, generators: Bool = false, fuels: Bool = false) -> String {
        var out = ""
        if accelerators {
            out += "Accelerators (\(c.acceleratorOrder.count))\n"
            for key in c.acceleratorOrder {
                let a = c.accelerators[key]!
                out += "\n\(key) — \(a.name)\n"
                for f in AcceleratorField.allCases {
                    guard let q = a[f] else { continue }
                    out += tableLines(f.rawValue, q)
                }
            }
            out += "\n"
        }
        if grids {
            out += "Grids (\(c.gridOrder.count)): intensity kg CO2e/kWh\n"
            for key in c.gridOrder {
                let g = c.grids[key]!
                out += "\n\(key) — \(g.name)\(g.year.map { " (\($0))" } ?? "")\n"
                if let b = g.basis { out += "  basis: \(b.rawValue)\n" }
                out += "  intensity_kg_per_kwh: \(g.intensity.valueDescription)\n" + sourceLines(g.intensity)
                if let q = g.residualMix { out += "  residual_mix_kg_per_kwh: \(q.valueDescription)\n" + sourceLines(q) }
                if let q = g.water { out += "  water_l_per_kwh: \(q.valueDescription)\n" + sourceLines(q) }
                if let q = g.upstream { out += "  upstream_kg_per_kwh: \(q.valueDescription)\n" + sourceLines(q) }
                if let p = g.hourlyProfile?.displayPath ?? g.hourlyProfileFile?.displayPath { out += "  hourly_profile: \(p) (hourly shape, mean 1)\n" }
            }
            if generators || fuels { out += "\n" }
        }
        if generators {
            out += "Generators (\(c.generatorOrder.count)): fuel (HHV) per MWh generated, NOx per MMBtu burned\n"
            for key in c.generatorOrder {
                let g = c.generators[key]!
                out += "\n\(key) — \(g.name)\n  fuel: \(g.fuel.key ?? g.fuel.name)\n"
                out += tableLines("heat_rate_mmbtu_per_mwh", g.heatRate)
                if let q = g.noxLbPerMMBtu { out += tableLines("nox_lb_per_mmbtu", q) }
            }
            if fuels { out += "\n" }
        }
        if fuels {
            out += "Fuels (\(c.fuelOrder.count)): per MMBtu burned (HHV)\n"
            for key in c.fuelOrder {
                let f = c.fuels[key]!
                out += "\n\(key) — \(f.name)\n"
                if let family = f.family { out += "  family: \(family.rawValue)\n" }
                for (name, q) in fuelValues(f) { out += tableLines(name, q) }
            }
        }
        return out
    }

    /// One line per source, or "none" when the value has none.
    static func sourceLines(_ q: Quantity) -> String {
        q.sources.isEmpty ? "      source: none\n" : q.sources.map { "      source: \($0)\n" }.joined()
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
