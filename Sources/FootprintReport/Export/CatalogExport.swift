import FootprintModel

/// `footprint catalog`: the reference data with a source for every value.
public enum CatalogExport {
    public static func json(_ c: Catalog, accelerators: Bool, grids: Bool) -> String {
        var w = JSONWriter()
        w.open()
        if accelerators {
            w.open("accelerators", array: true)
            for key in c.acceleratorOrder {
                let a = c.accelerators[key]!
                w.open()
                w.value("key", key)
                w.value("name", a.name)
                if let p = a.precision { w.value("peak_tflops_precision", p) }
                for f in AcceleratorField.allCases { if let q = a[f] { quantity(&w, f.rawValue, q) } }
                w.close()
            }
            w.close(array: true)
        }
        if grids {
            w.open("grids", array: true)
            for key in c.gridOrder {
                let g = c.grids[key]!
                w.open()
                w.value("key", key)
                w.value("name", g.name)
                if let y = g.year { w.value("year", y) }
                quantity(&w, "intensity_kg_per_kwh", g.intensity)
                if let q = g.residualMix { quantity(&w, "residual_mix_kg_per_kwh", q) }
                if let q = g.water { quantity(&w, "water_l_per_kwh", q) }
                if let b = g.basis { w.value("basis", b.rawValue) }
                if let q = g.upstream { quantity(&w, "upstream_kg_per_kwh", q) }
                if let p = g.hourlyProfile?.displayPath ?? g.hourlyProfileFile?.displayPath { w.value("hourly_profile", p) }
                w.close()
            }
            w.close(array: true)
        }
        w.close()
        return w.text + "\n"
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

    public static func table(_ c: Catalog, accelerators: Bool, grids: Bool) -> String {
        var out = ""
        if accelerators {
            out += "Accelerators (\(c.acceleratorOrder.count))\n"
            for key in c.acceleratorOrder {
                let a = c.accelerators[key]!
                out += "\n\(key) — \(a.name)\n"
                for f in AcceleratorField.allCases {
                    guard let q = a[f] else { continue }
                    out += "  \(f.rawValue): \(q.valueDescription) \(q.unit)".trimmingTrailingSpaces() + "\n"
                    if q.sources.isEmpty { out += "      source: none (assumption)\n" }
                    for s in q.sources { out += "      source: \(s)\n" }
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
                out += "  intensity_kg_per_kwh: \(g.intensity.valueDescription)\n      source: \(g.intensity.source ?? "none")\n"
                if let q = g.residualMix { out += "  residual_mix_kg_per_kwh: \(q.valueDescription)\n      source: \(q.source ?? "none")\n" }
                if let q = g.water { out += "  water_l_per_kwh: \(q.valueDescription)\n      source: \(q.source ?? "none")\n" }
                if let q = g.upstream { out += "  upstream_kg_per_kwh: \(q.valueDescription)\n      source: \(q.source ?? "none")\n" }
                if let p = g.hourlyProfile?.displayPath ?? g.hourlyProfileFile?.displayPath { out += "  hourly_profile: \(p) (hourly shape, mean 1)\n" }
            }
        }
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
