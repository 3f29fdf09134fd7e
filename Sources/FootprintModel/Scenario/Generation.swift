/// A fuel burned on site: combustion factors per gas (Scope 1) and its
/// well-to-tank factor (Scope 3 category 3), all per MMBtu of higher
/// heating value (Models/catalog/fuels.yaml).
public struct Fuel: Sendable {
    /// The catalog key, or nil for an inline block.
    public let key: String?
    public let name: String
    public let co2KgPerMMBtu: Quantity
    public let ch4GPerMMBtu: Quantity
    public let n2oGPerMMBtu: Quantity
    /// kg CO2e per MMBtu burned, upstream of the burner; nil: not estimated.
    public let upstreamKgPerMMBtu: Quantity?
    /// Which fossil fuel it is (`family`), for ESRS E1-5's split; nil: other.
    public let family: FuelFamily?

    public init(key: String?, name: String, co2KgPerMMBtu: Quantity, ch4GPerMMBtu: Quantity, n2oGPerMMBtu: Quantity,
                upstreamKgPerMMBtu: Quantity?, family: FuelFamily? = nil) {
        self.key = key; self.name = name; self.co2KgPerMMBtu = co2KgPerMMBtu; self.ch4GPerMMBtu = ch4GPerMMBtu
        self.n2oGPerMMBtu = n2oGPerMMBtu; self.upstreamKgPerMMBtu = upstreamKgPerMMBtu; self.family = family
    }
}

/// The fossil fuel families ESRS E1-5 splits fossil energy into.
public enum FuelFamily: String, Sendable, CaseIterable {
    case coal, oil
    case naturalGas = "natural_gas"
    case other
}

/// An on-site generation technology (Models/catalog/generators.yaml): the
/// fuel it burns per MWh it generates, and its NOx.
public struct Generator: Sendable {
    public let key: String?
    public let name: String
    public let fuel: Fuel
    /// MMBtu (HHV) of fuel per MWh generated.
    public let heatRate: Quantity
    /// lb NOx (as NO2) per MMBtu burned; nil: not estimated.
    public let noxLbPerMMBtu: Quantity?

    public init(key: String?, name: String, fuel: Fuel, heatRate: Quantity, noxLbPerMMBtu: Quantity?) {
        self.key = key; self.name = name; self.fuel = fuel; self.heatRate = heatRate; self.noxLbPerMMBtu = noxLbPerMMBtu
    }
}

/// One generation unit of a site (`generation:`).
public struct GenerationUnit: Sendable {
    /// How the unit serves the site's facility load.
    public enum Mode: Sendable {
        /// Serves the load up to its capacity at every step, before the grid.
        case primary
        /// Serves this fraction of the site's facility energy.
        case share(Quantity)
        /// Runs `hoursPerYear` at `loadFraction` of its capacity (tests and
        /// outages), serving load in place of the grid for those hours.
        case backup(hoursPerYear: Quantity, loadFraction: Quantity)

        public var name: String {
            switch self {
            case .primary: "primary"
            case .share: "share"
            case .backup: "backup"
            }
        }
    }

    public let name: String
    public let generator: Generator
    public let capacityMW: Quantity
    public let mode: Mode

    /// Built and run by a supplier (`operator: supplier`), not by the site's
    /// operator: its electricity is bought over a direct line, so its
    /// combustion is the site operator's Scope 2, not Scope 1.
    public var bySupplier = false

    /// The days the unit runs (`from`, and `until`, exclusive); nil: from
    /// the start, or to the end, of the horizon. Temporary turbines that
    /// bridge to a permitted plant are two dated units.
    public var from: CalendarDate?
    public var until: CalendarDate?

    public init(name: String, generator: Generator, capacityMW: Quantity, mode: Mode) {
        self.name = name; self.generator = generator; self.capacityMW = capacityMW; self.mode = mode
    }
}

/// The global warming potentials that turn CH4 and N2O into CO2e
/// (`scenario.gwp`; Models/catalog/gwp.yaml).
public struct GWP: Sendable {
    public enum Set: String, Sendable, CaseIterable {
        /// IPCC AR5 (2013), without climate-carbon feedback: eGRID's and the GHG Protocol's.
        case ar5 = "AR5"
        /// IPCC AR6 (2021), fossil methane: what ESRS E1 asks for.
        case ar6 = "AR6"
    }

    public let set: Set
    /// CH4 (fossil, for AR6) and N2O, t CO2e per t.
    public let ch4: Quantity
    public let n2o: Quantity
    /// Refrigerants' GWPs in this set, by gas (gwp.yaml's `refrigerants:`),
    /// and the gases in file order.
    public let refrigerants: [String: Quantity]
    public let refrigerantOrder: [String]

    public init(set: Set, ch4: Quantity, n2o: Quantity, refrigerants: [(gas: String, gwp: Quantity)] = []) {
        self.set = set; self.ch4 = ch4; self.n2o = n2o
        self.refrigerants = Dictionary(refrigerants.map { ($0.gas, $0.gwp) }, uniquingKeysWith: { $1 })
        refrigerantOrder = refrigerants.map(\.gas)
    }
}

/// A refrigerant charge at a site (`refrigerants:`): what leaks of it a
/// year is Scope 1 of the site's operator, charge × leak rate × GWP.
public struct Refrigerant: Sendable {
    public let gas: String
    /// t CO2e per t of the gas, in the scenario's GWP set (or given inline).
    public let gwp: Quantity
    public let chargeKg: Quantity
    /// The fraction of the charge that leaks (is topped up) each year.
    public let leakRate: Quantity

    public init(gas: String, gwp: Quantity, chargeKg: Quantity, leakRate: Quantity) {
        self.gas = gas; self.gwp = gwp; self.chargeKg = chargeKg; self.leakRate = leakRate
    }
}

extension GWP {
    /// The IPCC's values, for a scenario loaded without a catalog's gwp.yaml
    /// (which carries the same values with the copies they were read in).
    public static func builtIn(_ set: Set) -> GWP {
        let position = FilePosition(file: "", line: 0, column: 0)
        func q(_ x: Double, _ gas: String, _ source: String) -> Quantity {
            Quantity(.fixed(x), source: source, path: "gwp.\(set.rawValue).\(gas)", unit: "", position: position, bounds: .positive)
        }
        switch set {
        case .ar5:
            return GWP(set: .ar5, ch4: q(28, "ch4", "IPCC AR5 WG1 (2013), Ch. 8 Table 8.7, CH4 GWP-100 = 28 (without climate-carbon feedback)"),
                       n2o: q(265, "n2o", "IPCC AR5 WG1 (2013), Ch. 8 Table 8.7, N2O GWP-100 = 265"))
        case .ar6:
            return GWP(set: .ar6, ch4: q(29.8, "ch4", "IPCC AR6 WG1 (2021), Ch. 7 Table 7.15, CH4-fossil GWP-100 = 29.8"),
                       n2o: q(273, "n2o", "IPCC AR6 WG1 (2021), Ch. 7 Table 7.15, N2O GWP-100 = 273"))
        }
    }
}
