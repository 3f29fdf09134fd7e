/// The quantities the engine produces for every period, fleet and site.
/// Raw values are the keys of the JSON contract (DESIGN.md); keys may be
/// added, never renamed.
public enum Metric: Int, Sendable, CaseIterable {
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

    public var key: String {
        switch self {
        case .energyITMWh: "energy_it_mwh"
        case .energyFacilityMWh: "energy_facility_mwh"
        case .emissionsLocationTCO2e: "emissions_location_tco2e"
        case .emissionsMarketTCO2e: "emissions_market_tco2e"
        case .emissionsEmbodiedUpfrontTCO2e: "emissions_embodied_upfront_tco2e"
        case .emissionsEmbodiedAmortizedTCO2e: "emissions_embodied_amortized_tco2e"
        case .waterM3: "water_m3"
        case .peakFacilityPowerMW: "peak_facility_power_mw"
        case .acceleratorHours: "accelerator_hours"
        case .computeExaFLOP: "compute_exaflop"
        }
    }

    public init?(key: String) {
        guard let m = Metric.allCases.first(where: { $0.key == key }) else { return nil }
        self = m
    }

    /// Peak power is a maximum over steps; every other metric is a sum.
    public var isPeak: Bool { self == .peakFacilityPowerMW }
}

/// Intensity metrics, derived from a set of metric values.
public enum IntensityMetric: Int, Sendable, CaseIterable {
    /// (location-based + amortized embodied) kgCO2e per accelerator-hour.
    case kgPerAcceleratorHour
    /// Location-based kgCO2e per MWh of IT energy.
    case kgPerMWhIT
    /// (location-based + amortized embodied) kgCO2e per exaFLOP delivered.
    case kgPerExaFLOP

    public var key: String {
        switch self {
        case .kgPerAcceleratorHour: "kgco2e_per_accelerator_hour"
        case .kgPerMWhIT: "kgco2e_per_mwh_it"
        case .kgPerExaFLOP: "kgco2e_per_exaflop"
        }
    }

    /// The intensity from metric values (`value(m)`), or nil where the
    /// denominator is zero.
    public func compute(_ value: (Metric) -> Double) -> Double? {
        compute(location: value(.emissionsLocationTCO2e), amortized: value(.emissionsEmbodiedAmortizedTCO2e),
                acceleratorHours: value(.acceleratorHours), energyIT: value(.energyITMWh), exaflop: value(.computeExaFLOP))
    }

    /// The intensity from the metrics it uses, or nil where the denominator is zero.
    @inline(__always)
    func compute(location: Double, amortized: Double, acceleratorHours: Double, energyIT: Double, exaflop: Double) -> Double? {
        let carbon = (location + amortized) * 1000
        let denominator: Double
        let numerator: Double
        switch self {
        case .kgPerAcceleratorHour: numerator = carbon; denominator = acceleratorHours
        case .kgPerMWhIT: numerator = location * 1000; denominator = energyIT
        case .kgPerExaFLOP: numerator = carbon; denominator = exaflop
        }
        return denominator > 0 ? numerator / denominator : nil
    }
}

/// The metrics of one evaluation, for every scope (the whole scenario, each
/// fleet, each site) and every period plus the whole horizon.
///
/// Layout: `values[(scope · (periods + 1) + period) · M + metric]`, scope 0 =
/// total, 1…F = fleets, F+1…F+S = sites; period index `periods` = whole
/// horizon.
public struct Evaluation: Sendable {
    public let periodCount: Int
    public let fleetCount: Int
    public let siteCount: Int
    public internal(set) var values: [Double]

    public enum Scope: Sendable, Hashable {
        case total
        case fleet(Int)
        case site(Int)
    }

    static let metricCount = Metric.allCases.count

    init(periods: Int, fleets: Int, sites: Int) {
        periodCount = periods; fleetCount = fleets; siteCount = sites
        values = [Double](repeating: 0, count: (1 + fleets + sites) * (periods + 1) * Self.metricCount)
    }

    public var scopeCount: Int { 1 + fleetCount + siteCount }

    func scopeIndex(_ s: Scope) -> Int {
        switch s {
        case .total: 0
        case let .fleet(f): 1 + f
        case let .site(i): 1 + fleetCount + i
        }
    }

    @inline(__always)
    func offset(scope: Int, period: Int, metric: Int) -> Int {
        (scope * (periodCount + 1) + period) * Self.metricCount + metric
    }

    /// The value of `metric` for `scope` in `period` (nil: the whole horizon).
    public func value(_ metric: Metric, _ scope: Scope = .total, period: Int? = nil) -> Double {
        values[offset(scope: scopeIndex(scope), period: period ?? periodCount, metric: metric.rawValue)]
    }
}
