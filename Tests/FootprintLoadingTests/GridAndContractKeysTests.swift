import Foundation
import Testing
import FootprintModel
@testable import FootprintLoading

/// A grid's `basis` and `upstream_kg_per_kwh`; a share contract's `hourly`
/// and `legacy`.
@Suite struct GridKeysTests {
    static func grid(_ keys: String) -> String { "{intensity_kg_per_kwh: 0.4, \(keys), source: grid-source}" }

    @Test(arguments: [("direct", GridBasis.direct), ("lifecycle", .lifecycle)])
    func basis(_ text: String, _ basis: GridBasis) throws {
        #expect(try scenario(oneFleet(grid: Self.grid("basis: \(text)"))).sites[0].grid.basis == basis)
    }

    @Test func basisAndUpstreamAreOptional() throws {
        let g = try scenario(oneFleet()).sites[0].grid
        #expect(g.basis == nil)
        #expect(g.upstream == nil)
    }

    @Test func anUnknownBasisIsRefusedWithTheAllowedValues() {
        let yaml = oneFleet(grid: Self.grid("basis: combustion"))
        let found = issues(yaml)
        #expect(found.count == 1)
        #expect(found.first?.path == "sites.s.grid.basis")
        #expect(found.first?.position.line == 6)
        #expect(found.first?.position.column == column(of: "combustion", in: yaml, line: 6))
        #expect(found.first?.message.hasPrefix("'combustion' is not a basis: use direct or lifecycle") == true)
        #expect(issues(oneFleet(grid: Self.grid("basis: lifecyle"))).first?.message.contains("did you mean 'lifecycle'?") == true)
        #expect(issues(oneFleet(grid: Self.grid("basis: [direct]"))).first?.message == "expected text, found a list")
    }

