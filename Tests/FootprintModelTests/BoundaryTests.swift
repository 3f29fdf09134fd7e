import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel
import FootprintTestSupport

/// Who emits what, by hand on the one-fleet case: 1,000 units at 650 W for
/// 2026 (8,760 h), PUE 1.2: facility energy 6,832.8 MWh; grid 0.4 kg/kWh:
/// 2,733.12 t location-based; upstream 0.05 kg/kWh: 341.64 t. Embodied
/// 1,500 + 2,500 kg a unit: 4,000 t upfront; amortized over 5 years of
/// 8,766 h at a busy share of 0.8, with 4,380 h of use each in 2026:
/// 1,000 × 4,380 × 4,000 / 35,064 kg = 499.6578 t.
@Suite struct BoundaryTests {
    static let facilityMWh = 1000 * 8760 * 650e-6 * 1.2
    static let location = facilityMWh * 0.4
    static let upstream = facilityMWh * 0.05
    static let upfront = 4000.0
    static let amortized = 1000.0 * 4380 * 4000 / 35064 / 1000

    static func yaml(site: String, consolidation: String? = nil, resolution: String) -> String {
        let text = oneFleetYAML(name: "boundaries", site: site, fleet: """
            embodied_kgco2e: 1500
            host_embodied_kgco2e: 2500
            service_life_years: 5
            service_utilization: 0.8
            """, grid: "{intensity_kg_per_kwh: 0.4, upstream_kg_per_kwh: 0.05, source: test}", resolution: resolution)
        guard let consolidation else { return text }
        return text.replacingOccurrences(of: "  name: boundaries\n", with: "  name: boundaries\n  consolidation: \(consolidation)\n")
    }

    static func central(_ yaml: String) throws -> Evaluation {
        Engine(plan: try EvaluationPlan(try scenario(yaml))).evaluateCentral()
    }

    /// An owned site (the default): Scope 2 is its electricity, bit for bit
    /// the physical figures; its hardware is category 2; nothing in category 1.
    @Test(arguments: ["month", "hour"])
    func ownedSiteIsScope2(_ resolution: String) throws {
        let e = try Self.central(Self.yaml(site: "", resolution: resolution))
        #expect(e.value(.emissionsScope2LocationTCO2e) == e.value(.emissionsLocationTCO2e))
        #expect(e.value(.emissionsScope2MarketTCO2e) == e.value(.emissionsMarketTCO2e))
        #expect(e.value(.emissionsScope2MarketHourlyTCO2e) == e.value(.emissionsMarketHourlyTCO2e))
        #expect(close(e.value(.emissionsScope2LocationTCO2e), Self.location))
        #expect(close(e.value(.emissionsScope3Cat2TCO2e), Self.upfront))
        #expect(close(e.value(.emissionsScope3Cat3TCO2e), Self.upstream))
        #expect(e.value(.emissionsScope3Cat1TCO2e) == 0 && e.value(.emissionsScope3Cat1SupplierTCO2e) == 0)
    }

    /// A cloud site: no Scope 2; category 1 is what Scope 2 location would
    /// have been, plus the rented hardware's amortized embodied carbon; the
    /// supplier-specific figure uses the provider's contract (a 25 % PPA at
    /// 0, the rest at the grid average for want of a residual mix).
    @Test(arguments: ["month", "hour"])
    func cloudSiteIsCategory1(_ resolution: String) throws {
        let e = try Self.central(Self.yaml(site: """
            control: cloud
            contracts: [{kind: ppa, share: 0.25}]
            """, resolution: resolution))
        #expect(e.value(.emissionsScope2LocationTCO2e) == 0)
        #expect(e.value(.emissionsScope2MarketTCO2e) == 0)
        #expect(e.value(.emissionsScope3Cat2TCO2e) == 0 && e.value(.emissionsScope3Cat3TCO2e) == 0)
        #expect(e.value(.emissionsScope3Cat1ElectricityTCO2e) == e.value(.emissionsLocationTCO2e))
        #expect(close(e.value(.emissionsScope3Cat1ElectricityTCO2e), Self.location))
        #expect(close(e.value(.emissionsScope3Cat1EmbodiedTCO2e), Self.amortized))
        #expect(close(e.value(.emissionsScope3Cat1TCO2e), Self.location + Self.amortized))
        #expect(close(e.value(.emissionsScope3Cat1SupplierTCO2e), Self.location * 0.75 + Self.amortized))
        // The physical figures keep their meaning: all modelled electricity.
        #expect(close(e.value(.emissionsLocationTCO2e), Self.location))
    }

    /// Under the equity share approach, a 40 % share scales what the site
    /// emits in every scope by 0.4; under operational control it is refused.
    @Test(arguments: ["month", "hour"])
    func equityShareScales(_ resolution: String) throws {
        let e = try Self.central(Self.yaml(site: "equity_share: 0.4", consolidation: "equity-share", resolution: resolution))
        #expect(close(e.value(.emissionsScope2LocationTCO2e), 0.4 * Self.location))
        #expect(close(e.value(.emissionsScope3Cat2TCO2e), 0.4 * Self.upfront))
        #expect(close(e.value(.emissionsScope3Cat3TCO2e), 0.4 * Self.upstream))
        #expect(close(e.value(.emissionsLocationTCO2e), Self.location))
        let whole = try Self.central(Self.yaml(site: "", consolidation: "equity-share", resolution: resolution))
        #expect(close(whole.value(.emissionsScope2LocationTCO2e), Self.location))
    }

    /// The E1-6 intensity: gross Scope 1 + 2 + 3 per M$ of revenue. A cloud
    /// site alone: category 1 only (no operated hardware, no Scope 2);
    /// revenue $1 billion in 2026.
    @Test func grossIntensityPerRevenue() throws {
        let yaml = Self.yaml(site: "control: cloud", resolution: "month") + """

            demand:
              revenue_usd: {2026: 1e9}
            """
        let e = try Self.central(yaml)
        let gross = Self.location + Self.amortized
        #expect(close(e.value(.grossTCO2ePerMUSDRevenueLocation), gross / 1000))
        #expect(close(e.value(.grossTCO2ePerMUSDRevenueMarket), gross / 1000))
        // The footprint intensity keeps counting all electricity and embodied carbon.
        #expect(close(e.value(.tco2ePerMUSDRevenueLocation), (Self.location + Self.amortized) / 1000))
        let owned = try Self.central(Self.yaml(site: "", resolution: "month") + """

            demand:
              revenue_usd: {2026: 1e9}
            """)
        #expect(close(owned.value(.grossTCO2ePerMUSDRevenueLocation), (Self.location + Self.upfront + Self.upstream) / 1000))
    }

    @Test func wrongBoundariesAreRefused() throws {
        func message(_ yaml: String) -> String {
            do { _ = try scenario(yaml); return "" } catch { return error.description }
        }
        let operational = message(Self.yaml(site: "equity_share: 0.4", resolution: "month"))
        #expect(operational.contains("sites.s.equity_share") && operational.contains("consolidation: equity-share"), "\(operational)")
        let control = message(Self.yaml(site: "control: rented", resolution: "month"))
        #expect(control.contains("sites.s.control") && control.contains("use owned, leased or cloud"), "\(control)")
        let share = message(Self.yaml(site: "equity_share: 1.4", consolidation: "equity-share", resolution: "month"))
        #expect(share.contains("equity_share") && share.contains("between 0 and 1"), "\(share)")
        let approach = message(Self.yaml(site: "", consolidation: "financial-control", resolution: "month"))
        #expect(approach.contains("scenario.consolidation") && approach.contains("operational-control or equity-share"), "\(approach)")
    }
}
