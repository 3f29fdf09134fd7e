import Foundation

/// The reference data users edit: accelerators and grids, each value with
/// its source (Models/catalog/accelerators.yaml, grids.yaml).
public struct Catalog: Sendable {
    public var accelerators: [String: Accelerator] = [:]
    public var acceleratorOrder: [String] = []
    public var grids: [String: Grid] = [:]
    public var gridOrder: [String] = []
    /// Where the catalog was read from, for messages.
    public var directory: String?

    public init() {}

    public static let acceleratorsFile = "accelerators.yaml"
    public static let gridsFile = "grids.yaml"

    /// Reads `directory/accelerators.yaml` and `directory/grids.yaml`
    /// (either may be absent), applying catalog `--set` overrides.
    public static func load(directory: String, overrides: [SetOverride] = []) throws(ModelErrors) -> Catalog {
        var catalog = Catalog()
        catalog.directory = directory
        let diag = Diagnostics()
        for (file, top) in [(acceleratorsFile, "accelerators"), (gridsFile, "grids")] {
            let path = (directory as NSString).appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            var tree = try readTree(path)
            for o in overrides where o.segments.first == top {
                o.apply(to: &tree, dropping: 1, diag: diag)
            }
            if top == "accelerators" {
                catalog.readAccelerators(tree, diag: diag)
            } else {
                catalog.readGrids(tree, diag: diag)
            }
        }
        try diag.throwIfAny()
        return catalog
    }

    mutating func readAccelerators(_ tree: YNode, diag: Diagnostics) {
        guard case let .mapping(entries, _) = tree else {
            diag.add(tree.position, "", "expected a mapping from accelerator keys to their fields")
            return
        }
        for e in entries {
            if let a = readAccelerator(e.value, key: e.key, path: "accelerators.\(e.key)", diag: diag) {
                accelerators[e.key] = a
                acceleratorOrder.append(e.key)
            }
        }
    }

    mutating func readGrids(_ tree: YNode, diag: Diagnostics) {
        guard case let .mapping(entries, _) = tree else {
            diag.add(tree.position, "", "expected a mapping from grid keys to their fields")
            return
        }
        for e in entries {
            if let g = readGrid(e.value, key: e.key, path: "grids.\(e.key)", diag: diag) {
                grids[e.key] = g
                gridOrder.append(e.key)
            }
        }
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
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > YAMLTree.maximumBytes {
        throw ModelErrors([ModelIssue(top, "", "the file is \(size) bytes; model files are limited to \(YAMLTree.maximumBytes) bytes")])
    }
    guard let data = FileManager.default.contents(atPath: path) else {
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
    let source = r.string("source")
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
    if let tdp = fields[.tdpW]?.central, let idle = fields[.idleW]?.central, idle > tdp {
        diag.add(r.position, path + ".idle_w", "idle power (\(formatNumber(idle)) W) exceeds TDP (\(formatNumber(tdp)) W)")
    }
    return Accelerator(key: key, name: name, precision: precision, fields: fields)
}

/// A grid block (catalog entry or inline).
func readGrid(_ node: YNode, key: String?, path: String, diag: Diagnostics) -> Grid? {
    guard let r = MapReader(node, path: path, diag: diag, expected: "a grid block (intensity_kg_per_kwh, source, ...)") else { return nil }
    let source = r.string("source")
    let name = r.string("name") ?? key ?? "inline"
    let year = r.integer("year", range: 1990...2100)
    _ = r.string("note")
    let intensity = r.quantity("intensity_kg_per_kwh", unit: "kg/kWh", bounds: .nonNegative, source: source,
                               required: "the grid's average intensity in kg CO2e per kWh")
    let residual = r.quantity("residual_mix_kg_per_kwh", unit: "kg/kWh", bounds: .nonNegative, source: source)
    let water = r.quantity("water_l_per_kwh", unit: "L/kWh", bounds: .nonNegative, source: source)
    var profile: HourlyProfile?
    if let file = r.string("hourly_profile") {
        // Relative to the file that names it.
        let position = r.node("hourly_profile")?.position ?? r.position
        let folder = (position.file as NSString).deletingLastPathComponent
        let resolved = file.hasPrefix("/") || folder.isEmpty ? file : (folder as NSString).appendingPathComponent(file)
        profile = HourlyProfile.load(resolved, at: position, key: path + ".hourly_profile", diag: diag)
    }
    r.rejectUnknown()
    guard let intensity else { return nil }
    return Grid(key: key, name: name, intensity: intensity, year: year, residualMix: residual, water: water, hourlyProfile: profile)
}