    @Test func upstreamAsNumberValueOrDistribution() throws {
        let bare = try #require(try scenario(oneFleet(grid: Self.grid("upstream_kg_per_kwh: 0.031"))).sites[0].grid.upstream)
        #expect(bare.central == 0.031)
        #expect(bare.unit == "kg/kWh")
        #expect(bare.source == "grid-source")  // the block's
        #expect(bare.path == "sites.s.grid.upstream_kg_per_kwh")
        let sourced = try #require(try scenario(oneFleet(grid: Self.grid("upstream_kg_per_kwh: {value: 0.05, source: DEFRA 2024 WTT}")))
            .sites[0].grid.upstream)
        #expect(sourced.central == 0.05)
        #expect(sourced.source == "DEFRA 2024 WTT")
        let uncertain = try #require(try scenario(oneFleet(grid: Self.grid("upstream_kg_per_kwh: {dist: uniform, min: 0.02, max: 0.06}")))
            .sites[0].grid.upstream)
        #expect(uncertain.isUncertain)
        #expect(abs(uncertain.central - 0.04) < 1e-15)
        #expect(abs(uncertain.quantile(0.25) - 0.03) < 1e-15)
    }

    @Test func negativeUpstreamIsRefused() {
        let found = issues(oneFleet(grid: Self.grid("upstream_kg_per_kwh: -0.01")))
        #expect(found.map(\.path) == ["sites.s.grid.upstream_kg_per_kwh"])
        #expect(found.first?.message == "-0.01 is not allowed: must be zero or more")
        let reaching = issues(oneFleet(grid: Self.grid("upstream_kg_per_kwh: {dist: normal, mean: 0.03, sd: 0.02}")))
        #expect(reaching.first?.message.contains("values must be zero or more") == true)
    }

    /// Catalog grids take the same keys, and `footprint catalog` sees them.
    @Test func catalogGrids() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        XX-LCA:
          intensity_kg_per_kwh: 0.5
          basis: lifecycle
          upstream_kg_per_kwh: {value: 0.04, source: upstream study}
          source: test grid
        XX-PLAIN: {intensity_kg_per_kwh: 0.3, source: plain}
        """.write(to: dir.appendingPathComponent("grids.yaml"), atomically: true, encoding: .utf8)
        let catalog = try Catalog.load(directory: dir.path)
        #expect(catalog.gridOrder == ["XX-LCA", "XX-PLAIN"])
        let g = try #require(catalog.grids["XX-LCA"])
        #expect(g.basis == .lifecycle)
        #expect(g.upstream?.central == 0.04)
        #expect(g.upstream?.source == "upstream study")
        #expect(catalog.grids["XX-PLAIN"]?.basis == nil)
        // Overrides reach the new keys too.
        let changed = try Catalog.load(directory: dir.path, overrides: ScenarioLoader.parseOverrides(["grids.XX-PLAIN.basis=direct"]))
        #expect(changed.grids["XX-PLAIN"]?.basis == .direct)
        do {
            _ = try Catalog.load(directory: dir.path, overrides: ScenarioLoader.parseOverrides(["grids.XX-LCA.basis=both"]))
            Issue.record("accepted")
        } catch {
            #expect(error.issues.map(\.position.description) == ["override grids.XX-LCA.basis=both"])
            #expect(error.issues.first?.path == "grids.XX-LCA.basis")
        }
    }
}

@Suite struct ContractKeysTests {
    static func share(_ keys: String) -> String { oneFleet(site: "contracts: [{kind: rec, share: 0.5\(keys)}]") }

    @Test(arguments: [("", false, false), (", hourly: true", true, false), (", legacy: true", false, true),
                      (", hourly: false, legacy: false", false, false), (", hourly: true, legacy: false", true, false)])
    func hourlyAndLegacy(_ keys: String, _ hourly: Bool, _ legacy: Bool) throws {
        let c = try scenario(Self.share(keys)).sites[0].contracts[0]
        #expect(c.hourly == hourly)
        #expect(c.legacy == legacy)
        #expect(c.share?.knots.first?.quantity.central == 0.5)
    }

    @Test func bothAtOnceAreRefused() {
        let found = issues(Self.share(", hourly: true, legacy: true"))
        #expect(found.count == 1)
        #expect(found.first?.path == "sites.s.contracts.0")
        #expect(found.first?.position.line == 8)
        #expect(found.first?.message.hasPrefix("give at most one of hourly and legacy") == true)
    }

    @Test(arguments: ["hourly", "legacy"])
    func refusedOnAnHourlySupply(_ key: String) throws {
        let file = try temporaryFile(Array(repeating: "0.5", count: 8760))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let yaml = oneFleet(site: "contracts: [{kind: ppa, capacity_mw: 10, hourly_profile: \"\(file)\", \(key): true}]")
        let found = issues(yaml)
        #expect(found.count == 1)
        #expect(found.first?.path == "sites.s.contracts.0.\(key)")
        #expect(found.first?.position.column == column(of: "true", in: yaml, line: 8))
        #expect(found.first?.message.hasPrefix("only a share contract says how it counts under hourly matching") == true)
        // Without the key the same contract loads.
        let plain = try scenario(oneFleet(site: "contracts: [{kind: ppa, capacity_mw: 10, hourly_profile: \"\(file)\"}]"))
        #expect(plain.sites[0].contracts[0].supply?.values.first == 0.5)
    }

    @Test(arguments: ["yes", "1", "\"true\"", "[true]"])
    func onlyBooleans(_ value: String) {
        let found = issues(Self.share(", legacy: \(value)"))
        #expect(found.map(\.path) == ["sites.s.contracts.0.legacy"])
        #expect(found.first?.message.hasPrefix("expected true or false, found ") == true)
    }
}

/// The 1-based column of `text` in line `line` of `yaml`.
func column(of text: String, in yaml: String, line: Int) -> Int? {
    let l = yaml.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
    return l.range(of: text).map { l.distance(from: l.startIndex, to: $0.lowerBound) + 1 }
}

/// Every eGRID2023 subregion of the shipped catalog carries what US
/// disclosure needs (scripts/catalog/egrid2023.py writes them): the CO2e
/// average, the rates by gas, the Green-e residual mix and the resource mix.
@Suite struct EGRIDSubregionTests {
    static let subregions = ["AKGD", "AKMS", "AZNM", "CAMX", "ERCT", "FRCC", "HIMS", "HIOA", "MROE", "MROW", "NEWE", "NWPP", "NYCW", "NYLI",
                             "NYUP", "PRMS", "RFCE", "RFCM", "RFCW", "RMPA", "SPNO", "SPSO", "SRMV", "SRMW", "SRSO", "SRTV", "SRVC"]

    @Test func everySubregionHasGasesResidualAndMix() throws {
        let catalog = try Catalog.load(directory: packageRoot.appendingPathComponent("Models/catalog").path)
        for key in Self.subregions {
            let grid = try #require(catalog.grids[key], "\(key) is missing")
            #expect(grid.year == 2023, "\(key)")
            let gases = try #require(grid.gasRates, "\(key): no gas_rates_lb_per_mwh")
            // eGRID's CO2e is CO2 + 28 CH4 + 265 N2O (AR5); the catalog keeps
            // the intensity to 3 decimals of kg/kWh (±0.0005 kg/kWh = ±1.1 lb/MWh).
            let co2e = (gases.co2 + 28 * gases.ch4 + 265 * gases.n2o) * 0.45359237 / 1000
            #expect(abs(co2e - grid.intensity.central) < 0.0006, "\(key): gases give \(co2e) kg/kWh, the intensity is \(grid.intensity.central)")
            let residual = try #require(grid.residualMix, "\(key): no residual mix")
            #expect(residual.central >= grid.intensity.central, "\(key): residual below the average")
            let mix = try #require(grid.mix, "\(key): no mix")
            #expect(abs(mix.coal + mix.oil + mix.gas + mix.nuclear + mix.renewable + mix.other - 1) <= 0.005, "\(key)")
            #expect(mix.year == 2023)
        }
    }
}

/// `source:` as a record an assurer can trace: written as one reference in
/// a fixed order; the string form stays accepted.
@Suite struct SourceRecordTests {
    static func yaml(_ source: String) -> String {
        """
        scenario: {name: records, horizon: {start: 2026-01-01, end: 2027-01-01}, resolution: month, samples: 10}
        sites:
          - name: a
            grid:
              intensity_kg_per_kwh:
                value: 0.410
                source: \(source)
            pue: 1.2
        fleets:
          - {name: f, accelerator: {tdp_w: 700, idle_w: 100, source: test}, site: a, utilization: 0.5, lifetime_years: 5, deploy: [{date: 2026-01-01, units: 10}]}
        """
    }

    @Test func aRecordIsWrittenAsOneReference() throws {
        let record = """
        {publisher: U.S. EPA, title: eGRID2023 revision 2, year: 2025, table: "SRL23, SRC2ERTA (SRTV)", value: 903.306, unit: lb/MWh,
                         conversion: "x 0.45359237/1000 = 0.4097 kg/kWh", url: "https://www.epa.gov/egrid", via: "USEPA/power-profiler app/data/subregion.json @f42a47a9"}
        """
        let s = try scenario(Self.yaml(record))
        #expect(s.sites[0].grid.intensity.source == "U.S. EPA, eGRID2023 revision 2 (2025), SRL23, SRC2ERTA (SRTV): 903.306 lb/MWh; x 0.45359237/1000 = 0.4097 kg/kWh; https://www.epa.gov/egrid; read via USEPA/power-profiler app/data/subregion.json @f42a47a9")
        let short = try scenario(Self.yaml("{publisher: IEA, title: Energy and AI, year: 2025}"))
        #expect(short.sites[0].grid.intensity.source == "IEA, Energy and AI (2025)")
        #expect(try scenario(Self.yaml("\"a string source\"")).sites[0].grid.intensity.source == "a string source")
    }

    /// A value resting on several publications lists them: each is its
    /// own reference, in order, a repeated one once; an "assumption: ..."
    /// item makes the value an estimate.
    @Test func aListGivesOneReferencePerItem() throws {
        let list = """
        [{publisher: NVIDIA, title: DGX A100 User Guide, year: 2020, value: 6.5, unit: kW, conversion: "(6.5 kW - 3.2 kW) / 8 = 412 W: the max"},
                          {publisher: L. Latif et al., title: "arXiv:2412.08602", year: 2025},
                          {publisher: NVIDIA, title: DGX A100 User Guide, year: 2020, value: 6.5, unit: kW, conversion: "(6.5 kW - 3.2 kW) / 8 = 412 W: the max"}]
        """
        let q = try scenario(Self.yaml(list)).sites[0].grid.intensity
        #expect(q.sources == ["NVIDIA, DGX A100 User Guide (2020): 6.5 kW; (6.5 kW - 3.2 kW) / 8 = 412 W: the max", "L. Latif et al., arXiv:2412.08602 (2025)"])
        #expect(q.source == q.sources.joined(separator: " | "))
        #expect(q.dataQuality == .secondary)
        let assumed = try scenario(Self.yaml("[{publisher: IEA, title: Energy and AI, year: 2025}, \"assumption: the mode is the midpoint\"]")).sites[0].grid.intensity
        #expect(assumed.sources.count == 2)
        #expect(assumed.dataQuality == .estimate)
        // A block's list is every value's default, item by item.
        let block = Self.yaml("x").replacingOccurrences(of: "{tdp_w: 700, idle_w: 100, source: test}",
                                                         with: "{tdp_w: 700, idle_w: {value: 100, source: own}, source: [{publisher: NVIDIA, title: Datasheet, year: 2024}, \"assumption: idle as measured\"]}")
        let accelerator = try #require(try scenario(block).fleets.first?.accelerator)
        #expect(accelerator[.tdpW]?.sources == ["NVIDIA, Datasheet (2024)", "assumption: idle as measured"])
        #expect(accelerator[.idleW]?.sources == ["own"])
    }

    @Test(arguments: [
        ("{title: eGRID, year: 2025}", "source.publisher: missing: who published the figure"),
        ("{publisher: EPA, title: eGRID, year: 2025, value: 903.3}", "source.unit: missing: the unit the figure is published in"),
        ("{publisher: EPA, title: eGRID, year: 2025, value: about 900, unit: lb/MWh}", "source.value: expected the figure as published, a number"),
        ("{publisher: EPA, title: eGRID, year: 2025, page: 4}", "source.page: unknown key"),
        ("[]", "source: an empty list of sources"),
        ("[{publisher: EPA, title: eGRID, year: 2025}, [EPA]]", "source.1: expected text or a record {publisher, title, year, table, url, value, unit, conversion, via}, found a list inside the list"),
        ("[\"assumption: x\", {publisher: EPA, year: 2025}]", "source.1.title: missing: the publication's title"),
    ])
    func aBadRecordIsRefusedWithItsPlace(_ record: String, _ message: String) {
        #expect { try scenario(Self.yaml(record), file: "records.yaml") } throws: {
            "\($0)".contains("records.yaml:") && "\($0)".contains("sites.a.grid.intensity_kg_per_kwh.\(message)")
        }
    }
}

/// The shipped catalog cites publications an assurer can trace: every
/// `source` in Models/catalog/ is a record, or a list of records, and text
/// only where it says what is assumed ("assumption: ..."); no source cites a
/// search-index id, which no reader can follow.
@Suite struct CatalogSourcesAreRecordsTests {
    @Test(arguments: ["accelerators", "fuels", "generators", "grids", "gwp"])
    func everyCatalogSourceIsARecordOrAnAssumption(_ name: String) throws {
        let url = packageRoot.appendingPathComponent("Models/catalog/\(name).yaml")
        let root = try YAMLTree.parse(try String(contentsOf: url, encoding: .utf8), file: url.path)
        var sources = 0, problems: [String] = []
        func item(_ n: YNode, _ path: String) {
            switch n {
            case .mapping: for text in scalars(n) where text.contains("find_string") { problems.append("\(path): cites a search-index id") }
            case let .scalar(s, _, _): if !s.hasPrefix("assumption: ") { problems.append("\(path): text that is not an assumption: \(s.prefix(60))") }
            case .sequence: problems.append("\(path): a list in a list")
            }
        }
        func walk(_ n: YNode, _ path: String) {
            switch n {
            case let .mapping(entries, _):
                for e in entries {
                    let p = path.isEmpty ? e.key : path + "." + e.key
                    guard e.key == "source" else { walk(e.value, p); continue }
                    sources += 1
                    if case let .sequence(items, _) = e.value {
                        for (i, x) in items.enumerated() { item(x, "\(p).\(i)") }
                    } else { item(e.value, p) }
                }
            case let .sequence(items, _): for (i, x) in items.enumerated() { walk(x, "\(path).\(i)") }
            case .scalar: break
            }
        }
        func scalars(_ n: YNode) -> [String] {
            switch n {
            case let .scalar(s, _, _): [s]
            case let .mapping(entries, _): entries.flatMap { scalars($0.value) }
            case let .sequence(items, _): items.flatMap(scalars)
            }
        }
        walk(root, "")
        #expect(sources > 0)
        #expect(problems.isEmpty, Comment(rawValue: "\(problems.count) of \(sources) sources in \(name).yaml:\n" + problems.prefix(20).joined(separator: "\n")))
    }
}
