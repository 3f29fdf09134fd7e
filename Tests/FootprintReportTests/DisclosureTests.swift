import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel
@testable import FootprintReport
import FootprintTestSupport

/// The disclosure pack by hand: two sites over two calendar years (2025,
/// 2026: 8,760 h each), 1 MW of IT load at each, PUE 1.
///
/// * `grid`: 8,760 MWh a year from a 0.4 kg/kWh grid (residual mix 0.5;
///   generation 20 % coal, 40 % gas, 20 % nuclear, 20 % renewable; eGRID-like
///   rates CO2 880, CH4 0.1, N2O 0.01 lb/MWh, CO2e 885.45), half covered
///   by a wind PPA: contracted 4,380 MWh, residual 4,380 MWh; Scope 2
///   location 3,504 t, market 4,380 × 0.5 = 2,190 t.
/// * `gas`: off-grid, a turbine at 10 MMBtu/MWh: 87,600 MMBtu = 25,673.03
///   MWh (HHV); Scope 1 = 4,648.056 t CO2 + 87.6 kg CH4 × 28 + 8.76 kg N2O
///   × 265 = 4,652.830 tCO2e.
///
/// ESRS E1-5: total 8,760 + 25,673.03 = 34,433.03 MWh; renewable 4,380 +
/// 876 = 5,256; nuclear 876; fossil 876 coal + 1,752 + 25,673.03 gas =
/// 28,301.03. E1-6 with 100 M$ revenue a year: location (4,652.83 + 3,504)
/// ÷ 100 = 81.568 t/M$, market (4,652.83 + 2,190) ÷ 100 = 68.428.
@Suite struct DisclosureTests {
    static let yaml = """
        scenario: {name: pack, horizon: {start: 2025-01-01, end: 2027-01-01}, resolution: month}
        sites:
          - name: grid
            pue: 1
            grid:
              intensity_kg_per_kwh: 0.4
              residual_mix_kg_per_kwh: 0.5
              source: test grid
              mix: {coal: 0.2, oil: 0, gas: 0.4, nuclear: 0.2, renewable: 0.2, other: 0, year: 2023, source: test mix}
              gas_rates_lb_per_mwh: {co2: 880, ch4: 0.1, n2o: 0.01, source: test rates}
            contracts: [{kind: ppa, share: 0.5, technology: wind, market_boundary: ERCOT, quality_criteria: [1, 2, 3], source: test ppa}]
          - name: gas
            grid: none
            pue: 1
            generation:
              - {name: turbine, generator: {fuel: {co2_kg_per_mmbtu: 53.06, ch4_g_per_mmbtu: 1.0, n2o_g_per_mmbtu: 0.1, family: natural_gas, source: test fuel}, heat_rate_mmbtu_per_mwh: 10, source: test}, capacity_mw: 2, mode: primary}
        fleets:
          - {name: a, accelerator: {tdp_w: 1000, idle_w: 100, source: test}, site: grid, avg_power_w: 1000, lifetime_years: 5, deploy: [{date: 2025-01-01, units: 1000}]}
          - {name: b, accelerator: {tdp_w: 1000, idle_w: 100, source: test}, site: gas, avg_power_w: 1000, lifetime_years: 5, deploy: [{date: 2025-01-01, units: 1000}]}
        demand:
          revenue_usd: {value: 100e6, source: test revenue}
        """

    static func pack(_ yaml: String = yaml) throws -> Disclosure {
        let summary = MonteCarlo.run(try EvaluationPlan(try scenario(yaml)), samples: 1, seed: 1, threads: 1)
        return Disclosure(summary: summary, name: "pack", command: "footprint disclose pack.yaml")
    }

