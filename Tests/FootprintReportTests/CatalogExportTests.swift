import Testing
import FootprintModel
@testable import FootprintReport

/// `footprint catalog` shows a grid's basis, upstream factor and hourly
/// profile where the catalog gives them.
@Suite struct CatalogExportTests {
    static func q(_ x: Double, _ key: String, _ source: String?) -> Quantity {
        Quantity(.fixed(x), source: source, path: "grids.XX.\(key)", unit: "kg/kWh", position: FilePosition(file: "grids.yaml", line: 2, column: 3))
    }

    static let catalog = Catalog(accelerators: [], grids: [
        (key: "XX", value: Grid(key: "XX", name: "Test grid", intensity: q(0.5, "intensity_kg_per_kwh", "agency"), year: 2024,
                                residualMix: nil, water: nil, basis: .lifecycle,
                                upstream: q(0.04, "upstream_kg_per_kwh", "upstream study"),
                                hourlyProfile: HourlyProfile(path: "Models/catalog/../profiles/xx.csv", values: [1, 1]))),
        (key: "YY", value: Grid(key: "YY", name: "Plain", intensity: q(0.3, "intensity_kg_per_kwh", nil), year: nil,
                                residualMix: nil, water: nil, hourlyProfile: nil)),
    ], directory: nil)

    @Test func table() {
        #expect(CatalogExport.table(Self.catalog, accelerators: false, grids: true) == """
            Grids (2): intensity kg CO2e/kWh

            XX — Test grid (2024)
              basis: lifecycle
              intensity_kg_per_kwh: 0.5
                  source: agency
              upstream_kg_per_kwh: 0.04
                  source: upstream study
              hourly_profile: Models/profiles/xx.csv (hourly shape, mean 1)

            YY — Plain
              intensity_kg_per_kwh: 0.3
                  source: none

            """)
    }

    @Test func json() {
        let text = CatalogExport.json(Self.catalog, accelerators: false, grids: true)
        #expect(text.contains(#""basis": "lifecycle""#))
        #expect(text.contains(#""upstream_kg_per_kwh": {"#))
        #expect(text.contains(#""central": 0.04"#))
        #expect(text.contains(#""source": "upstream study""#))
        #expect(text.contains(#""hourly_profile": "Models/profiles/xx.csv""#))
        // Absent where the catalog does not give them.
        #expect(text.components(separatedBy: "\"basis\"").count == 2)
        #expect(text.components(separatedBy: "upstream_kg_per_kwh").count == 2)
        #expect(text.components(separatedBy: "hourly_profile").count == 2)
    }

    /// Generators and fuels: each value with one line per source, the
    /// generator's fuel by key, a fuel's family; in JSON, `sources` beside
    /// the joined `source`.
    @Test func generatorsAndFuels() {
        func v(_ x: Double, _ path: String, _ unit: String, _ sources: [String]) -> Quantity {
            Quantity(.fixed(x), sources: sources, path: path, unit: unit, position: FilePosition(file: "generators.yaml", line: 1, column: 1))
        }
        let gas = Fuel(key: "gas", name: "Gas", co2KgPerMMBtu: v(53.06, "fuels.gas.co2_kg_per_mmbtu", "kg/MMBtu", ["EPA"]),
                       ch4GPerMMBtu: v(1, "fuels.gas.ch4_g_per_mmbtu", "g/MMBtu", ["EPA"]), n2oGPerMMBtu: v(0.1, "fuels.gas.n2o_g_per_mmbtu", "g/MMBtu", ["EPA"]),
                       upstreamKgPerMMBtu: nil, family: .naturalGas)
        let turbine = Generator(key: "t", name: "Turbine", fuel: gas, heatRate: v(10, "generators.t.heat_rate_mmbtu_per_mwh", "MMBtu/MWh", ["GE", "assumption: x"]),
                                noxLbPerMMBtu: nil)
        let c = Catalog(accelerators: [], grids: [], directory: nil).adding(generators: [(key: "t", value: turbine)], fuels: [(key: "gas", value: gas)], gwp: [])
        #expect(CatalogExport.table(c, accelerators: false, grids: false, generators: true, fuels: true) == """
            Generators (1): fuel (HHV) per MWh generated, NOx per MMBtu burned

            t — Turbine
              fuel: gas
              heat_rate_mmbtu_per_mwh: 10 MMBtu/MWh
                  source: GE
                  source: assumption: x

            Fuels (1): per MMBtu burned (HHV)

            gas — Gas
              family: natural_gas
              co2_kg_per_mmbtu: 53.06 kg/MMBtu
                  source: EPA
              ch4_g_per_mmbtu: 1 g/MMBtu
                  source: EPA
              n2o_g_per_mmbtu: 0.1 g/MMBtu
                  source: EPA

            """)
        let json = CatalogExport.json(c, accelerators: false, grids: false, generators: true, fuels: true)
        #expect(json.contains(#""source": "GE | assumption: x""#))
        #expect(json.contains(#""fuel": "gas""#) && json.contains(#""family": "natural_gas""#))
        #expect(!json.contains("\"nox_lb_per_mmbtu\""))
    }

    /// A profile's path is shown without `folder/..` pairs; the file is read
    /// at the path as written.
    @Test(arguments: [("Models/catalog/../profiles/a.csv", "Models/profiles/a.csv"),
                      ("../profiles/a.csv", "../profiles/a.csv"),
                      ("a/b/../../../c.csv", "../c.csv"),
                      ("/m/./catalog/../p.csv", "/m/p.csv"),
                      ("supply.csv", "supply.csv")])
    func profileDisplayPath(_ path: String, _ shown: String) {
        #expect(HourlyProfile(path: path, values: []).displayPath == shown)
    }
}
