import Foundation
/// A validated scenario: every value unit-explicit, every reference
/// resolved. Built only by `ScenarioLoader`; the engine reads nothing else.
public struct Scenario: Sendable {
    public enum Resolution: String, Sendable, CaseIterable {
        case year, month, day, hour
    }

    public var name: String
    public var description: String
    /// First day of the horizon (inclusive).
    public var start: CalendarDate
    /// Day the horizon ends (exclusive).
    public var end: CalendarDate
    public var resolution: Resolution
    public var samples: Int
    public var seed: UInt64
    public var sites: [Site]
    public var fleets: [Fleet]
    /// The model file, as given.
    public var file: String
    /// SHA-256 of the model file's bytes, lowercase hex.
    public var sha256: String
    /// `--set` overrides applied, in order (`PATH=VALUE`).
    public var overrides: [String]
}

/// An electricity grid: average intensity, and what the market-based method
/// and the water account need.
public struct Grid: Sendable {
    /// The catalog key, or nil for an inline block.
    public var key: String?
    public var name: String
    public var intensity: Quantity
    public var year: Int?
    public var residualMix: Quantity?
    public var water: Quantity?
    /// What `intensity` and `residualMix` cover: combustion only (the Scope 2
    /// basis) or the whole life cycle; nil when the source does not say.
    public var basis: GridBasis? = nil
    /// `upstream_kg_per_kwh`: the fuels' well-to-tank emissions and the
    /// transmission and distribution losses per kWh consumed (GHG Protocol
    /// Scope 3 category 3); nil when not given (counted as 0).
    public var upstream: Quantity? = nil
    /// `hourly_profile`: the intensity of each hour of the year relative to
    /// the average (8,760 values, normalized here to a mean of 1).
    public var hourlyProfile: HourlyProfile?
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
    /// The largest profile file read: 8,760 lines of up to 470 bytes.
    public static let maximumBytes = 4 << 20
    /// The file as written in the model, and as read.
    public let path: String
    /// A grid's profile: normalized to a mean of exactly 1 over the 8,760
    /// hours. A supply profile: the capacity factors as written (0 to 1).
    public let values: [Double]

    /// Reads a grid's profile of intensities relative to the average and
    /// normalizes it to a mean of 1.
    static func load(_ file: String, at position: FilePosition, key: String, diag: Diagnostics) -> HourlyProfile? {
        let what = "relative to the year's average"
        guard let values = readValues(file, at: position, key: key, diag: diag, what: what, atMostOne: false) else { return nil }
        let mean = values.reduce(0, +) / Double(hours)
        guard mean > 0 else {
            diag.add(position, key, "the hourly profile '\(file)' is zero everywhere; give relative intensities with a positive mean")
            return nil
        }
        return HourlyProfile(path: file, values: values.map { $0 / mean })
    }

    /// Reads a contract's supply profile: each hour's output as a fraction
    /// of the contracted capacity (a capacity factor, 0 to 1).
    static func loadCapacityFactors(_ file: String, at position: FilePosition, key: String, diag: Diagnostics) -> HourlyProfile? {
        let what = "the hour's output as a fraction of capacity_mw"
        guard let values = readValues(file, at: position, key: key, diag: diag, what: what, atMostOne: true) else { return nil }
        return HourlyProfile(path: file, values: values)
    }

