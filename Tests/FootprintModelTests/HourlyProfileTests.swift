import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel

/// A grid's `hourly_profile` shapes its location-based intensity hour by
/// hour. The profile here is 3 for the first 4,380 hours of the year and 1
/// after: mean 2, so normalized 1.5 then 0.5.
@Suite struct HourlyProfileTests {
    static func profileFile(_ values: [String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-profile-\(UUID().uuidString).csv")
        try (["relative_intensity"] + values).joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func halfAndHalf() throws -> String {
        try profileFile(Array(repeating: "3", count: 4380) + Array(repeating: "1", count: 4380))
    }

    static func model(profile: String, lifetime: String, resolution: String) -> String {
        """
        scenario:
          name: profile
          horizon: {start: 2026-01-01, end: 2027-01-01}
          resolution: \(resolution)
        sites:
          - name: s
            grid: {intensity_kg_per_kwh: 0.4, hourly_profile: "\(profile)", source: test}
            pue: 1.2
        fleets:
          - name: f
            accelerator: {tdp_w: 700, idle_w: 100, host_w: 200, network_w: 50, source: test}
            site: s
            utilization: 0.5
            \(lifetime)
            deploy: [{date: 2026-01-01, units: 1000}]
        """
    }

    /// A flat load sees the year's average: the profile changes nothing.
    @Test func flatLoadSeesTheAverage() throws {
        let file = try Self.halfAndHalf()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let e = try central(Self.model(profile: file, lifetime: "lifetime_years: 5", resolution: "month"))
        #expect(close(e.value(.emissionsLocationTCO2e), EngineTests.facilityMWh * 0.4, 1e-12))
    }

    /// Load in the first 4,380 hours only (hourly steps): intensity × 1.5.
    @Test func loadInTheDirtyHalfCountsOneAndAHalfTimes() throws {
        let file = try Self.halfAndHalf()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let e = try central(Self.model(profile: file, lifetime: "lifetime_hours: 4380", resolution: "hour"))
        let facilityMWh = 1000 * 4380 * 650e-6 * 1.2
        #expect(close(e.value(.energyFacilityMWh), facilityMWh, 1e-12))
        #expect(close(e.value(.emissionsLocationTCO2e), facilityMWh * 0.4 * 1.5, 1e-12))
        // Market-based without contracts or residual mix: the grid average,
        // an annual figure, so not shaped by the profile.
        #expect(close(e.value(.emissionsMarketTCO2e), facilityMWh * 0.4, 1e-12))
    }
}
