import Foundation
import Testing
@testable import FootprintModel

/// Demand (docs/scenario-format.md, `demand`), by hand on the one-fleet case: 1,000 units
/// at 650 W and PUE 1.2 for 2026 — 6,832.8 MWh at the facility, 0.4 kg/kWh.
@Suite struct DemandTests {
    static let facilityMWh = EngineTests.facilityMWh
    static let prompts = 1e6 * 365

    static func model(service: String, demand: String = "", fleet: String = "") -> String {
        oneFleet(fleet: fleet) + """

        demand:
        \(demand.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
          services:
            - name: chat
              prompts_per_day: 1e6
        \(service.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        """
    }

    /// 2 Wh a prompt: 730 MWh of the fleet's 6,832.8; per prompt at the
    /// fleet's intensities (t/MWh = g/Wh): 2 × 0.4 g, water 0.
    @Test func givenEnergyPerPrompt() throws {
        let e = try central(Self.model(service: "energy_wh_per_prompt: 2"))
        #expect(close(e.value(.prompts, service: 0), Self.prompts))
        #expect(close(e.value(.energyWhPerPrompt, service: 0), 2))
        #expect(close(e.value(.energyFacilityMWh, service: 0), 730))
        #expect(close(e.value(.shareOfServedEnergy, service: 0), 730 / Self.facilityMWh))
        #expect(close(e.value(.emissionsLocationGPerPrompt, service: 0), 0.8))
        #expect(close(e.value(.emissionsMarketGPerPrompt, service: 0), 0.8))
        #expect(e.value(.waterMlPerPrompt, service: 0) == 0)
        // No fleet_share: no top-down figures.
        #expect(e.value(.allocatedEnergyWhPerPrompt, service: 0).isNaN)
        // The year's period equals the whole horizon here.
        #expect(close(e.value(.energyFacilityMWh, service: 0, period: 0), 730))
    }

    /// 1e11 active parameters × 500 tokens × 2 = 1e14 FLOP; at 1,000
    /// TFLOP/s and 10 % utilization, 1 accelerator-second; × 650 W × PUE
    /// 1.2 ÷ 3,600 = 0.216 67 Wh.
    @Test func energyPerPromptFromTheModel() throws {
        let e = try central(Self.model(service: "model: {active_params: 1e11, tokens_per_prompt: 500, flop_utilization: 0.1}",
                                       fleet: "peak_tflops: 1000"))
        #expect(close(e.value(.energyWhPerPrompt, service: 0), 650 * 1.2 / 3600))
        #expect(close(e.value(.energyFacilityMWh, service: 0), Self.prompts * 650 * 1.2 / 3600 / 1e6))
    }

    /// fleet_share 0.5: half the fleet's energy and emissions over the prompts.
    @Test func topDownWithAFleetShare() throws {
        let e = try central(Self.model(service: "energy_wh_per_prompt: 2\nfleet_share: 0.5"))
        #expect(close(e.value(.allocatedEnergyWhPerPrompt, service: 0), 0.5 * Self.facilityMWh * 1e6 / Self.prompts))
        #expect(close(e.value(.allocatedEmissionsLocationGPerPrompt, service: 0), 0.5 * Self.facilityMWh * 0.4 * 1e6 / Self.prompts))
    }

    /// $1B of revenue and a million users in 2026: location-based 2,733.12 t
    /// (no embodied) per $1,000M and per million user-years.
    @Test func revenueAndUserIntensities() throws {
        let e = try central(Self.model(service: "energy_wh_per_prompt: 2", demand: "revenue_usd: {2026: 1e9}\nusers: {2026: 1e6}"))
        #expect(close(e.value(.revenueUSD), 1e9))
        #expect(close(e.value(.userYears), 1e6))
        #expect(close(e.value(.tco2ePerMUSDRevenueLocation), Self.facilityMWh * 0.4 / 1000))
        #expect(close(e.value(.kgco2ePerUserYear), Self.facilityMWh * 0.4 * 1000 / 1e6))
        #expect(close(e.value(.kwhPerUserYear), Self.facilityMWh * 1000 / 1e6))
    }

    /// Users growing from 1M to 3M over 2026 (linear by date): 2M user-years;
    /// revenue is the series at the year's start.
    @Test func seriesOverTheYear() throws {
        let e = try central(Self.model(service: "energy_wh_per_prompt: 2",
                                       demand: "revenue_usd: {2026: 1e9, 2027: 5e9}\nusers: {2026: 1e6, 2027: 3e6}"))
        #expect(close(e.value(.userYears), 2e6, 1e-3))
        #expect(close(e.value(.revenueUSD), 1e9))
    }

    /// The Wh per prompt at which the prompts explain the whole fleet:
    /// goal seek on the service's energy.
    @Test func goalSeekTheEnergyThatExplainsTheFleet() throws {
        let plan = try EvaluationPlan(try scenario(Self.model(service: "energy_wh_per_prompt: 2")))
        let solution = try GoalSeek.solve(plan, parameter: "demand.services.chat.energy_wh_per_prompt",
                                          metric: MetricSelector("services.chat.share_of_served_energy")!, target: 1,
                                          between: (0.1, 100))
        #expect(close(solution.value, Self.facilityMWh * 1e6 / Self.prompts, 1e-8))
    }
}
