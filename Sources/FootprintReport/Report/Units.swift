import FootprintModel

/// Human units for report quantities: the scale is chosen from the largest
/// value to show, so a column or a sentence uses one unit throughout.
public struct DisplayUnit: Sendable {
    public let scale: Double
    public let name: String

    public func format(_ x: Double, significant: Int = 3) -> String { HumanNumber.format(x * scale, significant: significant) }

    public static func energy(_ maxMWh: Double) -> DisplayUnit {
        maxMWh >= 1e6 ? .init(scale: 1e-6, name: "TWh") : maxMWh >= 1e3 ? .init(scale: 1e-3, name: "GWh") : .init(scale: 1, name: "MWh")
    }

    public static func power(_ maxMW: Double) -> DisplayUnit {
        maxMW >= 1e3 ? .init(scale: 1e-3, name: "GW") : maxMW >= 1 ? .init(scale: 1, name: "MW") : .init(scale: 1e3, name: "kW")
    }

    public static func carbon(_ maxT: Double) -> DisplayUnit {
        maxT >= 1e6 ? .init(scale: 1e-6, name: "MtCO2e") : maxT >= 1e3 ? .init(scale: 1e-3, name: "ktCO2e") : .init(scale: 1, name: "tCO2e")
    }

    public static func water(_ maxM3: Double) -> DisplayUnit {
        maxM3 >= 1e6 ? .init(scale: 1e-6, name: "million m³") : maxM3 >= 1e4 ? .init(scale: 1e-3, name: "thousand m³") : .init(scale: 1, name: "m³")
    }

    public static func count(_ max: Double, _ noun: String) -> DisplayUnit {
        max >= 1e9 ? .init(scale: 1e-9, name: "billion \(noun)") : max >= 1e6 ? .init(scale: 1e-6, name: "million \(noun)")
            : max >= 1e3 ? .init(scale: 1e-3, name: "thousand \(noun)") : .init(scale: 1, name: noun)
    }

    /// The unit for a metric's values up to `maximum`.
    /// (From the metric's unit, so a new metric needs no entry here.)
    public static func of(_ m: Metric, maximum: Double) -> DisplayUnit { of(unit: m.unit, maximum: maximum) }

    /// The unit for values up to `maximum` of a quantity in `unit`.
    public static func of(unit: String, maximum: Double) -> DisplayUnit {
        switch unit {
        case "MWh": energy(maximum)
        case "MW": power(maximum)
        case "tCO2e": carbon(maximum)
        case "m³": water(maximum)
        case "h": count(maximum, "acc.-hours")
        case "EFLOP": count(maximum, "exaFLOP")
        case "t": maximum >= 1e6 ? .init(scale: 1e-6, name: "Mt") : maximum >= 1e3 ? .init(scale: 1e-3, name: "kt") : .init(scale: 1, name: "t")
        case "MMBtu": maximum >= 1e6 ? .init(scale: 1e-6, name: "million MMBtu") : maximum >= 1e3 ? .init(scale: 1e-3, name: "thousand MMBtu") : .init(scale: 1, name: "MMBtu")
        default: .init(scale: 1, name: unit)
        }
    }
}

extension MetricSelector {
    /// How the report names what it measures (a metric's label, else its key).
    public var label: String {
        switch target {
        case let .metric(m): m.label
        default: description
        }
    }
}

extension Metric {
    /// A column heading.
    public var shortLabel: String {
        switch self {
        case .energyITMWh: "IT energy"
        case .energyFacilityMWh: "Facility energy"
        case .emissionsLocationTCO2e: "Electricity, location"
        case .emissionsMarketTCO2e: "Electricity, market"
        case .emissionsMarketHourlyTCO2e: "Electricity, market hourly"
        case .emissionsUpstreamTCO2e: "Upstream of electricity"
        case .energyCFEAnnualMWh: "CFE, annual"
        case .energyCFEHourlyMWh: "CFE, hourly"
        case .emissionsEmbodiedUpfrontTCO2e: "Embodied upfront"
        case .emissionsEmbodiedAmortizedTCO2e: "Embodied amortized"
        case .waterM3: "Water"
        case .waterOnsiteM3: "Water on-site"
        case .waterOffsiteM3: "Water off-site"
        case .peakFacilityPowerMW: "Highest average power"
        case .acceleratorHours: "Accelerator-hours"
        case .computeExaFLOP: "Compute"
        case .emissionsScope2LocationTCO2e: "Scope 2 location, inventory"
        case .emissionsScope2MarketTCO2e: "Scope 2 market, inventory"
        case .emissionsScope2MarketHourlyTCO2e: "Scope 2 market hourly, inventory"
        case .emissionsScope3Cat1ElectricityTCO2e: "Cat. 1 cloud electricity"
        case .emissionsScope3Cat1ElectricitySupplierTCO2e: "Cat. 1 cloud electricity, supplier"
        case .emissionsScope3Cat1EmbodiedTCO2e: "Cat. 1 cloud hardware"
        case .emissionsScope3Cat1TCO2e: "Scope 3 cat. 1"
        case .emissionsScope3Cat1SupplierTCO2e: "Scope 3 cat. 1, supplier"
        case .emissionsScope3Cat2TCO2e: "Scope 3 cat. 2"
        case .emissionsScope3Cat3TCO2e: "Scope 3 cat. 3"
        case .powerCapacityMW: "Power capacity"
        case .energyGeneratedOnsiteMWh: "Generated on site"
        case .energyGridMWh: "From the grid"
        case .fuelMMBtu: "Fuel"
        case .emissionsScope1CO2T: "Scope 1 CO2"
        case .emissionsScope1CH4T: "Scope 1 CH4"
        case .emissionsScope1N2OT: "Scope 1 N2O"
        case .emissionsNOxT: "NOx"
        case .emissionsScope1TCO2e: "Scope 1"
        case .emissionsScope3Cat1GenerationTCO2e: "Cat. 1 provider's generation"
        case .emissionsScope1RefrigerantsTCO2e: "Scope 1 refrigerants"
        case .energyScope2ContractedMWh: "Contracted electricity"
        case .energyScope2ResidualMixMWh: "Electricity at residual mix"
        case .emissionsScope3TCO2e: "Scope 3"
        case .emissionsGrossLocationTCO2e: "Gross, location"
        case .emissionsGrossMarketTCO2e: "Gross, market"
        }
    }

