import Foundation
import FootprintModel

extension Catalog {
    /// Reads `directory/accelerators.yaml` and `directory/grids.yaml`
    /// (either may be absent), applying the overrides whose paths start
    /// with `accelerators` or `grids`.
    public static func load(directory: String, overrides: [SetOverride] = []) throws(ModelErrors) -> Catalog {
        let diag = Diagnostics()
        var accelerators: [(key: String, value: Accelerator)] = [], grids: [(key: String, value: Grid)] = []
        var files: [(name: String, sha256: String)] = []
        for (file, top) in [(acceleratorsFile, "accelerators"), (gridsFile, "grids")] {
            let path = (directory as NSString).appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let text = try readText(path)
            files.append((file, SHA256.hex(Array(text.utf8))))
            var tree = try YAMLTree.parse(text, file: path)
            for o in overrides where o.segments.first == top {
                o.apply(to: &tree, dropping: 1, diag: diag)
            }
            guard case let .mapping(entries, _) = tree else {
                diag.add(tree.position, "", "expected a mapping from \(top == "grids" ? "grid" : "accelerator") keys to their fields")
                continue
            }
            for e in entries {
                if top == "accelerators" {
                    if let a = readAccelerator(e.value, key: e.key, path: "accelerators.\(e.key)", diag: diag) { accelerators.append((e.key, a)) }
                } else {
                    if let g = readGrid(e.value, key: e.key, path: "grids.\(e.key)", diag: diag, readProfile: false) { grids.append((e.key, g)) }
                }
            }
        }
        let generation = try loadGeneration(directory: directory, overrides: overrides, diag: diag, files: &files)
        try diag.throwIfAny()
        return Catalog(accelerators: accelerators, grids: grids, directory: directory)
            .adding(generators: generation.generators, fuels: generation.fuels, gwp: generation.gwp).reading(files)
    }
}

/// Reads a file into a tree, with file-level errors.
func readTree(_ path: String) throws(ModelErrors) -> YNode {
    let text = try readText(path)
    return try YAMLTree.parse(text, file: path)
}

func readText(_ path: String) throws(ModelErrors) -> String {
    let top = FilePosition(file: path, line: 0, column: 0)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw ModelErrors([ModelIssue(top, "", "no such file")])
    }
    guard !isDirectory.boolValue else { throw ModelErrors([ModelIssue(top, "", "this is a directory, not a model file")]) }
    let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
    if let size, size > YAMLTree.maximumBytes {
        throw ModelErrors([ModelIssue(top, "", "the file is \(size) bytes; model files are limited to \(YAMLTree.maximumBytes) bytes")])
    }
    // An empty file is not read through Foundation, which leaks its 4 KiB
    // buffer on empty files (LeakSanitizer, make fuzz; Swift 6.3.1).
    guard let data = size == 0 ? Data() : FileManager.default.contents(atPath: path) else {
        throw ModelErrors([ModelIssue(top, "", "cannot be read (permissions?)")])
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw ModelErrors([ModelIssue(top, "", "not UTF-8 text: is it a binary file?")])
    }
    return text
}

/// An accelerator block (catalog entry or inline): name, precision, and any
/// of `AcceleratorField`, with a block-level `source` for values without one.
func readAccelerator(_ node: YNode, key: String?, path: String, diag: Diagnostics) -> Accelerator? {
    guard let r = MapReader(node, path: path, diag: diag, expected: "an accelerator block (tdp_w, idle_w, ...)") else { return nil }
    let source = r.sources()
    let name = r.string("name") ?? key ?? "inline"
    _ = r.string("vendor")
    _ = r.integer("year", range: 1990...2100)
    _ = r.string("note")
    var precision = r.string("peak_tflops_precision")
    var fields: [AcceleratorField: Quantity] = [:]
    for f in AcceleratorField.allCases {
        let extra: Set<String> = f == .peakTflops ? ["precision"] : []
        if let q = r.quantity(f.rawValue, unit: f.unit, bounds: f.bounds, source: source, extraKeys: extra) {
            fields[f] = q
            if f == .peakTflops, let n = r.node(f.rawValue), case let .scalar(p, _, _)? = n["precision"] { precision = p }
        }
    }
    r.rejectUnknown()
    if let idle = fields[.idleW], let tdp = fields[.tdpW] {
        checkIdleBelowTDP(idle: idle, tdp: tdp, blame: idle, diag: diag)
    }
    return Accelerator(key: key, name: name, precision: precision, fields: fields)
}

