/// A validated scenario: every value unit-explicit, every reference
/// resolved. Built only by `ScenarioLoader`; the engine reads nothing else.
public struct Scenario: Sendable {
    public enum Resolution: String, Sendable, CaseIterable {
        case year, month, day, hour
    }

    public let name: String
    public let description: String
    /// First day of the horizon (inclusive).
    public let start: CalendarDate
    /// Day the horizon ends (exclusive).
    public let end: CalendarDate
    public let resolution: Resolution
    public let samples: Int
    public let seed: UInt64
    public let sites: [Site]
    public let fleets: [Fleet]
    /// What the capacity serves, when the scenario says.
    public let demand: Demand?
    /// The model file, as given.
    public let file: String
    /// SHA-256 of the model file's bytes, lowercase hex.
    public let sha256: String
    /// Overrides applied, in order (`PATH=VALUE`).
    public let overrides: [String]
    /// How the reporting company draws its boundary (GHG Protocol
    /// Corporate Standard, chapter 3).
    public let consolidation: Consolidation
    /// Where each reporting year starts (`fiscal_year_start`; 1 January:
    /// calendar years). Periods are these years, named by the calendar
    /// year they start in.
    public let fiscalYearStart: MonthDay
    /// The GWPs of CH4 and N2O for on-site combustion (`scenario.gwp`).
    public let gwp: GWP
    /// The catalog files the scenario was loaded with: path and SHA-256 of
    /// their bytes (empty without a catalog).
    public var catalogFiles: [(path: String, sha256: String)] = []
    /// `scenario.base_year`: the reporting year disclosures compare each
    /// year against; nil: none.
    public var baseYear: Int?
    /// `scenario.as_of`: the date the scenario's inputs describe; reporting
    /// years that end after it are projections. Nil: not said.
    public var asOf: CalendarDate?
    /// `scenario.kind`: what the scenario describes, where it matters to a
    /// comparison (the league); nil: not said.
    public var kind: ScenarioKind?
    /// `scenario.scope1_ets_share`: the share of Scope 1 under a regulated
    /// emission trading scheme (ESRS E1-6); 0 unless the scenario says.
    public var scope1ETSShare: Double = 0
    /// `correlations:`: inputs that move together (Gaussian copula).
    public var correlations: [CorrelationSpec] = []

    /// Every hourly profile the scenario reads, once each, in site order.
    public var profiles: [HourlyProfile] {
        var seen = Set<String>(), out: [HourlyProfile] = []
        for site in sites {
            for p in [site.grid.hourlyProfile] + site.contracts.map(\.supply) {
                guard let p, seen.insert(p.path).inserted else { continue }
                out.append(p)
            }
        }
        return out
    }

    public init(name: String, description: String, start: CalendarDate, end: CalendarDate, resolution: Resolution,
                samples: Int, seed: UInt64, sites: [Site], fleets: [Fleet], demand: Demand? = nil,
                file: String, sha256: String, overrides: [String], consolidation: Consolidation = .operationalControl,
                fiscalYearStart: MonthDay = .january1, gwp: GWP = .builtIn(.ar5)) {
        self.name = name; self.description = description; self.start = start; self.end = end
        self.resolution = resolution; self.samples = samples; self.seed = seed
        self.sites = sites; self.fleets = fleets; self.demand = demand
        self.file = file; self.sha256 = sha256; self.overrides = overrides
        self.consolidation = consolidation
        self.fiscalYearStart = fiscalYearStart
        self.gwp = gwp
    }

    /// True when reporting years are fiscal years (not starting 1 January).
    public var usesFiscalYears: Bool { fiscalYearStart != .january1 }
}

/// The GHG Protocol's consolidation approaches: what share of a site's
/// emissions the reporting company counts.
public enum Consolidation: String, Sendable, CaseIterable {
    /// All of what the company controls (owned and leased sites), none of
    /// what it rents as a service.
    case operationalControl = "operational-control"
    /// Its equity share of every site (`equity_share`).
    case equityShare = "equity-share"
}

