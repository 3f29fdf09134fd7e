/// The quantities the engine produces for every period, fleet and site.
///
/// Each metric is defined once, in `definition`: its key (the JSON and CSV
/// name; keys may be added, never renamed), its unit, and its formula —
/// how it follows from a fleet's sums over a period. The step-by-step
/// path, the closed form, the always-zero analysis, Monte Carlo and every
/// export read that definition; adding a metric is a case here and its
/// entry in `definition` (and a label in the report).
public enum Metric: Int, Sendable, CaseIterable, BitwiseCopyable {
    case energyITMWh
    case energyFacilityMWh
    case emissionsLocationTCO2e
    case emissionsMarketTCO2e
    case emissionsEmbodiedUpfrontTCO2e
    case emissionsEmbodiedAmortizedTCO2e
    case waterM3
    case peakFacilityPowerMW
    case acceleratorHours
    /// Delivered compute, 10¹⁸ FLOP: busy accelerator-hours × peak FLOP/s.
    case computeExaFLOP
    case emissionsMarketHourlyTCO2e
    case emissionsUpstreamTCO2e
    case energyCFEAnnualMWh
    case energyCFEHourlyMWh
    case waterOnsiteM3
    case waterOffsiteM3
    // The inventory: the physical quantities above, as the company counts
    // them in each scope (a site's `control`, the scenario's
    // `consolidation` and `equity_share`).
    case emissionsScope2LocationTCO2e
    case emissionsScope2MarketTCO2e
    case emissionsScope2MarketHourlyTCO2e
    case emissionsScope3Cat1ElectricityTCO2e
    case emissionsScope3Cat1ElectricitySupplierTCO2e
    case emissionsScope3Cat1EmbodiedTCO2e
    case emissionsScope3Cat1TCO2e
    case emissionsScope3Cat1SupplierTCO2e
    case emissionsScope3Cat2TCO2e
    case emissionsScope3Cat3TCO2e
    /// The facility draw of the installed hardware at full load: the
    /// figure a utility is asked for.
    case powerCapacityMW
    // On-site generation: what it serves and burns, and what it emits.
    case energyGeneratedOnsiteMWh
    case energyGridMWh
    case fuelMMBtu
    case emissionsScope1CO2T
    case emissionsScope1CH4T
    case emissionsScope1N2OT
    case emissionsNOxT
    case emissionsScope1TCO2e
    case emissionsScope3Cat1GenerationTCO2e
    /// Refrigerant leaks of the sites' cooling: a site's, never a fleet's.
    case emissionsScope1RefrigerantsTCO2e
    /// The company's purchased electricity (Scope 2 sites, at its share)
    /// that contracts cover, and that is counted at the residual mix,
    /// under the 2015 rule (annual matching).
    case energyScope2ContractedMWh
    case energyScope2ResidualMixMWh
    /// Scope 3 categories 1 (average data), 2 and 3; gross Scope 1 + 2 + 3,
    /// location- and market-based (ESRS E1-6's totals).
    case emissionsScope3TCO2e
    case emissionsGrossLocationTCO2e
    case emissionsGrossMarketTCO2e