/// The rule that no draw idles above its peak: the highest value `idle_w`
/// can take (`Quantity.reach`) must not exceed the lowest `tdp_w` can take.
/// Draws are independent, so ranges that overlap would, in some draw, give
/// idle > TDP and a negative dynamic power. Reported at `blame` (the field
/// the block being read wrote: a fleet may override only one of the two).
func checkIdleBelowTDP(idle: Quantity, tdp: Quantity, blame: Quantity, diag: Diagnostics) {
    let idleMax = idle.reach.upperBound, tdpMin = tdp.reach.lowerBound
    guard idleMax > tdpMin else { return }
    func range(_ q: Quantity) -> String {
        q.isUncertain ? "\(formatNumber(q.reach.lowerBound)) to \(formatNumber(q.reach.upperBound)) W, \(q.valueDescription)" : "\(q.valueDescription) W"
    }
    let other = blame.path == idle.path ? tdp : idle
    diag.add(blame.position, blame.path,
             "idle_w can reach \(formatNumber(idleMax)) W (\(range(idle))) but tdp_w can be as low as \(formatNumber(tdpMin)) W (\(range(tdp))), so a draw could idle above its peak; "
             + "make idle_w's highest value at most tdp_w's lowest (idle_w max ≤ \(formatNumber(tdpMin)) W, or tdp_w min ≥ \(formatNumber(idleMax)) W)"
             + (idle.isUncertain || tdp.isUncertain ? "; normal, lognormal and gamma reach to their one-in-a-million quantiles" : "")
             + " (the other value: \(other.path) at \(other.position))")
}

/// A grid block (catalog entry or inline). A catalog entry's profile is
/// named, not read (`readProfile: false`): the scenario reads the profiles of
/// the grids its sites use.
func readGrid(_ node: YNode, key: String?, path: String, diag: Diagnostics, readProfile: Bool = true) -> Grid? {
    guard let r = MapReader(node, path: path, diag: diag, expected: "a grid block (intensity_kg_per_kwh, source, ...)") else { return nil }
    let source = r.sources()
    let name = r.string("name") ?? key ?? "inline"
    let year = r.integer("year", range: 1990...2100)
    _ = r.string("note")
    let intensity = r.quantity("intensity_kg_per_kwh", unit: "kg/kWh", bounds: .nonNegative, source: source,
                               required: "the grid's average intensity in kg CO2e per kWh")
    let residual = r.quantity("residual_mix_kg_per_kwh", unit: "kg/kWh", bounds: .nonNegative, source: source)
    let water = r.quantity("water_l_per_kwh", unit: "L/kWh", bounds: .nonNegative, source: source)
    var basis: GridBasis?
    if let b = r.string("basis") {
        basis = GridBasis(rawValue: b)
        if basis == nil {
            let allowed = GridBasis.allCases.map(\.rawValue).joined(separator: " or ")
            let hint = didYouMean(b, GridBasis.allCases.map(\.rawValue)).map { " — did you mean '\($0)'?" } ?? ""
            diag.add(r.node("basis")?.position ?? r.position, path + ".basis",
                     "'\(b)' is not a basis\(hint): use \(allowed) (what intensity_kg_per_kwh covers: combustion only, or the life cycle)")
        }
    }
    let upstream = r.quantity("upstream_kg_per_kwh", unit: "kg/kWh", bounds: .nonNegative, source: source)
    var profile: HourlyProfile?, profileFile: HourlyProfileFile?
    if let file = r.string("hourly_profile") {
        let position = r.node("hourly_profile")?.position ?? r.position
        let named = HourlyProfileFile(path: resolve(file, namedAt: position), position: position, key: path + ".hourly_profile")
        if readProfile {
            profile = HourlyProfile.loadRelativeIntensities(named.path, at: named.position, key: named.key, diag: diag)
        } else {
            profileFile = named
        }
    }
    let mix = r.node("mix").flatMap { readGridMix($0, path: path + ".mix", source: source, diag: diag) }
    let gases = r.node("gas_rates_lb_per_mwh").flatMap { readGasRates($0, path: path + ".gas_rates_lb_per_mwh", source: source, diag: diag) }
    var aliases: [String] = []
    if let a = r.node("aliases") {
        if case let .sequence(items, _) = a { aliases = items.compactMap { if case let .scalar(x, _, _) = $0 { x } else { nil } } }
        if aliases.isEmpty { diag.add(a.position, path + ".aliases", "expected a list of names, states or balancing authorities the grid serves") }
    }
    r.rejectUnknown()
    guard let intensity else { return nil }
    var grid = Grid(key: key, name: name, intensity: intensity, year: year, residualMix: residual, water: water,
                    basis: basis, upstream: upstream, hourlyProfile: profile, mix: mix, gasRates: gases)
    grid.aliases = aliases
    grid.hourlyProfileFile = profileFile
    return grid
}