/// Who operates a site, which decides the scope its electricity lands in
/// for the company that uses it.
public enum SiteControl: String, Sendable, CaseIterable {
    /// Operated by the company: purchased electricity is Scope 2, the
    /// hardware bought for it Scope 3 category 2.
    case owned
    /// Leased and operated by the company (a colocation suite, a leased
    /// building): as owned under operational control.
    case leased
    /// Capacity rented as a service: the provider's electricity and
    /// hardware are the company's Scope 3 category 1 (purchased services).
    case cloud
}

/// An electricity grid: average intensity, and what the market-based method
/// and the water account need.
public struct Grid: Sendable {
    /// The catalog key, or nil for an inline block.
    public let key: String?
    public let name: String
    public let intensity: Quantity
    public let year: Int?
    public let residualMix: Quantity?
    public let water: Quantity?
    /// What `intensity` and `residualMix` cover: combustion only (the Scope 2
    /// basis) or the whole life cycle; nil when the source does not say.
    public let basis: GridBasis?
    /// `upstream_kg_per_kwh`: the fuels' well-to-tank emissions and the
    /// transmission and distribution losses per kWh consumed (GHG Protocol
    /// Scope 3 category 3); nil when not given (counted as 0).
    public let upstream: Quantity?
    /// `hourly_profile`: the intensity of each hour of the year relative to
    /// the average (8,760 values, normalized here to a mean of 1).
    public let hourlyProfile: HourlyProfile?
    /// A catalog grid's `hourly_profile` file, not yet read: the catalog
    /// names a profile for many grids, and a scenario reads only those of
    /// the grids its sites use (`withHourlyProfile`).
    public var hourlyProfileFile: HourlyProfileFile?
    /// `mix:`: the shares of the grid's generation by source (ESRS E1-5's
    /// split of purchased electricity no contract covers).
    public let mix: GridMix?
    /// `gas_rates_lb_per_mwh:`: the grid's CO2, CH4 and N2O output rates
    /// (eGRID publishes the three), for Scope 2 by gas.
    public let gasRates: GasRates?
    /// Names, states and balancing authorities the grid serves (`aliases:`),
    /// which the loader's suggestions match.
    public var aliases: [String] = []

    public init(key: String?, name: String, intensity: Quantity, year: Int?, residualMix: Quantity?, water: Quantity?,
                basis: GridBasis? = nil, upstream: Quantity? = nil, hourlyProfile: HourlyProfile?,
                mix: GridMix? = nil, gasRates: GasRates? = nil) {
        self.key = key; self.name = name; self.intensity = intensity; self.year = year
        self.residualMix = residualMix; self.water = water; self.basis = basis; self.upstream = upstream
        self.hourlyProfile = hourlyProfile; self.mix = mix; self.gasRates = gasRates
    }

    /// The grid with its profile read (and no file left to read).
    public func withHourlyProfile(_ profile: HourlyProfile?) -> Grid {
        var g = Grid(key: key, name: name, intensity: intensity, year: year, residualMix: residualMix, water: water,
                     basis: basis, upstream: upstream, hourlyProfile: profile, mix: mix, gasRates: gasRates)
        g.aliases = aliases
        return g
    }
}

/// A profile file a catalog grid names, with where it is named.
public struct HourlyProfileFile: Sendable {
    /// The path as resolved against the naming file's folder.
    public let path: String
    public let position: FilePosition
    /// The `--set` path of the key (`grids.PJM.hourly_profile`).
    public let key: String

    public init(path: String, position: FilePosition, key: String) {
        self.path = path; self.position = position; self.key = key
    }

    public var displayPath: String { HourlyProfile.displayPath(path) }
}

/// A grid's generation by source, as shares of its net generation.
public struct GridMix: Sendable, Equatable {
    public let coal: Double, oil: Double, gas: Double, nuclear: Double, renewable: Double, other: Double
    /// The data year, and where the shares come from.
    public let year: Int?
    /// One reference per source (a record or a text).
    public let sources: [String]

    public init(coal: Double, oil: Double, gas: Double, nuclear: Double, renewable: Double, other: Double, year: Int?, sources: [String]) {
        self.coal = coal; self.oil = oil; self.gas = gas; self.nuclear = nuclear; self.renewable = renewable; self.other = other
        self.year = year; self.sources = sources
    }