    /// The one definition of each metric.
    ///
    /// `.energy` metrics are Σ over steps of IT energy × a rate per MWh of
    /// IT energy that the site's values fix (`SiteValues`); the rate has a
    /// flat part, a part scaled by the grid trajectory g(t), and a part
    /// scaled by g(t)·π(t) (π: the grid's hourly profile), each a product
    /// of site values (`[]`: 1; omitted: 0).
    public var definition: MetricDefinition {
        switch self {
        case .energyITMWh:
            .init("energy_it_mwh", "MWh", .energy(flat: []))
        case .energyFacilityMWh:
            .init("energy_facility_mwh", "MWh", .energy(flat: [.pue]))
        case .emissionsLocationTCO2e:
            .init("emissions_location_tco2e", "tCO2e", .energy(shaped: [.pueGrid, .intensity]))
        case .emissionsMarketTCO2e:
            // 2015 Scope 2 Guidance: instruments matched over the year.
            .init("emissions_market_tco2e", "tCO2e",
                  .energy(flat: [.pueGrid, .annualContracted], trajectory: [.pueGrid, .annualUncovered]))
        case .emissionsEmbodiedUpfrontTCO2e:
            .init("emissions_embodied_upfront_tco2e", "tCO2e", .perArrival(.upfrontEmbodiedT))
        case .emissionsEmbodiedAmortizedTCO2e:
            .init("emissions_embodied_amortized_tco2e", "tCO2e", .perUnitHour(.amortizedEmbodiedT))
        case .waterM3:
            .init("water_m3", "m³", .sum([.waterOnsiteM3, .waterOffsiteM3]))
        case .peakFacilityPowerMW:
            // The highest average over a step (a month at monthly resolution), not an instantaneous peak.
            .init("peak_facility_power_mw", "MW", .peak(of: .energyFacilityMWh))
        case .acceleratorHours:
            .init("accelerator_hours", "h", .perUnitHour(.one))
        case .computeExaFLOP:
            .init("compute_exaflop", "EFLOP", .perUnitHour(.exaflop))
        case .emissionsMarketHourlyTCO2e:
            // October 2025 consultation draft: instruments count in the hour they are generated.
            .init("emissions_market_hourly_tco2e", "tCO2e",
                  .energy(flat: [.pueGrid, .hourlyContracted], trajectory: [.pueGrid, .hourlyUncovered]))
        case .emissionsUpstreamTCO2e:
            // Scope 3 category 3: well-to-tank and T&D losses per kWh consumed.
            .init("emissions_upstream_tco2e", "tCO2e", .energy(trajectory: [.pueGrid, .upstream]))
        case .energyCFEAnnualMWh:
            // Carbon-free contract energy matched under each rule.
            .init("energy_cfe_annual_mwh", "MWh", .energy(flat: [.pueGrid, .annualCarbonFree]))
        case .energyCFEHourlyMWh:
            .init("energy_cfe_hourly_mwh", "MWh", .energy(flat: [.pueGrid, .hourlyCarbonFree]))
        case .waterOnsiteM3:
            // WUE × IT energy.
            .init("water_onsite_m3", "m³", .energy(flat: [.wue]))
        case .waterOffsiteM3:
            // The grid's water of generation × the facility energy drawn from the grid.
            .init("water_offsite_m3", "m³", .energy(flat: [.pueGrid, .gridWater]))
        case .emissionsScope2LocationTCO2e:
            // Purchased electricity of the sites the company operates.
            // (and a supplier's on-site units, bought over a direct line: their rate under both methods)
            .init("emissions_scope2_location_tco2e", "tCO2e", .energy(flat: [.pue, .supplierOperated], shaped: [.pueOperated, .intensity]))
        case .emissionsScope2MarketTCO2e:
            .init("emissions_scope2_market_tco2e", "tCO2e",
                  .energy(flat: [.annualMarketFlatOperated], trajectory: [.pueOperated, .annualUncovered]))
        case .emissionsScope2MarketHourlyTCO2e:
            .init("emissions_scope2_market_hourly_tco2e", "tCO2e",
                  .energy(flat: [.hourlyMarketFlatOperated], trajectory: [.pueOperated, .hourlyUncovered]))
        case .emissionsScope3Cat1ElectricityTCO2e:
            // Rented capacity's electricity, on average (location-based) data.
            .init("emissions_scope3_cat1_electricity_tco2e", "tCO2e", .energy(shaped: [.pueRented, .intensity]))
        case .emissionsScope3Cat1ElectricitySupplierTCO2e:
            // The same electricity at the provider's market-based figure, with its contracts.
            .init("emissions_scope3_cat1_electricity_supplier_tco2e", "tCO2e",
                  .energy(flat: [.pueRented, .annualContracted], trajectory: [.pueRented, .annualUncovered]))
        case .emissionsScope3Cat1EmbodiedTCO2e:
            // Rented hardware's embodied carbon, amortized over its use.
            .init("emissions_scope3_cat1_embodied_tco2e", "tCO2e", .perUnitHour(.amortizedRentedT))
        case .emissionsScope3Cat1TCO2e:
            .init("emissions_scope3_cat1_tco2e", "tCO2e",
                  .sum([.emissionsScope3Cat1ElectricityTCO2e, .emissionsScope3Cat1EmbodiedTCO2e, .emissionsScope3Cat1GenerationTCO2e]))
        case .emissionsScope3Cat1SupplierTCO2e:
            .init("emissions_scope3_cat1_supplier_tco2e", "tCO2e",
                  .sum([.emissionsScope3Cat1ElectricitySupplierTCO2e, .emissionsScope3Cat1EmbodiedTCO2e, .emissionsScope3Cat1GenerationTCO2e]))
        case .emissionsScope3Cat2TCO2e:
            // Hardware bought for the sites the company operates, upfront.
            .init("emissions_scope3_cat2_tco2e", "tCO2e", .perArrival(.upfrontOperatedT))
        case .emissionsScope3Cat3TCO2e:
            // Upstream of the electricity the company buys for its sites, and
            // of the fuel it burns there.
            .init("emissions_scope3_cat3_tco2e", "tCO2e", .energy(flat: [.pue, .fuelUpstreamOperated], trajectory: [.pueOperated, .upstream]))
        case .powerCapacityMW:
            // Installed units × (TDP + host + network) × PUE, the largest in the period.
            .init("power_capacity_mw", "MW", .peak(of: .energyFacilityMWh, perUnit: .fullPowerMW))
        case .energyGeneratedOnsiteMWh:
            .init("energy_generated_onsite_mwh", "MWh", .energy(flat: [.pue, .onsiteShare]))
        case .energyGridMWh:
            .init("energy_grid_mwh", "MWh", .energy(flat: [.pueGrid]))
        case .fuelMMBtu:
            .init("fuel_mmbtu", "MMBtu", .energy(flat: [.pue, .fuelRate]))
        case .emissionsScope1CO2T:
            .init("emissions_scope1_co2_t", "t", .energy(flat: [.pue, .co2Operated]))
        case .emissionsScope1CH4T:
            .init("emissions_scope1_ch4_t", "t", .energy(flat: [.pue, .ch4Operated]))
        case .emissionsScope1N2OT:
            .init("emissions_scope1_n2o_t", "t", .energy(flat: [.pue, .n2oOperated]))
        case .emissionsNOxT:
            .init("emissions_nox_t", "t", .energy(flat: [.pue, .noxRate]))
        case .emissionsScope1TCO2e:
            // CO2 + CH4 × GWP + N2O × GWP of on-site combustion at operated sites.
            .init("emissions_scope1_tco2e", "tCO2e", .energy(flat: [.pue, .scope1Operated]))
        case .emissionsScope3Cat1GenerationTCO2e:
            // A provider's on-site generation for rented capacity: its combustion and fuel upstream.
            .init("emissions_scope3_cat1_generation_tco2e", "tCO2e", .energy(flat: [.pue, .generationRented]))
        case .emissionsScope1RefrigerantsTCO2e:
            // Charge × leak rate × GWP a year at each operated site, while it
            // has hardware installed; also counted in emissions_scope1_tco2e.
            .init("emissions_scope1_refrigerants_tco2e", "tCO2e", .site)
        case .energyScope2ContractedMWh:
            .init("energy_scope2_contracted_mwh", "MWh", .energy(flat: [.pueOperated, .annualCoveredShare]))
        case .energyScope2ResidualMixMWh:
            .init("energy_scope2_residual_mix_mwh", "MWh", .energy(flat: [.pueOperated, .annualResidualShare]))
        case .emissionsScope3TCO2e:
            .init("emissions_scope3_tco2e", "tCO2e", .sum([.emissionsScope3Cat1TCO2e, .emissionsScope3Cat2TCO2e, .emissionsScope3Cat3TCO2e]))
        case .emissionsGrossLocationTCO2e:
            .init("emissions_gross_location_tco2e", "tCO2e",
                  .sum([.emissionsScope1TCO2e, .emissionsScope2LocationTCO2e, .emissionsScope3Cat1TCO2e, .emissionsScope3Cat2TCO2e, .emissionsScope3Cat3TCO2e]))
        case .emissionsGrossMarketTCO2e:
            // Category 1 at the provider's market-based figure, as Scope 2.
            .init("emissions_gross_market_tco2e", "tCO2e",
                  .sum([.emissionsScope1TCO2e, .emissionsScope2MarketTCO2e, .emissionsScope3Cat1SupplierTCO2e, .emissionsScope3Cat2TCO2e, .emissionsScope3Cat3TCO2e]))
        }
    }