    static func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300) }

    static func value(_ pack: Disclosure, _ name: String, _ year: Int = 2025) -> Double? {
        pack.datapoints.first { $0.name == name && $0.year == year }?.value?.mean
    }

    @Test func handComputedDatapoints() throws {
        let pack = try Self.pack()
        let fuelMWh = 87_600 * 0.29307107
        for year in [2025, 2026] {
            func v(_ name: String) -> Double { Self.value(pack, name, year) ?? .nan }
            #expect(Self.near(v("esrs_e1_5.total_energy_mwh"), 8_760 + fuelMWh), "\(year)")
            #expect(Self.near(v("esrs_e1_5.renewable_mwh"), 5_256))
            #expect(Self.near(v("esrs_e1_5.renewable_purchased_mwh"), 5_256))
            #expect(v("esrs_e1_5.renewable_self_generated_mwh") == 0)
            #expect(Self.near(v("esrs_e1_5.nuclear_mwh"), 876))
            #expect(Self.near(v("esrs_e1_5.fossil_mwh"), 876 + 1_752 + fuelMWh))
            #expect(Self.near(v("esrs_e1_5.fossil_coal_mwh"), 876))
            #expect(Self.near(v("esrs_e1_5.fossil_gas_mwh"), 1_752 + fuelMWh))
            let total = 8_760 + fuelMWh
            #expect(Self.near(v("esrs_e1_5.fossil_share"), (876 + 1_752 + fuelMWh) / total))
            #expect(Self.near(v("esrs_e1_5.nuclear_share"), 876 / total))
            #expect(Self.near(v("esrs_e1_5.renewable_share"), 5_256 / total))
            #expect(Self.near(v("esrs_e1_5.fossil_share") + v("esrs_e1_5.nuclear_share") + v("esrs_e1_5.renewable_share"), 1))
            #expect(Self.near(v("esrs_e1_5.intensity_mwh_per_musd"), total / 100))
            let scope1 = 4_648.056 + 0.0876 * 28 + 0.00876 * 265
            #expect(Self.near(v("esrs_e1_6.scope1_tco2e"), scope1))
            #expect(Self.near(v("esrs_e1_6.scope2_location_tco2e"), 3_504))
            #expect(Self.near(v("esrs_e1_6.scope2_market_tco2e"), 2_190))
            #expect(Self.near(v("esrs_e1_6.total_location_tco2e"), scope1 + 3_504))
            #expect(Self.near(v("esrs_e1_6.total_market_tco2e"), scope1 + 2_190))
            #expect(Self.near(v("esrs_e1_6.intensity_location_t_per_musd"), (scope1 + 3_504) / 100))
            #expect(Self.near(v("esrs_e1_6.intensity_market_t_per_musd"), (scope1 + 2_190) / 100))
            #expect(Self.near(v("ghgp.scope2_residual_mix_mwh"), 4_380))
            #expect(Self.near(v("ghgp.scope2_contracted_mwh"), 4_380))
            let co2e = 880 + 28 * 0.1 + 265 * 0.01
            #expect(Self.near(v("ghgp.site.grid.scope2_location_co2_t"), 3_504 * 880 / co2e))
            #expect(Self.near(v("ghgp.site.grid.scope2_location_ch4_t"), 3_504 * 0.1 / co2e))
            #expect(Self.near(v("ghgp.site.grid.scope2_location_n2o_t"), 3_504 * 0.01 / co2e))
        }
        // No embodied figures: category 2 is not estimated, with the reason.
        let cat2 = try #require(pack.datapoints.first { $0.name == "esrs_e1_6.scope3_cat2_tco2e" })
        #expect(cat2.value == nil && cat2.reason?.contains("has no embodied figures") == true)
    }

    /// The three forms: CSV rows with the header the issue names, JSON with
    /// nulls where not estimated, Markdown with a reference list.
    @Test func forms() throws {
        let pack = try Self.pack()
        let csv = pack.csv.split(separator: "\n")
        #expect(csv[0] == "datapoint,year,value,unit,sources")
        #expect(csv.contains { $0.hasPrefix("esrs_e1_6.scope2_location_tco2e,2025,3504,tCO2e,[") })
        #expect(csv.contains { $0.hasPrefix("esrs_e1_6.scope3_cat2_tco2e,2025,,tCO2e,not estimated: fleet a has no embodied figures") })
        let json = try JSONSerialization.jsonObject(with: Data(pack.json.utf8)) as! [String: Any]
        let points = json["datapoints"] as! [[String: Any]]
        #expect(points.count == csv.count - 1)
        #expect((json["references"] as! [[String: Any]]).contains { $0["text"] as? String == "test grid" })
        let md = pack.markdown
        #expect(md.contains("## Reporting year 2025") && md.contains("## Reporting year 2026"))
        #expect(md.contains("## References"))
        #expect(md.contains("| grid | physical PPA (bundled) | wind | 50.0 % of consumption"))
    }

    /// A contract without a technology or a grid without a mix leaves the
    /// E1-5 split not estimated, saying which.
    @Test func splitNeedsTechnologyAndMix() throws {
        let pack = try Self.pack(Self.yaml.replacingOccurrences(of: "technology: wind, ", with: ""))
        let fossil = try #require(pack.datapoints.first { $0.name == "esrs_e1_5.fossil_mwh" })
        #expect(fossil.value == nil && fossil.reason == "a ppa contract of site grid has no technology")
        #expect(Self.value(pack, "esrs_e1_5.total_energy_mwh") != nil)
    }
}