/// `mix: {coal, oil, gas, nuclear, renewable, other, year, source}`: shares
/// of generation, each 0 to 1, adding up to 1 (within 0.5 %, for rounding
/// in the published table).
func readGridMix(_ node: YNode, path: String, source: [String]?, diag: Diagnostics) -> GridMix? {
    let shape = "{coal: 0.2, oil: 0.01, gas: 0.4, nuclear: 0.2, renewable: 0.18, other: 0.01, year: 2023, source: ...}"
    guard let r = MapReader(node, path: path, diag: diag, expected: "a generation mix \(shape)") else { return nil }
    let keys = ["coal", "oil", "gas", "nuclear", "renewable", "other"]
    let shares = keys.map { r.number($0, unit: "", bounds: .fraction, required: "the share of generation from \($0) (0 to 1; 0 if none)") }
    let year = r.integer("year", range: 1990...2100)
    let src = r.sources() ?? source
    if src == nil { r.missing("source", "where the shares come from (publisher, table, year)") }
    r.rejectUnknown()
    let values = shares.compactMap { $0 }
    guard values.count == keys.count, let src else { return nil }
    let total = values.reduce(0, +)
    guard abs(total - 1) <= 0.005 else {
        diag.add(r.position, path, "the shares add up to \(total), not 1: give each source's share of generation so that they add up to 1 (within 0.005)")
        return nil
    }
    return GridMix(coal: values[0], oil: values[1], gas: values[2], nuclear: values[3], renewable: values[4], other: values[5], year: year, sources: src)
}

/// `gas_rates_lb_per_mwh: {co2, ch4, n2o, source}`: output emission rates by gas.
func readGasRates(_ node: YNode, path: String, source: [String]?, diag: Diagnostics) -> GasRates? {
    guard let r = MapReader(node, path: path, diag: diag, expected: "output emission rates by gas {co2: 767.2, ch4: 0.057, n2o: 0.008, source: ...} in lb/MWh") else { return nil }
    let co2 = r.number("co2", unit: "lb/MWh", bounds: .nonNegative, required: "the CO2 output emission rate, lb/MWh")
    let ch4 = r.number("ch4", unit: "lb/MWh", bounds: .nonNegative, required: "the CH4 output emission rate, lb/MWh")
    let n2o = r.number("n2o", unit: "lb/MWh", bounds: .nonNegative, required: "the N2O output emission rate, lb/MWh")
    let src = r.sources() ?? source
    if src == nil { r.missing("source", "where the rates come from (publisher, table, column, edition)") }
    r.rejectUnknown()
    guard let co2, let ch4, let n2o, let src else { return nil }
    return GasRates(co2: co2, ch4: ch4, n2o: n2o, sources: src)
}

/// A file named in a model, relative to the file that names it (an
/// override's, to the working directory).
func resolve(_ file: String, namedAt position: FilePosition) -> String {
    let folder = position.isOverride ? "" : Paths.folder(of: position.file)
    return file.hasPrefix("/") || folder.isEmpty ? file : (folder as NSString).appendingPathComponent(file)
}
