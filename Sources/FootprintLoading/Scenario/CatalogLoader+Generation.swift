import Foundation
import FootprintModel

/// On-site generation's catalog: fuels.yaml, generators.yaml (whose
/// `fuel:` names a fuel) and gwp.yaml, each optional.
extension Catalog {
    static func loadGeneration(directory: String, overrides: [SetOverride], diag: Diagnostics,
                               files: inout [(name: String, sha256: String)]) throws(ModelErrors)
        -> (generators: [(key: String, value: Generator)], fuels: [(key: String, value: Fuel)], gwp: [GWP]) {
        func tree(_ file: String, _ top: String) throws(ModelErrors) -> [(key: String, value: YNode)]? {
            let path = (directory as NSString).appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            let text = try readText(path)
            files.append((file, SHA256.hex(Array(text.utf8))))
            var tree = try YAMLTree.parse(text, file: path)
            for o in overrides where o.segments.first == top { o.apply(to: &tree, dropping: 1, diag: diag) }
            guard case let .mapping(entries, _) = tree else {
                diag.add(tree.position, "", "expected a mapping from \(top) keys to their fields")
                return nil
            }
            return entries.map { ($0.key, $0.value) }
        }
        var fuels: [(key: String, value: Fuel)] = []
        for (key, node) in try tree(fuelsFile, "fuels") ?? [] {
            if let f = readFuel(node, key: key, path: "fuels.\(key)", diag: diag) { fuels.append((key, f)) }
        }
        let fuelsByKey = Dictionary(fuels, uniquingKeysWith: { $1 })
        var generators: [(key: String, value: Generator)] = []
        for (key, node) in try tree(generatorsFile, "generators") ?? [] {
            if let g = readGenerator(node, key: key, path: "generators.\(key)", fuels: fuelsByKey, fuelOrder: fuels.map(\.key), diag: diag) {
                generators.append((key, g))
            }
        }
        var gwp: [GWP] = []
        if let entries = try tree(gwpFile, "gwp"), let sets = entries.first(where: { $0.key == "sets" })?.value {
            let refrigerants = readRefrigerantGWPs(entries.first { $0.key == "refrigerants" }?.value, diag: diag)
            for set in GWP.Set.allCases {
                guard let node = sets[set.rawValue], let r = MapReader(node, path: "gwp.sets.\(set.rawValue)", diag: diag, expected: "a GWP set") else { continue }
                _ = r.string("name")
                let ch4Key = set == .ar6 ? "ch4_fossil" : "ch4"
                let ch4 = r.quantity(ch4Key, unit: "", bounds: .positive, source: nil, required: "the GWP-100 of methane", path: "gwp.\(set.rawValue).ch4")
                let n2o = r.quantity("n2o", unit: "", bounds: .positive, source: nil, required: "the GWP-100 of nitrous oxide", path: "gwp.\(set.rawValue).n2o")
                if set == .ar6 { _ = r.quantity("ch4_non_fossil", unit: "", bounds: .positive, source: nil) }
                r.rejectUnknown()
                if let ch4, let n2o {
                    gwp.append(GWP(set: set, ch4: ch4, n2o: n2o, refrigerants: refrigerants.compactMap { r in r.gwp[set].map { (r.gas, $0) } }))
                }
            }
        }
        return (generators, fuels, gwp)
    }
}

/// gwp.yaml's `refrigerants:`: per gas, its name, composition (blends) and
/// a `{value, source}` for each set (AR5, AR6).
func readRefrigerantGWPs(_ node: YNode?, diag: Diagnostics) -> [(gas: String, gwp: [GWP.Set: Quantity])] {
    guard let node else { return [] }
    guard case let .mapping(entries, _) = node else {
        diag.add(node.position, "gwp.refrigerants", "expected a mapping from refrigerant names (R-134a, ...) to their GWPs per set")
        return []
    }
    return entries.compactMap { entry in
        if entry.key == "note" { return nil }
        let path = "gwp.refrigerants.\(entry.key)"
        guard let r = MapReader(entry.value, path: path, diag: diag, expected: "a refrigerant {name, AR5: {value, source}, AR6: {value, source}}") else { return nil }
        _ = r.string("name"); _ = r.string("composition")
        var values: [GWP.Set: Quantity] = [:]
        for set in GWP.Set.allCases {
            values[set] = r.quantity(set.rawValue, unit: "", bounds: .nonNegative, source: nil, path: "gwp.\(set.rawValue).\(entry.key)")
        }
        r.rejectUnknown()
        return (entry.key, values)
    }
}