    /// How the report names the metric.
    public var label: String {
        switch self {
        case .energyITMWh: "IT energy"
        case .energyFacilityMWh: "Facility energy"
        case .emissionsLocationTCO2e: "Electricity emissions, location-based (every site, whatever the boundary)"
        case .emissionsMarketTCO2e: "Electricity emissions, market-based (annual matching, 2015 Guidance; every site)"
        case .emissionsMarketHourlyTCO2e: "Electricity emissions, market-based (hourly matching, 2025 draft; every site)"
        case .emissionsUpstreamTCO2e: "Upstream of electricity (well-to-tank and grid losses; every site)"
        case .energyCFEAnnualMWh: "Carbon-free energy matched annually"
        case .energyCFEHourlyMWh: "Carbon-free energy matched hourly"
        case .emissionsEmbodiedUpfrontTCO2e: "Embodied carbon, upfront (all hardware)"
        case .emissionsEmbodiedAmortizedTCO2e: "Embodied, amortized over use"
        case .waterM3: "Water (on-site + generation)"
        case .waterOnsiteM3: "Water on-site (WUE × IT energy)"
        case .waterOffsiteM3: "Water of generation (off-site)"
        case .peakFacilityPowerMW: "Highest step-average facility power"
        case .acceleratorHours: "Accelerator-hours"
        case .computeExaFLOP: "Compute (peak FLOP/s × time utilization × FLOP utilization where given)"
        case .emissionsScope2LocationTCO2e: "Scope 2, location-based (sites the company operates)"
        case .emissionsScope2MarketTCO2e: "Scope 2, market-based (sites the company operates; annual matching)"
        case .emissionsScope2MarketHourlyTCO2e: "Scope 2, market-based (sites the company operates; hourly matching)"
        case .emissionsScope3Cat1ElectricityTCO2e: "Scope 3 cat. 1: rented capacity's electricity (average data)"
        case .emissionsScope3Cat1ElectricitySupplierTCO2e: "Scope 3 cat. 1: rented capacity's electricity (provider's market-based figure)"
        case .emissionsScope3Cat1EmbodiedTCO2e: "Scope 3 cat. 1: rented hardware, amortized over use"
        case .emissionsScope3Cat1TCO2e: "Scope 3 cat. 1, purchased services (average data)"
        case .emissionsScope3Cat1SupplierTCO2e: "Scope 3 cat. 1, purchased services (supplier-specific)"
        case .emissionsScope3Cat2TCO2e: "Scope 3 cat. 2, capital goods (hardware of operated sites, upfront)"
        case .emissionsScope3Cat3TCO2e: "Scope 3 cat. 3, upstream of purchased electricity and of fuel burned on site"
        case .powerCapacityMW: "Power capacity (installed hardware at full load × PUE)"
        case .energyGeneratedOnsiteMWh: "Electricity generated on site"
        case .energyGridMWh: "Electricity drawn from the grid"
        case .fuelMMBtu: "Fuel burned on site (HHV)"
        case .emissionsScope1CO2T: "Scope 1 CO2 (mass)"
        case .emissionsScope1CH4T: "Scope 1 CH4 (mass)"
        case .emissionsScope1N2OT: "Scope 1 N2O (mass)"
        case .emissionsNOxT: "NOx from on-site generation (as NO2)"
        case .emissionsScope1TCO2e: "Scope 1, on-site combustion and refrigerant leaks (sites the company operates)"
        case .emissionsScope3Cat1GenerationTCO2e: "Scope 3 cat. 1: the provider's on-site generation for rented capacity"
        case .emissionsScope1RefrigerantsTCO2e: "Scope 1: refrigerant leaks of the sites' cooling (charge × leak rate × GWP)"
        case .energyScope2ContractedMWh: "Purchased electricity covered by contracts (sites the company operates; annual matching)"
        case .energyScope2ResidualMixMWh: "Purchased electricity counted at the residual mix (sites the company operates; annual matching)"
        case .emissionsScope3TCO2e: "Scope 3, categories 1 (average data), 2 and 3"
        case .emissionsGrossLocationTCO2e: "Gross Scope 1 + 2 + 3, location-based"
        case .emissionsGrossMarketTCO2e: "Gross Scope 1 + 2 + 3, market-based (category 1 at the provider's market-based figure)"
        }
    }
}
