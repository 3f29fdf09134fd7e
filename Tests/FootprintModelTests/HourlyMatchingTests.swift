import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel

/// Contracts whose supply — capacity_mw × an hourly capacity factor — is
/// matched to the site's consumption under both market-based rules: hour by
/// hour (`emissions_market_hourly_tco2e`, the October 2025 draft) and over
/// each calendar year (`emissions_market_tco2e`, the 2015 Guidance).
///
/// The fleet: 1,000 units at 650 W (100 + 600·0.5 + 250) and PUE 1.2, so a
/// flat facility load of P = 0.78 MW and E = 0.78 × 8,760 = 6,832.8 MWh in
/// 2026. The grid is 0.4 kg/kWh with no residual mix (the average stands in).
@Suite struct HourlyMatchingTests {
    static let load = 0.78
    static let energy = 0.78 * 8760

    /// Capacity factor 1 in the first 4,380 hours of the year, 0 after.
    static func firstHalf() throws -> String {
        try HourlyProfileTests.profileFile(Array(repeating: "1", count: 4380) + Array(repeating: "0", count: 4380))
    }

    static func always() throws -> String {
        try HourlyProfileTests.profileFile(Array(repeating: "1", count: 8760))
    }

    static func model(contracts: [String], resolution: String = "month", fleets: Int = 1) -> String {
        let fleetBlocks = (1...fleets).map { i in
            """
              - name: f\(i)
                accelerator: {tdp_w: 700, idle_w: 100, host_w: 200, network_w: 50, source: test}
                site: s
                utilization: 0.5
                lifetime_years: 5
                deploy: [{date: 2026-01-01, units: 1000}]
            """
        }
        return """
        scenario:
          name: matching
          horizon: {start: 2026-01-01, end: 2027-01-01}
          resolution: \(resolution)
        sites:
          - name: s
            grid: {intensity_kg_per_kwh: 0.4, source: test}
            pue: 1.2
            contracts:
        \(contracts.map { "          - " + $0 }.joined(separator: "\n"))
        fleets:
        \(fleetBlocks.joined(separator: "\n"))
        """
    }

    /// Twice the load for half the year: the year's generation equals the
    /// year's consumption (annual CFE 1), but only half of the hours are
    /// covered (hourly CFE 0.5) — at every resolution, since the load is
    /// flat within a step.
    @Test(arguments: ["hour", "day", "month", "year"])
    func supplyAboveLoadCoversItsHours(resolution: String) throws {
        let file = try Self.firstHalf()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let e = try central(Self.model(contracts: ["{kind: ppa, capacity_mw: 1.56, hourly_profile: \"\(file)\"}"], resolution: resolution))
        #expect(close(e.value(.energyFacilityMWh), Self.energy, 1e-12))
        #expect(close(e.value(.emissionsMarketHourlyTCO2e), Self.energy / 2 * 0.4, 1e-12))
        #expect(abs(e.value(.emissionsMarketTCO2e)) < 1e-9)
        #expect(close(e.value(.energyCFEAnnualMWh), Self.energy, 1e-12))
        #expect(close(e.value(.energyCFEHourlyMWh), Self.energy / 2, 1e-12))
        #expect(close(e.value(.emissionsLocationTCO2e), Self.energy * 0.4, 1e-12))
    }

    /// The fractions beside the intensities: annual 1, hourly 0.5.
    @Test func cfeFractions() throws {
        let file = try Self.firstHalf()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let plan = try EvaluationPlan(try scenario(Self.model(contracts: ["{kind: ppa, capacity_mw: 1.56, hourly_profile: \"\(file)\"}"])))
        let run = MonteCarlo.run(plan, samples: 1, seed: 1)
        #expect(close(run.intensity(.cfeAnnualFraction)!.mean, 1, 1e-12))
        #expect(close(run.intensity(.cfeHourlyFraction)!.mean, 0.5, 1e-12))
    }

    /// The same totals at hourly and monthly steps for a flat load.
    @Test func flatLoadSameAtHourAndMonth() throws {
        let file = try Self.firstHalf()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let contracts = ["{kind: ppa, capacity_mw: 0.5, hourly_profile: \"\(file)\"}", "{kind: rec, share: 0.3, hourly: true}"]
        let hour = try central(Self.model(contracts: contracts, resolution: "hour"))
        let month = try central(Self.model(contracts: contracts, resolution: "month"))
        for m in Metric.allCases {
            #expect(close(hour.value(m), month.value(m), 1e-12), "\(m.key)")
        }
    }

    /// Half the load for half the year covers a quarter under both rules
    /// (it never exceeds the load, so hourly and annual matching agree).
    @Test func supplyBelowLoadCoversWhatItSupplies() throws {
        let file = try Self.firstHalf()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let e = try central(Self.model(contracts: ["{kind: ppa, capacity_mw: 0.39, hourly_profile: \"\(file)\"}"]))
        #expect(close(e.value(.emissionsMarketHourlyTCO2e), Self.energy * 0.75 * 0.4, 1e-12))
        #expect(close(e.value(.emissionsMarketTCO2e), Self.energy * 0.75 * 0.4, 1e-12))
        // At the contract's own intensity: no carbon-free energy.
        let dirty = try central(Self.model(contracts: ["{kind: ppa, capacity_mw: 0.39, hourly_profile: \"\(file)\", intensity_kg_per_kwh: 0.05}"]))
        #expect(close(dirty.value(.emissionsMarketHourlyTCO2e), Self.energy * (0.25 * 0.05 + 0.75 * 0.4), 1e-12))
        #expect(close(dirty.value(.emissionsMarketTCO2e), Self.energy * (0.25 * 0.05 + 0.75 * 0.4), 1e-12))
        #expect(dirty.value(.energyCFEHourlyMWh) == 0 && dirty.value(.energyCFEAnnualMWh) == 0)
    }