/// A fuel block (catalog entry or inline).
func readFuel(_ node: YNode, key: String?, path: String, diag: Diagnostics) -> Fuel? {
    guard let r = MapReader(node, path: path, diag: diag, expected: "a fuel block (co2_kg_per_mmbtu, ch4_g_per_mmbtu, n2o_g_per_mmbtu, ...)") else { return nil }
    let source = r.sources()
    let name = r.string("name") ?? key ?? "inline"
    _ = r.string("note")
    _ = r.quantity("heat_content_mmbtu_per_scf", unit: "MMBtu/scf", bounds: .positive, source: source)
    _ = r.quantity("heat_content_mmbtu_per_gal", unit: "MMBtu/gal", bounds: .positive, source: source)
    let co2 = r.quantity("co2_kg_per_mmbtu", unit: "kg/MMBtu", bounds: .nonNegative, source: source, required: "kg CO2 per MMBtu (HHV) burned")
    let ch4 = r.quantity("ch4_g_per_mmbtu", unit: "g/MMBtu", bounds: .nonNegative, source: source, required: "g CH4 per MMBtu (HHV) burned")
    let n2o = r.quantity("n2o_g_per_mmbtu", unit: "g/MMBtu", bounds: .nonNegative, source: source, required: "g N2O per MMBtu (HHV) burned")
    let upstream = r.quantity("upstream_kg_per_mmbtu", unit: "kg/MMBtu", bounds: .nonNegative, source: source, extraKeys: ["gwp"])
    var family: FuelFamily?
    if let f = r.string("family") {
        family = FuelFamily(rawValue: f)
        if family == nil {
            diag.add(r.node("family")!.position, path + ".family",
                     "'\(f)' is not a fuel family: use \(FuelFamily.allCases.map(\.rawValue).joined(separator: ", ")) (ESRS E1-5's split of fossil energy)")
        }
    }
    r.rejectUnknown()
    guard let co2, let ch4, let n2o else { return nil }
    return Fuel(key: key, name: name, co2KgPerMMBtu: co2, ch4GPerMMBtu: ch4, n2oGPerMMBtu: n2o, upstreamKgPerMMBtu: upstream, family: family)
}

/// A generator block (catalog entry or inline); `fuel:` is a catalog key or an inline fuel.
func readGenerator(_ node: YNode, key: String?, path: String, fuels: [String: Fuel], fuelOrder: [String], diag: Diagnostics) -> Generator? {
    guard let r = MapReader(node, path: path, diag: diag, expected: "a generator block (fuel, heat_rate_mmbtu_per_mwh, ...)") else { return nil }
    let source = r.sources()
    let name = r.string("name") ?? key ?? "inline"
    _ = r.string("note")
    var fuel: Fuel?
    if let f = r.node("fuel") {
        switch f {
        case let .scalar(k, pos, _):
            if let found = fuels[k] { fuel = found } else {
                let hint = didYouMean(k, fuelOrder).map { " — did you mean '\($0)'?" } ?? ""
                let known = fuelOrder.isEmpty ? "the catalog has no fuels.yaml" : "fuels: \(fuelOrder.joined(separator: ", "))"
                diag.add(pos, path + ".fuel", "no fuel '\(k)'\(hint) (\(known)); or give an inline {co2_kg_per_mmbtu, ch4_g_per_mmbtu, n2o_g_per_mmbtu, source}")
            }
        default:
            fuel = readFuel(f, key: nil, path: path + ".fuel", diag: diag)
        }
    } else {
        r.missing("fuel", "a fuel key of the catalog (natural-gas, diesel) or an inline {co2_kg_per_mmbtu, ch4_g_per_mmbtu, n2o_g_per_mmbtu, source}")
    }
    let heatRate = r.quantity("heat_rate_mmbtu_per_mwh", unit: "MMBtu/MWh", bounds: .positive, source: source,
                              required: "fuel (HHV) burned per MWh generated, in MMBtu/MWh")
    let nox = r.quantity("nox_lb_per_mmbtu", unit: "lb/MMBtu", bounds: .nonNegative, source: source)
    _ = r.quantity("nox_uncontrolled_lb_per_mmbtu", unit: "lb/MMBtu", bounds: .nonNegative, source: source)
    _ = r.quantity("water_l_per_mwh", unit: "L/MWh", bounds: .nonNegative, source: source)
    r.rejectUnknown()
    guard let fuel, let heatRate else { return nil }
    return Generator(key: key, name: name, fuel: fuel, heatRate: heatRate, noxLbPerMMBtu: nox)
}
