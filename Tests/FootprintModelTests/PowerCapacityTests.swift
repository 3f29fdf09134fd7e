import Foundation
import Testing
@testable import FootprintModel

/// `power_capacity_mw` by hand: the facility draw of the installed hardware
/// at full load, units × (TDP + host + network) × PUE, the largest over the
/// period; against `peak_facility_power_mw`, the highest step average at
/// the fleet's utilization.
@Suite struct PowerCapacityTests {
    /// 1,000 units of 700 + 200 + 50 W at PUE 1.2 (1.14 MW at full load),
    /// 500 more on 15 July. At utilization 0.5 a unit draws 100 + 0.5 ×
    /// 600 + 250 = 650 W.
    @Test(arguments: ["month", "hour"])
    func capacityIsFullLoadOfWhatIsInstalled(_ resolution: String) throws {
        let e = try central(oneFleet(deploy: "[{date: 2026-01-01, units: 1000}, {date: 2026-07-15, units: 500}]",
                                     resolution: resolution))
        #expect(close(e.value(.powerCapacityMW), 1500 * 950e-6 * 1.2))
        #expect(close(e.value(.powerCapacityMW, .site(0)), 1500 * 950e-6 * 1.2))
        // Drawn power: the highest step average, 1,500 units from August at
        // monthly steps, from 15 July at hourly ones: the same figure.
        #expect(close(e.value(.peakFacilityPowerMW), 1500 * 650e-6 * 1.2))
    }

    /// Two sites of different PUE whose fleets are installed at different
    /// times: the total is the largest sum at one time, not the sum of the
    /// sites' largest.
    @Test(arguments: ["month", "hour"])
    func totalIsTheLargestSumAtOneTime(_ resolution: String) throws {
        let yaml = oneFleet(deploy: "[{date: 2026-01-01, units: 1000}]", resolution: resolution)
            .replacingOccurrences(of: "    lifetime_years: 5\n", with: "    lifetime_days: 181\n")
            + """

              - name: g
                accelerator: {tdp_w: 1000, idle_w: 100, host_w: 0, network_w: 0, source: test}
                site: t
                utilization: 0.5
                lifetime_years: 5
                deploy: [{date: 2026-07-01, units: 800}]
            """
        let withSite = yaml.replacingOccurrences(of: "fleets:\n", with: """
              - name: t
                grid: {intensity_kg_per_kwh: 0.4, source: test}
                pue: 1.5
            fleets:

            """)
        let e = try central(withSite)
        let first = 1000 * 950e-6 * 1.2, second = 800 * 1000e-6 * 1.5
        #expect(close(e.value(.powerCapacityMW, .site(0)), first))
        #expect(close(e.value(.powerCapacityMW, .site(1)), second))
        #expect(close(e.value(.powerCapacityMW), max(first, second)))
    }
}