    /// Fossil: coal, oil, gas and other (other fossil and unknown sources,
    /// which ESRS E1-5 counts as fossil unless shown otherwise).
    public var fossil: Double { coal + oil + gas + other }
}

/// A grid's output emission rates by gas, lb per MWh.
public struct GasRates: Sendable, Equatable {
    public let co2: Double, ch4: Double, n2o: Double
    /// One reference per source (a record or a text).
    public let sources: [String]

    public init(co2: Double, ch4: Double, n2o: Double, sources: [String]) {
        self.co2 = co2; self.ch4 = ch4; self.n2o = n2o; self.sources = sources
    }
}

/// The basis of a grid's emission factors.
public enum GridBasis: String, Sendable, CaseIterable {
    /// Combustion at the power plant only: the Scope 2 basis.
    case direct
    /// Life cycle: combustion plus upstream (fuel supply, construction).
    case lifecycle
}

/// A CSV of 8,760 hourly values (hour 0 = 1 January 00:00): a grid's
/// intensity relative to the year's average, or a contract's supply as a
/// capacity factor.
public struct HourlyProfile: Sendable {
    public static let hours = 8760
    /// The file as written in the model, and as read.
    public let path: String
    /// A grid's profile: normalized to a mean of exactly 1 over the 8,760
    /// hours. A supply profile: the capacity factors as written (0 to 1).
    public let values: [Double]
    /// SHA-256 of the file's bytes (empty for a profile built in code).
    public let sha256: String

    public init(path: String, values: [Double], sha256: String = "") {
        self.path = path; self.values = values; self.sha256 = sha256
    }

    /// `path` for reports and listings, with `folder/..` pairs removed as
    /// text (`Models/catalog/../profiles/x.csv` → `Models/profiles/x.csv`).
    /// The file is read at `path` itself.
    public var displayPath: String { Self.displayPath(path) }

