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

    public static let acceleratorsFile = "accelerators.yaml"
    public static let gridsFile = "grids.yaml"

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