    public var key: String { definition.key }
    public var unit: String { definition.unit }

    public init?(key: String) {
        guard let m = Metric.allCases.first(where: { $0.key == key }) else { return nil }
        self = m
    }

    /// Peak power is a maximum over steps; every other metric is a sum.
    public var isPeak: Bool { if case .peak = definition.formula { true } else { false } }
}

/// A metric's key, unit and formula.
public struct MetricDefinition: Sendable {
    public let key: String
    public let unit: String
    public let formula: Formula

    init(_ key: String, _ unit: String, _ formula: Formula) {
        self.key = key; self.unit = unit; self.formula = formula
    }

    /// How a metric follows from a fleet's sums over a period.
    public enum Formula: Sendable {
        /// Σ_t E_IT(t) · rate(t): the site's values give the rate per MWh of
        /// IT energy, `flat + trajectory·g(t) + shaped·g(t)·π(t)`, each part
        /// the product of the listed site values, left to right (`[]`: 1;
        /// nil: 0). Products rather than closures, so that the engine
        /// evaluates every metric's rate from a table, without a call.
        case energy(flat: [SiteValues.Field]? = nil, trajectory: [SiteValues.Field]? = nil, shaped: [SiteValues.Field]? = nil)
        /// Installed unit-hours × a per-unit-hour figure of the fleet's draw.
        case perUnitHour(FleetDraw.Field)
        /// Units arriving × a per-unit figure of the fleet's draw.
        case perArrival(FleetDraw.Field)
        /// The maximum over steps of an energy metric's rate per unit-hour
        /// × installed units × a per-unit power of the fleet's draw (MW):
        /// its drawn power (the energy metric's rate of flow, MWh/h) or its
        /// power at full load.
        case peak(of: Metric, perUnit: FleetDraw.Field = .powerMW)
        /// The sum of other (non-peak) metrics.
        case sum([Metric])
        /// A site's own emissions, not any fleet's (refrigerant leaks):
        /// zero in a fleet's row, added to its site's and the total's
        /// (`RefrigerantPlan`).
        case site
    }
}

