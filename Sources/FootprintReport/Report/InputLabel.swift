import FootprintModel

/// An input named in words with its unit, for chart labels:
/// `sites.texas-campus.pue` → "PUE, texas-campus site",
/// `fleets.gb300.utilization` → "Utilization, gb300 fleet (fraction)",
/// `sites.x.grid_trajectory.2030` → "Grid intensity multiplier in 2030, x site".
/// Built from what the model's `Quantity` carries (path, unit, bounds);
/// the path stays the name `--set` and the tables use.
public enum InputLabel {
    public static func words(_ q: Quantity) -> String {
        words(path: q.path, unit: q.unit, isFraction: q.bounds.lower >= 0 && q.bounds.upper == 1)
    }

    public static func words(path: String, unit: String, isFraction: Bool = false) -> String {
        var parts = path.split(separator: ".").map(String.init)
        // A series' knot: the last part is its date.
        var when = ""
        if parts.count > 1, let first = parts.last?.first, first.isNumber {
            when = " in \(parts.removeLast())"
        }
        guard let key = parts.popLast() else { return path }
        var what = (keyWords[key] ?? sentence(key)) + when
        // The owner: "sites.NAME" → "NAME site"; a list item inside it
        // ("deploy.0") → "deployment 1", said before the owner.
        var owner: [String] = []
        var i = 0
        while i < parts.count {
            let word = parts[i]
            if i + 1 < parts.count, let index = Int(parts[i + 1]) {
                owner.append("\(singular[word] ?? word) \(index + 1)")
                i += 2
            } else if i + 1 < parts.count, let kind = singular[word] {
                owner.append("\(parts[i + 1]) \(kind)")
                i += 2
            } else {
                if word != "demand" { owner.append(word) }
                i += 1
            }
        }
        if !owner.isEmpty { what += ", " + owner.reversed().joined(separator: " of ") }
        let shownUnit = unit.isEmpty ? (isFraction ? "fraction" : "") : unit
        // "Users (users)" says nothing more.
        if !shownUnit.isEmpty && !what.lowercased().hasPrefix(shownUnit.lowercased()) { what += " (\(shownUnit))" }
        return what
    }

    static let singular = ["sites": "site", "fleets": "fleet", "accelerators": "accelerator", "services": "service",
                           "deploy": "deployment", "contracts": "contract", "supplies": "supply", "grids": "grid"]

    /// The model's keys in words; others have their underscores spaced.
    static let keyWords = [
        "pue": "PUE", "wue_l_per_kwh": "WUE", "grid_trajectory": "Grid intensity multiplier",
        "utilization": "Utilization", "service_utilization": "Service utilization", "flop_utilization": "FLOP utilization",
        "capex_usd": "Capex", "usd_per_unit": "Price per unit", "usd_per_accelerator_hour": "Price per accelerator-hour",
        "usd_per_unit_decline_per_year": "Yearly price decline", "total_usd": "Committed spend", "revenue_usd": "Revenue",
        "tdp_w": "TDP", "idle_w": "Idle power", "host_w": "Host power", "network_w": "Network power", "avg_power_w": "Average power",
        "power_exponent": "Power-curve exponent", "peak_tflops": "Peak compute", "it_mw": "IT capacity", "capacity_mw": "Capacity",
        "embodied_kgco2e": "Embodied emissions", "host_embodied_kgco2e": "Host embodied emissions",
        "network_embodied_kgco2e": "Network embodied emissions", "service_life_years": "Service life",
        "facility_life_years": "Facility life", "construction_kgco2e_per_mw": "Construction emissions",
        "intensity_kg_per_kwh": "Carbon intensity", "residual_mix_kg_per_kwh": "Residual-mix intensity",
        "upstream_kg_per_kwh": "Upstream intensity", "water_l_per_kwh": "Water of generation",
        "prompts_per_day": "Prompts per day", "energy_wh_per_prompt": "Energy per prompt", "tokens_per_prompt": "Tokens per prompt",
        "active_params": "Active parameters", "fleet_share": "Fleet share", "share": "Share", "units": "Units", "users": "Users",
    ]

    static func sentence(_ key: String) -> String {
        let spaced = key.replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }
}