    /// One non-negative number per line (a first line that is not a number
    /// is a header; blank lines are skipped), at most 1 if `atMostOne`; exactly
    /// 8,760 of them.
    private static func readValues(_ file: String, at position: FilePosition, key: String, diag: Diagnostics,
                                   what: String, atMostOne: Bool) -> [Double]? {
        // Refused before reading: a profile is 8,760 short lines, so a
        // file of millions of rows is a mistake that must not fill memory.
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > maximumBytes {
            diag.add(position, key, "the hourly profile '\(file)' is \(grouped(size)) bytes; a profile holds 8,760 values, "
                     + "one per line (at most \(grouped(maximumBytes)) bytes): give one year of hourly values")
            return nil
        }
        // An empty file is read as empty text without Foundation, whose
        // String(contentsOfFile:) leaks 8 KiB on empty files (LeakSanitizer,
        // found by make fuzz; swift-corelibs 6.3.1).
        let isEmpty = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) == 0
        guard let text = isEmpty ? "" : try? String(contentsOfFile: file, encoding: .utf8) else {
            diag.add(position, key, "cannot read the hourly profile '\(file)': give a CSV file of \(hours) values, one per line, \(what)")
            return nil
        }
        var values: [Double] = []
        values.reserveCapacity(hours)
        var bad = 0
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            guard let x = Double(line), x.isFinite, x >= 0, (!atMostOne || x <= 1) else {
                if i == 0 && Double(line) == nil { continue }  // a header
                if bad < 5 {
                    let allowed = atMostOne ? "a number from 0 to 1" : "a non-negative number"
                    diag.add(FilePosition(file: file, line: i + 1, column: 1), key,
                             "expected \(allowed) (\(what)), found '\(line.prefix(40))'")
                }
                bad += 1
                continue
            }
            values.append(x)
        }
        if bad > 0 { return nil }
        guard values.count == hours else {
            diag.add(position, key, "the hourly profile '\(file)' has \(values.count) values; expected \(hours), one per hour of a 365-day year")
            return nil
        }
        return values
    }
}

/// A market-based instrument at the contract's intensity: either a share of
/// the site's consumption, or an hourly supply — `capacity_mw` times an
/// hourly capacity factor — matched to consumption hour by hour.
public struct Contract: Sendable {
    public var kind: String
    public var share: SeriesInput?
    /// With `supply`: the contracted capacity in MW (by year, if a series).
    public var capacityMW: SeriesInput?
    /// Capacity factors per hour of the year.
    public var supply: HourlyProfile?
    public var intensity: Quantity
    /// A share contract that delivers its share in every hour (it counts
    /// under hourly matching too).
    public var hourly: Bool = false
    /// An existing share contract that the October 2025 draft would
    /// grandfather: counted annually under hourly matching as well.
    public var legacy: Bool = false
}

public struct Site: Sendable {
    public var name: String
    public var grid: Grid
    public var pue: SeriesInput
    /// On-site water per kWh of IT energy.
    public var wue: SeriesInput?
    /// Multiplier on the grid's intensity (and residual mix) over time.
    public var gridTrajectory: SeriesInput?
    public var contracts: [Contract]
    /// Overrides the grid's residual mix.
    public var residualMix: Quantity?
    /// Embodied carbon of building the facility, per MW of IT capacity.
    public var constructionKgPerMW: Quantity?
    /// Years over which construction carbon is amortized.
    public var facilityLifeYears: Quantity?
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

    var unit: String {
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

    var bounds: Bounds {
        switch self {
        case .serviceUtilization: Bounds(lower: .leastNonzeroMagnitude, upper: 1, rule: "greater than 0 and at most 1")
        case .powerExponent, .serviceLifeYears, .usdPerUnit, .usdPerAcceleratorHour: .positive
        default: .nonNegative
        }
    }
}

public struct Accelerator: Sendable {
    /// The catalog key, or nil for an inline block.
    public var key: String?
    public var name: String
    /// Precision of `peak_tflops` (e.g. `bf16-dense`).
    public var precision: String?
    public var fields: [AcceleratorField: Quantity]

    public subscript(field: AcceleratorField) -> Quantity? { fields[field] }
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
        public var start: CalendarDate
        public var end: CalendarDate
        public var isInstant: Bool { start == end }
    }

    public var amount: Amount
    public var arrival: Arrival
    public var position: FilePosition
    public var path: String
}

public struct Fleet: Sendable {
    public var name: String
    public var accelerator: Accelerator
    public var siteIndex: Int
    /// Busy share of installed hours; required unless `avgPowerW` is given.
    public var utilization: Quantity?
    /// Measured average power per accelerator, replacing the power curve and
    /// the host and network shares.
    public var avgPowerW: Quantity?
    public var lifetime: Lifetime?
    /// The lifetime as written, with its source (for the assumptions list).
    public var lifetimeInput: Quantity?
    /// Yearly fall of the all-in cost per unit, for capex deployments.
    public var costDeclinePerYear: Quantity?
    /// The year in which `usd_per_unit` holds.
    public var costBaseYear: Int
    public var deployments: [Deployment]
}