/// A metric's rate per MWh of IT energy at one step:
/// `flat + trajectory · g(t) + shaped · g(t) · π(t)`.
public struct Rate: Sendable, Equatable, BitwiseCopyable {
    public var flat: Double
    public var trajectory: Double
    public var shaped: Double

    public init(flat: Double = 0, trajectory: Double = 0, shaped: Double = 0) {
        self.flat = flat; self.trajectory = trajectory; self.shaped = shaped
    }

    /// The rate at a step with trajectory `g` and hourly-profile factor `pi`.
    @inline(__always)
    func at(g: Double, pi: Double) -> Double { flat + trajectory * g + shaped * g * pi }
}

/// Intensity metrics, derived from a set of metric values.
public enum IntensityMetric: Int, Sendable, CaseIterable {
    /// (location-based + amortized embodied) kgCO2e per accelerator-hour.
    case kgPerAcceleratorHour
    /// Location-based kgCO2e per MWh of IT energy.
    case kgPerMWhIT
    /// (location-based + amortized embodied) kgCO2e per exaFLOP delivered.
    case kgPerExaFLOP
    /// Carbon-free contract energy matched over each year ÷ facility energy.
    case cfeAnnualFraction
    /// Carbon-free contract energy matched hour by hour ÷ facility energy.
    case cfeHourlyFraction

    public var key: String {
        switch self {
        case .kgPerAcceleratorHour: "kgco2e_per_accelerator_hour"
        case .kgPerMWhIT: "kgco2e_per_mwh_it"
        case .kgPerExaFLOP: "kgco2e_per_exaflop"
        case .cfeAnnualFraction: "cfe_annual_fraction"
        case .cfeHourlyFraction: "cfe_hourly_fraction"
        }
    }

    /// The intensity from metric values (`value(m)`), or nil where the
    /// denominator is zero.
    @inline(__always)
    public func compute(_ value: (Metric) -> Double) -> Double? {
        let numerator: Double, denominator: Double
        switch self {
        case .kgPerAcceleratorHour:
            numerator = (value(.emissionsLocationTCO2e) + value(.emissionsEmbodiedAmortizedTCO2e)) * 1000
            denominator = value(.acceleratorHours)
        case .kgPerMWhIT:
            numerator = value(.emissionsLocationTCO2e) * 1000
            denominator = value(.energyITMWh)
        case .kgPerExaFLOP:
            numerator = (value(.emissionsLocationTCO2e) + value(.emissionsEmbodiedAmortizedTCO2e)) * 1000
            denominator = value(.computeExaFLOP)
        case .cfeAnnualFraction:
            numerator = value(.energyCFEAnnualMWh)
            denominator = value(.energyFacilityMWh)
        case .cfeHourlyFraction:
            numerator = value(.energyCFEHourlyMWh)
            denominator = value(.energyFacilityMWh)
        }
        return denominator > 0 ? numerator / denominator : nil
    }
}