    /// Shares cover their share of consumption, cut to what hourly supply
    /// left, scaled down with their intensity when cut. The cut is per
    /// step: with hourly steps, supply leaves ½ in the first 4,380 hours
    /// (0.9 is cut to 0.5: 0.5·0.1 per kWh) and all of the rest
    /// (0.9·0.1 + 0.1·0.4 per kWh).
    ///
    /// Under the draft rule an annual certificate (a share without
    /// `hourly` or `legacy`) counts for nothing; under the 2015 rule the
    /// supply's year (¼ of consumption) and the share cover it annually.
    @Test func sharesCoverWhatSupplyLeft() throws {
        let file = try Self.firstHalf()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let supply = "{kind: ppa, capacity_mw: 0.39, hourly_profile: \"\(file)\"}"
        let half = try central(Self.model(contracts: [supply, "{kind: rec, share: 0.5}"]))
        #expect(close(half.value(.emissionsMarketTCO2e), Self.energy * 0.25 * 0.4, 1e-12))
        #expect(close(half.value(.emissionsMarketHourlyTCO2e), Self.energy * 0.75 * 0.4, 1e-12))
        for flag in ["hourly", "legacy"] {
            let counted = try central(Self.model(contracts: [supply, "{kind: rec, share: 0.5, \(flag): true}"]))
            #expect(close(counted.value(.emissionsMarketHourlyTCO2e), Self.energy * 0.25 * 0.4, 1e-12))
        }
        let over = try central(Self.model(contracts: [supply, "{kind: rec, share: 0.9, intensity_kg_per_kwh: 0.1, hourly: true}"], resolution: "hour"))
        #expect(close(over.value(.emissionsMarketHourlyTCO2e), Self.energy / 2 * (0.05 + 0.13), 1e-12))
        // Annually: 0.75 is left after supply; 0.9 is cut to it.
        #expect(close(over.value(.emissionsMarketTCO2e), Self.energy * 0.75 * 0.1, 1e-12))
        let certificate = try central(Self.model(contracts: [supply, "{kind: rec, share: 0.9, intensity_kg_per_kwh: 0.1}"], resolution: "hour"))
        #expect(close(certificate.value(.emissionsMarketHourlyTCO2e), Self.energy / 2 * (0.2 + 0.4), 1e-12))
    }

    /// Matching is against the site's total load: a supply equal to one
    /// fleet's load covers it fully alone, half of each of two fleets.
    @Test func matchingIsAgainstTheSiteLoad() throws {
        let file = try Self.always()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let contract = "{kind: ppa, capacity_mw: \(Self.load), hourly_profile: \"\(file)\"}"
        let one = try central(Self.model(contracts: [contract]))
        #expect(abs(one.value(.emissionsMarketHourlyTCO2e)) < 1e-9)
        #expect(abs(one.value(.emissionsMarketTCO2e)) < 1e-9)
        let two = try central(Self.model(contracts: [contract], fleets: 2))
        for f in 0..<2 {
            #expect(close(two.value(.emissionsMarketHourlyTCO2e, .fleet(f)), Self.energy * 0.5 * 0.4, 1e-12))
            #expect(close(two.value(.emissionsMarketTCO2e, .fleet(f)), Self.energy * 0.5 * 0.4, 1e-12))
        }
    }

    /// Two supplies above the load share the matched energy pro rata to
    /// their supply that hour: (0.5·0 + 1·0.2) / 1.5 per kWh.
    @Test func twoSuppliesShareProRata() throws {
        let file = try Self.always()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let e = try central(Self.model(contracts: [
            "{kind: ppa, capacity_mw: \(Self.load / 2), hourly_profile: \"\(file)\"}",
            "{kind: green-tariff, capacity_mw: \(Self.load), hourly_profile: \"\(file)\", intensity_kg_per_kwh: 0.2}",
        ], resolution: "day"))
        #expect(close(e.value(.emissionsMarketHourlyTCO2e), Self.energy * 0.2 / 1.5, 1e-12))
        // Annually: the year's generation (1.5 × consumption) covers it once, pro rata.
        #expect(close(e.value(.emissionsMarketTCO2e), Self.energy * 0.2 / 1.5, 1e-12))
        #expect(close(e.value(.energyCFEAnnualMWh), Self.energy / 3, 1e-12))
    }

    @Test func badSupplyContractsAreRefused() throws {
        let file = try Self.always()
        let high = try HourlyProfileTests.profileFile(["0.5", "1.5"] + Array(repeating: "1", count: 8758))
        defer { for f in [file, high] { try? FileManager.default.removeItem(atPath: f) } }
        #expect {
            try scenario(Self.model(contracts: ["{kind: ppa, share: 0.5, capacity_mw: 1, hourly_profile: \"\(file)\"}"]))
        } throws: { error in
            "\(error)".contains("sites.s.contracts.0.share") && "\(error)".contains("not both")
        }
        #expect {
            try scenario(Self.model(contracts: ["{kind: ppa, capacity_mw: 1}"]))
        } throws: { error in
            "\(error)".contains("sites.s.contracts.0.hourly_profile") && "\(error)".contains("missing")
        }
        #expect {
            try scenario(Self.model(contracts: ["{kind: ppa, capacity_mw: 1, hourly_profile: \"\(high)\"}"]))
        } throws: { error in
            "\(error)".contains("\(high):3:1") && "\(error)".contains("a number from 0 to 1")
        }
        #expect {
            try scenario(Self.model(contracts: ["{kind: ppa, capacity_mw: -1, hourly_profile: \"\(file)\"}"]))
        } throws: { error in
            "\(error)".contains("sites.s.contracts.0.capacity_mw")
        }
    }
}
