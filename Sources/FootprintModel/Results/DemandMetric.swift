/// What a service's prompts cost, per period and over the whole horizon.
///
/// Each is defined once, in `definition`, from a service's sums over a
/// period (`ServiceSums`): its prompts and energy, and the facility energy,
/// emissions and water of the fleets that serve it. Ratios of sums, so the
/// whole horizon's figure is the ratio of the horizon's sums (NaN where a
/// denominator is zero: no prompts, or no served energy).
public enum ServiceMetric: Int, Sendable, CaseIterable {
    case prompts
    case energyWhPerPrompt
    case energyFacilityMWh
    case shareOfServedEnergy
    case emissionsLocationGPerPrompt
    case emissionsMarketGPerPrompt
    case emissionsEmbodiedGPerPrompt
    case waterMlPerPrompt
    case allocatedEnergyWhPerPrompt
    case allocatedEmissionsLocationGPerPrompt

    /// The one definition of each service metric: key, unit, and value
    /// from the service's sums. Per prompt at the served fleets' average
    /// intensities: t/MWh = g/Wh and m³/MWh = mL/Wh.
    public var definition: (key: String, unit: String, value: @Sendable (ServiceSums) -> Double) {
        switch self {
        case .prompts: ("prompts", "prompts", { $0.prompts })
        case .energyWhPerPrompt: ("energy_wh_per_prompt", "Wh", { $0.whPerPrompt })
        case .energyFacilityMWh: ("energy_facility_mwh", "MWh", { $0.energyMWh })
        case .shareOfServedEnergy: ("share_of_served_energy", "fraction", { $0.energyMWh / $0.served.energyFacility })
        case .emissionsLocationGPerPrompt:
            ("emissions_location_g_per_prompt", "gCO2e", { $0.whPerPrompt * $0.served.location / $0.served.energyFacility })
        case .emissionsMarketGPerPrompt:
            ("emissions_market_g_per_prompt", "gCO2e", { $0.whPerPrompt * $0.served.market / $0.served.energyFacility })
        case .emissionsEmbodiedGPerPrompt:
            ("emissions_embodied_g_per_prompt", "gCO2e", { $0.whPerPrompt * $0.served.embodied / $0.served.energyFacility })
        case .waterMlPerPrompt: ("water_ml_per_prompt", "mL", { $0.whPerPrompt * $0.served.water / $0.served.energyFacility })
        case .allocatedEnergyWhPerPrompt:
            ("allocated_energy_wh_per_prompt", "Wh", { $0.fleetShare * $0.served.energyFacility * 1e6 / $0.prompts })
        case .allocatedEmissionsLocationGPerPrompt:
            ("allocated_emissions_location_g_per_prompt", "gCO2e", { $0.fleetShare * $0.served.location * 1e6 / $0.prompts })
        }
    }

    public var key: String { definition.key }
    public var unit: String { definition.unit }

    /// The top-down figures exist only where the service gives a `fleet_share`.
    public var needsFleetShare: Bool { self == .allocatedEnergyWhPerPrompt || self == .allocatedEmissionsLocationGPerPrompt }

    public init?(key: String) {
        guard let m = Self.allCases.first(where: { $0.key == key }) else { return nil }
        self = m
    }
}

extension ServiceMetric {
    /// Every metric's `definition.value` from `sums`, in `allCases` order
    /// (for the engine: one call per service and period).
    static func values(_ sums: ServiceSums, into out: UnsafeMutablePointer<Double>) {
        for m in allCases { out[m.rawValue] = m.definition.value(sums) }
    }
}

/// A service's sums over a period (or the whole horizon).
public struct ServiceSums: Sendable {
    public var prompts = 0.0
    /// The service's facility energy (MWh): Σ prompts × energy per prompt.
    public var energyMWh = 0.0
    /// NaN where the service gives no `fleet_share`.
    public var fleetShare = Double.nan
    /// The served fleets' sums.
    public var served = FleetTotals()

    public init(fleetShare: Double = .nan) { self.fleetShare = fleetShare }

    public var whPerPrompt: Double { energyMWh * 1e6 / prompts }
}

/// Facility energy, emissions and water of a set of fleets.
public struct FleetTotals: Sendable {
    /// MWh, tCO2e (location, market, amortized embodied), m³.
    public var energyFacility = 0.0, location = 0.0, market = 0.0, embodied = 0.0, water = 0.0
    /// The inventory's gross emissions (tCO2e): Scope 1, Scope 2 and
    /// Scope 3 categories 1 to 3, with location-based Scope 2 and average-data
    /// category 1, or market-based Scope 2 and supplier-specific category 1.
    public var grossLocation = 0.0, grossMarket = 0.0

