/// The reference data users edit: accelerators and grids, each value with
/// its source (Models/catalog/accelerators.yaml, grids.yaml).
public struct Catalog: Sendable {
    public let accelerators: [String: Accelerator]
    /// The accelerators' keys in file order.
    public let acceleratorOrder: [String]
    public let grids: [String: Grid]
    /// The grids' keys in file order.
    public let gridOrder: [String]
    /// Where the catalog was read from, for messages.
    public let directory: String?
    /// The files read, by name, with the SHA-256 of their bytes (a
    /// report's footer names them, so a changed value changes the footer).
    public internal(set) var files: [(name: String, sha256: String)] = []
    /// On-site generators and the fuels they burn (generators.yaml,
    /// fuels.yaml), keys in file order; the GWP sets (gwp.yaml).
    public internal(set) var generators: [String: Generator] = [:]
    public internal(set) var generatorOrder: [String] = []
    public internal(set) var fuels: [String: Fuel] = [:]
    public internal(set) var fuelOrder: [String] = []
    public internal(set) var gwpSets: [GWP.Set: GWP] = [:]

    public static let generatorsFile = "generators.yaml"
    public static let fuelsFile = "fuels.yaml"
    public static let gwpFile = "gwp.yaml"

    public static let acceleratorsFile = "accelerators.yaml"
    public static let gridsFile = "grids.yaml"

    /// The catalog with on-site generation's entries.
    public func adding(generators: [(key: String, value: Generator)], fuels: [(key: String, value: Fuel)], gwp: [GWP]) -> Catalog {
        var c = self
        c.generators = Dictionary(generators, uniquingKeysWith: { $1 })
        c.generatorOrder = generators.map(\.key)
        c.fuels = Dictionary(fuels, uniquingKeysWith: { $1 })
        c.fuelOrder = fuels.map(\.key)
        c.gwpSets = Dictionary(gwp.map { ($0.set, $0) }, uniquingKeysWith: { $1 })
        return c
    }

    /// The catalog with `files` recorded as read.
    public func reading(_ files: [(name: String, sha256: String)]) -> Catalog {
        var c = self
        c.files = files
        return c
    }

    /// An empty catalog: models must give accelerators and grids inline.
    public init() {
        self.init(accelerators: [], grids: [], directory: nil)
    }

    /// Entries in order, keyed by their catalog keys.
    public init(accelerators: [(key: String, value: Accelerator)], grids: [(key: String, value: Grid)], directory: String?) {
        self.accelerators = Dictionary(accelerators, uniquingKeysWith: { $1 })
        acceleratorOrder = accelerators.map(\.key)
        self.grids = Dictionary(grids, uniquingKeysWith: { $1 })
        gridOrder = grids.map(\.key)
        self.directory = directory
    }
}