    public static func displayPath(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part == "..", let last = parts.last, last != "..", last != "", last != "." {
                parts.removeLast()
            } else if part != "." || parts.isEmpty {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}

/// A market-based instrument at the contract's intensity: either a share of
/// the site's consumption, or an hourly supply — `capacity_mw` times an
/// hourly capacity factor — matched to consumption hour by hour.
public struct Contract: Sendable {
    public let kind: String
    public let share: SeriesInput?
    /// With `supply`: the contracted capacity in MW (by year, if a series).
    public let capacityMW: SeriesInput?
    /// Capacity factors per hour of the year.
    public let supply: HourlyProfile?
    public let intensity: Quantity
    /// A share contract that delivers its share in every hour (it counts
    /// under hourly matching too).
    public let hourly: Bool
    /// An existing share contract that the October 2025 draft would
    /// grandfather: counted annually under hourly matching as well.
    public let legacy: Bool
    /// What generates the contracted energy (`technology`: solar, wind,
    /// hydro, nuclear, …), for ESRS E1-5; nil when not said.
    public let technology: ContractTechnology?
    /// The market the instrument and the consumption share (`market_boundary`).
    public let marketBoundary: String?
    /// The Scope 2 Quality Criteria the scenario declares the instrument meets.
    public let qualityCriteria: [Int]

    public init(kind: String, share: SeriesInput?, capacityMW: SeriesInput?, supply: HourlyProfile?, intensity: Quantity,
                hourly: Bool = false, legacy: Bool = false, technology: ContractTechnology? = nil,
                marketBoundary: String? = nil, qualityCriteria: [Int] = []) {
        self.kind = kind; self.share = share; self.capacityMW = capacityMW; self.supply = supply
        self.intensity = intensity; self.hourly = hourly; self.legacy = legacy
        self.technology = technology; self.marketBoundary = marketBoundary; self.qualityCriteria = qualityCriteria
    }
}

/// The generation technology behind a contract.
public enum ContractTechnology: String, Sendable, CaseIterable {
    case solar, wind, hydro, geothermal, biomass, nuclear, gas, coal, oil, other

    /// Renewable under ESRS E1-5 (solar, wind, hydro, geothermal, biomass).
    public var isRenewable: Bool { [.solar, .wind, .hydro, .geothermal, .biomass].contains(self) }
}

public struct Site: Sendable {
    public let name: String
    public let grid: Grid
    public let pue: SeriesInput
    /// On-site water per kWh of IT energy.
    public let wue: SeriesInput?
    /// Multiplier on the grid's intensity (and residual mix) over time.
    public let gridTrajectory: SeriesInput?
    public let contracts: [Contract]
    /// Overrides the grid's residual mix.
    public let residualMix: Quantity?
    /// Embodied carbon of building the facility, per MW of IT capacity.
    public let constructionKgPerMW: Quantity?
    /// Years over which construction carbon is amortized.
    public let facilityLifeYears: Quantity?
    /// Who operates the site (`control`, default owned).
    public let control: SiteControl
    /// The company's share of the site (0–1), counted under the equity
    /// share approach; nil: 1.
    public let equityShare: Quantity?
    /// On-site generation units, in the order they are listed.
    public let generation: [GenerationUnit]
    /// `grid: none`: no grid connection; generation must serve the whole
    /// load in every draw (`grid` is then a grid of zero intensity).
    public let offGrid: Bool
    /// Refrigerant charges of the site's cooling, in the order listed.
    public let refrigerants: [Refrigerant]

    public init(name: String, grid: Grid, pue: SeriesInput, wue: SeriesInput?, gridTrajectory: SeriesInput?, contracts: [Contract],
                residualMix: Quantity?, constructionKgPerMW: Quantity?, facilityLifeYears: Quantity?,
                control: SiteControl = .owned, equityShare: Quantity? = nil,
                generation: [GenerationUnit] = [], offGrid: Bool = false, refrigerants: [Refrigerant] = []) {
        self.name = name; self.grid = grid; self.pue = pue; self.wue = wue; self.gridTrajectory = gridTrajectory
        self.contracts = contracts; self.residualMix = residualMix
        self.constructionKgPerMW = constructionKgPerMW; self.facilityLifeYears = facilityLifeYears
        self.control = control; self.equityShare = equityShare
        self.generation = generation; self.offGrid = offGrid; self.refrigerants = refrigerants
    }
}

/// The fields an accelerator may carry; the raw value is the YAML key.
public enum AcceleratorField: String, Sendable, CaseIterable {
    case tdpW = "tdp_w"
    case idleW = "idle_w"
    case powerExponent = "power_exponent"
    case hostW = "host_w"
    case networkW = "network_w"
    case peakTflops = "peak_tflops"
    case usdPerUnit = "usd_per_unit"
    case usdPerAcceleratorHour = "usd_per_accelerator_hour"
    case embodiedKgCO2e = "embodied_kgco2e"
    case hostEmbodiedKgCO2e = "host_embodied_kgco2e"
    case networkEmbodiedKgCO2e = "network_embodied_kgco2e"
    case serviceLifeYears = "service_life_years"
    case serviceUtilization = "service_utilization"

    public var unit: String {
        switch self {
        case .tdpW, .idleW, .hostW, .networkW: "W"
        case .powerExponent, .serviceUtilization: ""
        case .peakTflops: "TFLOP/s"
        case .usdPerUnit: "USD"
        case .usdPerAcceleratorHour: "USD/h"
        case .embodiedKgCO2e, .hostEmbodiedKgCO2e, .networkEmbodiedKgCO2e: "kgCO2e"
        case .serviceLifeYears: "years"
        }
    }

    public var bounds: Bounds {
        switch self {
        case .serviceUtilization: Bounds(lower: .leastNonzeroMagnitude, upper: 1, rule: "greater than 0 and at most 1")
        case .powerExponent, .serviceLifeYears, .usdPerUnit, .usdPerAcceleratorHour: .positive
        default: .nonNegative
        }
    }
}

public struct Accelerator: Sendable {
    /// The catalog key, or nil for an inline block.
    public let key: String?
    public let name: String
    /// Precision of `peak_tflops` (e.g. `bf16-dense`).
    public let precision: String?
    public let fields: [AcceleratorField: Quantity]

    public init(key: String?, name: String, precision: String?, fields: [AcceleratorField: Quantity]) {
        self.key = key; self.name = name; self.precision = precision; self.fields = fields
    }

    public subscript(field: AcceleratorField) -> Quantity? { fields[field] }

    /// The same accelerator with `overrides` replacing its fields (a
    /// fleet's own figures).
    public func overriding(_ overrides: [AcceleratorField: Quantity]) -> Accelerator {
        Accelerator(key: key, name: name, precision: precision, fields: fields.merging(overrides) { $1 })
    }
}

/// How long a deployed unit serves.
public enum Lifetime: Sendable, Equatable {
    /// Calendar years from arrival (fractions of a year as 8,766 h).
    case years(Double)
    case days(Double)
    case hours(Double)
}

public struct Deployment: Sendable {
    public enum Amount: Sendable {
        case units(Quantity)
        /// IT megawatts at full load, converted at the fleet's per-unit IT power.
        case itMW(Quantity)
        /// Dollars, divided by the all-in cost per unit in the year of arrival.
        case capexUSD(Quantity)
        /// A cloud commitment: dollars / price per accelerator-hour, spread
        /// evenly over the commitment's period. The price is never nil once
        /// loaded (it falls back to the accelerator's).
        case commitment(totalUSD: Quantity, usdPerAcceleratorHour: Quantity?)
    }

    /// When units arrive: all on one day, or at a constant rate over
    /// `[start, end)` (a `year:` is its calendar year).
    public struct Arrival: Sendable, Equatable {
        public let start: CalendarDate
        public let end: CalendarDate
        public var isInstant: Bool { start == end }

        public init(start: CalendarDate, end: CalendarDate) { self.start = start; self.end = end }
    }

    public let amount: Amount
    public let arrival: Arrival
    public let position: FilePosition
    public let path: String

    public init(amount: Amount, arrival: Arrival, position: FilePosition, path: String) {
        self.amount = amount; self.arrival = arrival; self.position = position; self.path = path
    }
}

public struct Fleet: Sendable {
    public let name: String
    public let accelerator: Accelerator
    public let siteIndex: Int
    /// Busy share of installed hours; required unless `avgPowerW` is given.
    public let utilization: Quantity?
    /// Measured average power per accelerator, replacing the power curve and
    /// the host and network shares.
    public let avgPowerW: Quantity?
    public let lifetime: Lifetime?
    /// The lifetime as written, with its source (for the assumptions list).
    public let lifetimeInput: Quantity?
    /// Yearly fall of the all-in cost per unit, for capex deployments.
    public let costDeclinePerYear: Quantity?
    /// The year in which `usd_per_unit` holds.
    public let costBaseYear: Int
    public let deployments: [Deployment]
    /// Achieved FLOP/s ÷ peak FLOP/s while busy: with it, compute is
    /// delivered FLOP; without it, peak capacity-hours.
    public let flopUtilization: Quantity?

    public init(name: String, accelerator: Accelerator, siteIndex: Int, utilization: Quantity?, avgPowerW: Quantity?,
                lifetime: Lifetime?, lifetimeInput: Quantity?, costDeclinePerYear: Quantity?, costBaseYear: Int, deployments: [Deployment],
                flopUtilization: Quantity? = nil) {
        self.name = name; self.accelerator = accelerator; self.siteIndex = siteIndex; self.utilization = utilization
        self.avgPowerW = avgPowerW; self.lifetime = lifetime; self.lifetimeInput = lifetimeInput
        self.costDeclinePerYear = costDeclinePerYear; self.costBaseYear = costBaseYear; self.deployments = deployments
        self.flopUtilization = flopUtilization
    }
}

/// One `correlations:` entry: every pair of `inputs` (their `--set`
/// paths) has Spearman rank correlation `rank` (exactly 1: comonotonic).
public struct CorrelationSpec: Sendable {
    public let inputs: [String]
    public let positions: [FilePosition]
    public let rank: Double
    /// Its source, or the reason the modeller gives.
    public let source: String?
    public let position: FilePosition

    public init(inputs: [String], positions: [FilePosition], rank: Double, source: String?, position: FilePosition) {
        self.inputs = inputs; self.positions = positions; self.rank = rank; self.source = source; self.position = position
    }
}

/// What a scenario describes: a campus (a named site whose grid and
/// hardware are reported) or a deal (capacity committed in gigawatts or
/// chips with no site named, so its grid and PUE are assumptions).
public enum ScenarioKind: String, Sendable, CaseIterable {
    case campus, deal
}