    public init(energyFacility: Double = 0, location: Double = 0, market: Double = 0, embodied: Double = 0, water: Double = 0,
                grossLocation: Double = 0, grossMarket: Double = 0) {
        self.energyFacility = energyFacility; self.location = location; self.market = market
        self.embodied = embodied; self.water = water
        self.grossLocation = grossLocation; self.grossMarket = grossMarket
    }

    mutating func add(_ o: FleetTotals) {
        energyFacility += o.energyFacility; location += o.location; market += o.market
        embodied += o.embodied; water += o.water
        grossLocation += o.grossLocation; grossMarket += o.grossMarket
    }
}

/// Economic and per-user intensities of the whole scenario, per period and
/// over the whole horizon, from its totals, revenue and user-years.
public enum DemandMetric: Int, Sendable, CaseIterable {
    case revenueUSD
    case userYears
    /// Electricity emissions (all modelled sites, location-based) +
    /// amortized embodied, per million dollars of revenue.
    case tco2ePerMUSDRevenueLocation
    /// The same with market-based electricity emissions.
    case tco2ePerMUSDRevenueMarket
    /// Location-based + amortized embodied per user-year.
    case kgco2ePerUserYear
    /// Facility energy per user-year.
    case kwhPerUserYear
    /// Gross Scope 1 + 2 + 3 per million dollars of net revenue (ESRS E1,
    /// disclosure E1-6, paragraph 53 and AR 53; Delegated Regulation (EU)
    /// 2023/2772): location-based Scope 2 and average-data category 1.
    case grossTCO2ePerMUSDRevenueLocation
    /// The same with market-based Scope 2 and supplier-specific category 1.
    case grossTCO2ePerMUSDRevenueMarket

    public var definition: (key: String, unit: String, value: @Sendable (DemandSums) -> Double) {
        switch self {
        case .revenueUSD: ("revenue_usd", "USD", { $0.revenueUSD })
        case .userYears: ("user_years", "user-years", { $0.userYears })
        case .tco2ePerMUSDRevenueLocation:
            ("tco2e_per_musd_revenue_location", "tCO2e/M$", { ($0.totals.location + $0.totals.embodied) / ($0.revenueUSD / 1e6) })
        case .tco2ePerMUSDRevenueMarket:
            ("tco2e_per_musd_revenue_market", "tCO2e/M$", { ($0.totals.market + $0.totals.embodied) / ($0.revenueUSD / 1e6) })
        case .kgco2ePerUserYear:
            ("kgco2e_per_user_year", "kgCO2e", { ($0.totals.location + $0.totals.embodied) * 1000 / $0.userYears })
        case .kwhPerUserYear: ("kwh_per_user_year", "kWh", { $0.totals.energyFacility * 1000 / $0.userYears })
        case .grossTCO2ePerMUSDRevenueLocation:
            ("gross_tco2e_per_musd_revenue_location", "tCO2e/M$", { $0.totals.grossLocation / ($0.revenueUSD / 1e6) })
        case .grossTCO2ePerMUSDRevenueMarket:
            ("gross_tco2e_per_musd_revenue_market", "tCO2e/M$", { $0.totals.grossMarket / ($0.revenueUSD / 1e6) })
        }
    }

    public var key: String { definition.key }
    public var unit: String { definition.unit }

    public init?(key: String) {
        guard let m = Self.allCases.first(where: { $0.key == key }) else { return nil }
        self = m
    }
}

extension DemandMetric {
    /// Every metric's `definition.value` from `sums`, in `allCases` order
    /// (for the engine: one call per period).
    static func values(_ sums: DemandSums, into out: UnsafeMutablePointer<Double>) {
        for m in allCases { out[m.rawValue] = m.definition.value(sums) }
    }
}

/// The scenario's revenue, user-years and totals over a period.
public struct DemandSums: Sendable {
    /// NaN where the scenario gives no revenue (no users).
    public var revenueUSD = Double.nan
    public var userYears = Double.nan
    public var totals = FleetTotals()

    public init(revenueUSD: Double = .nan, userYears: Double = .nan, totals: FleetTotals = FleetTotals()) {
        self.revenueUSD = revenueUSD; self.userYears = userYears; self.totals = totals
    }
}
