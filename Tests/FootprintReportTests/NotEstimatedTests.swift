import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel
@testable import FootprintReport
import FootprintTestSupport

/// Not estimated is not zero: an output with no input behind it is null in
/// JSON (with why in `not_estimated`), empty in CSV, "not estimated" in the
/// table and the report; a total over parts counts the parts that are
/// estimated and names those that are not.
@Suite struct NotEstimatedTests {
    /// Two sites: `a` with a WUE and an upstream factor, `b` with neither,
    /// and no grid water anywhere; fleet `fa` with embodied figures, `fb`
    /// without.
    static let yaml = """
        scenario: {name: gaps, horizon: {start: 2026-01-01, end: 2027-01-01}, resolution: month}
        sites:
          - {name: a, grid: {intensity_kg_per_kwh: 0.4, upstream_kg_per_kwh: 0.05, source: test}, pue: 1.2, wue_l_per_kwh: 0.5}
          - {name: b, grid: {intensity_kg_per_kwh: 0.3, source: test}, pue: 1.3}
        fleets:
          - name: fa
            accelerator: {tdp_w: 700, idle_w: 100, embodied_kgco2e: 1500, peak_tflops: 989, source: test}
            site: a
            utilization: 0.5
            lifetime_years: 5
            deploy: [{date: 2026-01-01, units: 1000}]
          - name: fb
            accelerator: {tdp_w: 700, idle_w: 100, source: test}
            site: b
            utilization: 0.5
            lifetime_years: 5
            deploy: [{date: 2026-01-01, units: 1000}]
        """

    static func summary() throws -> RunSummary {
        MonteCarlo.run(try EvaluationPlan(try scenario(yaml)), samples: 1, seed: 1, threads: 1)
    }

    @Test func estimatesFollowTheInputs() throws {
        let plan = try EvaluationPlan(try scenario(Self.yaml))
        // Water of generation: no grid has it.
        #expect(plan.estimate(.waterOffsiteM3, .total) == Estimate(isEstimated: false, missing: [.gridWater(site: 0), .gridWater(site: 1)]))
        // On-site water: a total over sites counts a's and names b.
        #expect(plan.estimate(.waterOnsiteM3, .total) == Estimate(isEstimated: true, missing: [.wue(site: 1)]))
        #expect(plan.estimate(.waterOnsiteM3, .site(0)) == .full)
        #expect(plan.estimate(.waterOnsiteM3, .site(1)).isEstimated == false)
        // Water, a sum: estimated where one part is.
        #expect(plan.estimate(.waterM3, .fleet(0)) == Estimate(isEstimated: true, missing: [.gridWater(site: 0)]))
        #expect(plan.estimate(.waterM3, .fleet(1)).isEstimated == false)
        #expect(plan.estimate(.emissionsScope3Cat3TCO2e, .total) == Estimate(isEstimated: true, missing: [.upstream(site: 1)]))
        #expect(plan.estimate(.emissionsEmbodiedUpfrontTCO2e, .fleet(1)).isEstimated == false)
        #expect(plan.estimate(.computeExaFLOP, .total) == Estimate(isEstimated: true, missing: [.peakFLOP(fleet: 1)]))
        // Amortized: fa has figures but no service life.
        #expect(plan.estimate(.emissionsEmbodiedAmortizedTCO2e, .fleet(0)) == Estimate(isEstimated: false, missing: [.serviceLife(fleet: 0)]))
        // What needs no optional input is always estimated.
        #expect(plan.estimate(.emissionsLocationTCO2e, .total) == .full)
        // Category 1 does not count operated sites: its zero is a true zero.
        #expect(plan.estimate(.emissionsScope3Cat1TCO2e, .total) == .full)
    }

    @Test func jsonIsNullWithReasons() throws {
        let r = try Self.summary()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ResultsExport.json(r).utf8)) as? [String: Any])
        let totals = try #require(json["totals"] as? [String: Any])
        #expect(totals["water_offsite_m3"] is NSNull)
        let onsite = try #require(totals["water_onsite_m3"] as? [String: Double])
        // Only site a's: 1,000 units × 400 W (100 + 0.5 × 600, no host) × 8,760 h × 0.5 L/kWh.
        let expected = 1000 * 400e-6 * 8760 * 0.5
        #expect(abs(onsite["mean"]! - expected) <= 1e-9 * expected)
        let sites = try #require(json["sites"] as? [[String: Any]])
        #expect(sites[1]["water_onsite_m3"] is NSNull)
        let periods = try #require(json["periods"] as? [[String: Any]])
        #expect(periods[0]["water_offsite_m3"] is NSNull)
        let list = try #require(json["not_estimated"] as? [[String: Any]])
        let offsite = try #require(list.first { $0["key"] as? String == "water_offsite_m3" && $0["scope"] as? String == "total" })
        #expect(offsite["status"] as? String == "not_estimated")
        #expect(offsite["because"] as? [String] == ["the grid of site a has no water of generation", "the grid of site b has no water of generation"])
        let partial = try #require(list.first { $0["key"] as? String == "water_onsite_m3" && $0["scope"] as? String == "total" })
        #expect(partial["status"] as? String == "partial")
        #expect(partial["because"] as? [String] == ["site b has no WUE"])
        // Fully estimated outputs are not listed.
        #expect(!list.contains { $0["key"] as? String == "emissions_location_tco2e" })
    }

    @Test func csvCellsAreEmptyAndTableSaysSo() throws {
        let r = try Self.summary()
        let lines = ResultsExport.csv(r).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = try #require(header.firstIndex(of: "water_offsite_m3_mean"))
        let location = try #require(header.firstIndex(of: "emissions_location_tco2e_mean"))
        for line in lines.dropFirst() where line.hasPrefix("total,") {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(cells[column] == "")
            #expect(cells[location] != "")
        }
        let table = ResultsExport.table(r)
        #expect(table.contains("at the power plants") && table.contains("not estimated (the grid of site a has no water of generation; the grid of site b has no water of generation)"))
        #expect(table.contains("water_onsite_m3 leaves out what is not estimated: site b has no WUE"))
    }

    @Test func reportSaysNotEstimated() throws {
        let r = try Self.summary()
        let md = MarkdownReport(summary: r, tornado: [], name: "gaps", command: "footprint report gaps.yaml").markdown
        #expect(md.contains("| Water of generation (off-site) | not estimated | – |"))
        #expect(md.contains("* Water of generation (off-site) is not estimated: the grid of site a has no water of generation; the grid of site b has no water of generation."))
        #expect(md.contains("* Water on-site (WUE × IT energy) leaves out what is not estimated: site b has no WUE."))
    }

    /// A figure whose central 90 % of draws agree prints without a range;
    /// one whose tail moves the mean says so.
    @Test func rangesOnlyWhereThereIsOne() {
        let u = DisplayUnit(scale: 1e-3, name: "ktCO2e")
        #expect(MarkdownReport.words(Statistic(mean: 5000, p5: 5000, p50: 5000, p95: 5000), unit: u, ranges: true) == "5.00 ktCO2e")
        #expect(MarkdownReport.words(Statistic(mean: 1650, p5: 0, p50: 0, p95: 0), unit: u, ranges: true) == "1.65 ktCO2e (mean; P5 and P95 both 0 ktCO2e)")
        #expect(MarkdownReport.words(Statistic(mean: 5000, p5: 4000, p50: 5000, p95: 6000), unit: u, ranges: true) == "5.00 ktCO2e (P5–P95: 4.00–6.00 ktCO2e)")
    }
}

/// The report's refrigerants: the charges listed, their leaks in Scope 1
/// (20,000 kg × 5 % × GWP 1,300 = 1,300 tCO2e a year), and where none are
/// listed, Scope 1 says it leaves them out.
@Suite struct RefrigerantReportTests {
    static func markdown(_ refrigerants: String) throws -> String {
        let yaml = """
            scenario: {name: cooling, horizon: {start: 2026-01-01, end: 2027-01-01}, resolution: month}
            sites:
              - {name: a, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: 1.2\(refrigerants)}
            fleets:
              - {name: f, accelerator: {tdp_w: 700, idle_w: 100, source: test}, site: a, utilization: 0.5, lifetime_years: 5, deploy: [{date: 2026-01-01, units: 1000}]}
            """
        let r = MonteCarlo.run(try EvaluationPlan(try scenario(yaml)), samples: 1, seed: 1, threads: 1)
        return MarkdownReport(summary: r, tornado: [], name: "cooling", command: "footprint report cooling.yaml").markdown
    }

    @Test func listedAndCounted() throws {
        let md = try Self.markdown(", refrigerants: [{gas: R-134a, gwp: 1300, charge_kg: 20000, leak_rate: 0.05, source: test}]")
        #expect(md.contains("| a | R-134a | 20000 | 0.05 | 1300 |"))
        #expect(md.contains("| Scope 1: refrigerant leaks of the sites' cooling (charge × leak rate × GWP) | 1.30 | ktCO2e |"))
        #expect(!md.contains("lists no refrigerants"))
        // Sources are cited by number and listed once at the end.
        #expect(md.contains("| `sites.a.refrigerants.0.gwp` | 1300 | – | secondary | [1] |"), "\(md)")
        #expect(md.contains("## References\n\n1. test\n"))
    }

    @Test func absentIsSaid() throws {
        let md = try Self.markdown("")
        #expect(md.contains("Scope 1, on-site combustion and refrigerant leaks (sites the company operates) leaves out what is not estimated: site a lists no refrigerants."))
    }
}

/// The footer names the commit of the checkout the tool was built from.
@Suite struct FooterCommitTests {
    @Test func footerNamesTheCommit() throws {
        let git = packageRoot.appendingPathComponent(".git").path
        guard FileManager.default.fileExists(atPath: git) else { return }  // a tarball: nothing to name
        let head = try #require(FootprintVersion.commit)
        #expect(head.count == 40 && head.allSatisfy(\.isHexDigit))
        let md = try RefrigerantReportTests.markdown("")
        #expect(md.contains("Footprint \(FootprintVersion.current) (commit \(head.prefix(12))) · model"))
        #expect(withoutCommit(md).contains("Footprint \(FootprintVersion.current) · model"))
    }
}

/// Data quality: `quality:` as given, else from the source; the report
/// says how much of each headline figure's variance rests on estimates.
@Suite struct DataQualityTests {
    static func yaml(_ pue: String) -> String {
        """
        scenario: {name: quality, horizon: {start: 2026-01-01, end: 2027-01-01}, resolution: month, samples: 200}
        sites:
          - {name: a, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: \(pue)}
        fleets:
          - {name: f, accelerator: {tdp_w: 700, idle_w: 100, source: test}, site: a, utilization: 0.5, lifetime_years: 5, deploy: [{date: 2026-01-01, units: 1000}]}
        """
    }

    @Test(arguments: [
        ("{dist: uniform, min: 1.1, max: 1.3, quality: primary, source: metered}", DataQuality.primary),
        ("{dist: uniform, min: 1.1, max: 1.3, source: 'Published report, 2025'}", .secondary),
        ("{dist: uniform, min: 1.1, max: 1.3, source: 'assumption: a new campus'}", .estimate),
        ("{dist: uniform, min: 1.1, max: 1.3}", .estimate),
    ])
    func qualityOfAnInput(_ pue: String, _ expected: DataQuality) throws {
        let plan = try EvaluationPlan(try scenario(Self.yaml(pue)))
        #expect(plan.parameters.first { $0.path == "sites.a.pue" }?.dataQuality == expected)
    }

    @Test func badQualityIsRefused() throws {
        #expect { try scenario(Self.yaml("{value: 1.2, quality: measured}")) } throws: {
            "\($0)".contains("'measured' is not a data quality: use primary")
        }
    }

    /// The only uncertain input is an assumption: all the spread rests on estimates.
    @Test func reportSaysHowMuchRestsOnEstimates() throws {
        let plan = try EvaluationPlan(try scenario(Self.yaml("{dist: uniform, min: 1.1, max: 1.3, source: 'assumption: a new campus'}")))
        let summary = MonteCarlo.run(plan, samples: 200, seed: 1, threads: 1)
        let tornado = try ScenarioSensitivity.tornado(plan, metric: MarkdownReport.tornadoMetric)
        let shares = try QualityShares.compute(plan, metrics: MarkdownReport.qualityMetrics(plan), n: 256, threads: 1)
        let md = MarkdownReport(summary: summary, tornado: tornado, qualityShares: shares, name: "q", command: "footprint report q.yaml").markdown
        #expect(md.contains("### Data quality of the headline figures"))
        #expect(md.contains("| Figure | Estimates |\n|---|---:|\n| Facility energy | 100 % |\n"), "\(md)")
        #expect(md.contains("| `sites.a.pue` | uniform(min 1.1, max 1.3) | – | estimate | [4] |"), "\(md)")
    }
}

/// `confidence:` on a figure about a real project: official, press or
/// estimate; the report shows it beside the quality, the league counts it.
@Suite struct ConfidenceTests {
    @Test(arguments: [
        ("{dist: uniform, min: 1.1, max: 1.3, confidence: official, source: 'Operator, 2025'}", SourceConfidence.official, DataQuality.secondary),
        ("{dist: uniform, min: 1.1, max: 1.3, confidence: press, source: 'Newspaper, 2025'}", .press, .secondary),
        // A published source but the figure is an estimate: estimate wins.
        ("{dist: uniform, min: 1.1, max: 1.3, confidence: estimate, source: 'Published report, 2025'}", .estimate, .estimate),
        // quality: as given still decides the quality.
        ("{dist: uniform, min: 1.1, max: 1.3, confidence: press, quality: primary, source: 'metered'}", .press, .primary),
    ])
    func confidenceOfAnInput(_ pue: String, _ confidence: SourceConfidence, _ quality: DataQuality) throws {
        let plan = try EvaluationPlan(try scenario(DataQualityTests.yaml(pue)))
        let q = plan.parameters.first { $0.path == "sites.a.pue" }
        #expect(q?.confidence == confidence)
        #expect(q?.dataQuality == quality)
    }

    @Test func badConfidenceIsRefusedWithItsPlace() throws {
        #expect { try scenario(DataQualityTests.yaml("{value: 1.2, confidence: rumour, source: x}"), file: "campus.yaml") } throws: {
            "\($0)".contains("campus.yaml:3:") && "\($0)".contains("sites.a.pue.confidence: 'rumour' is not a confidence: use official (stated by the company or a regulator), press (reported) or estimate (derived or assumed)")
        }
    }

    @Test func reportShowsItBesideTheQuality() throws {
        let plan = try EvaluationPlan(try scenario(DataQualityTests.yaml("{dist: uniform, min: 1.1, max: 1.3, confidence: press, source: 'Newspaper, 2025'}")))
        let summary = MonteCarlo.run(plan, samples: 200, seed: 1, threads: 1)
        let md = MarkdownReport(summary: summary, tornado: [], name: "q", command: "footprint report q.yaml").markdown
        #expect(md.contains("| `sites.a.pue` | uniform(min 1.1, max 1.3) | – | secondary (press) |"), "\(md)")
        #expect(md.contains("the quality names it in brackets: official"))
    }

    /// The league counts a scenario's own inputs by confidence: not the
    /// catalog's, not an override, not an off-grid site's implied zero.
    @Test func leagueCountsTheScenariosOwnInputs() throws {
        let yaml = """
        scenario: {name: campus, horizon: {start: 2026-01-01, end: 2027-01-01}, resolution: month, samples: 100}
        sites:
          - {name: a, grid: {intensity_kg_per_kwh: {value: 0.4, confidence: official, source: 'Utility, 2025'}}, pue: {value: 1.2, confidence: estimate, source: 'assumption'}}
          - name: b
            grid: none
            pue: {value: 1.1, confidence: press, source: 'Newspaper'}
            generation: [{name: t, generator: {fuel: {co2_kg_per_mmbtu: 53.06, ch4_g_per_mmbtu: 1.0, n2o_g_per_mmbtu: 0.1, family: natural_gas, source: EPA}, heat_rate_mmbtu_per_mwh: 10, source: test}, capacity_mw: {value: 100, confidence: official, source: 'Permit'}, mode: primary}]
        fleets:
          - {name: f, accelerator: {tdp_w: 700, idle_w: 100, source: test}, site: a, utilization: {value: 0.5, confidence: estimate, source: x}, lifetime_years: 5, deploy: [{date: 2026-01-01, units: {value: 1000, confidence: official, source: 'Company'}}]}
          - {name: g, accelerator: {tdp_w: 700, idle_w: 100, source: test}, site: b, utilization: 0.5, lifetime_years: 5, deploy: [{date: 2026-01-01, units: 10}]}
        """
        let plan = try EvaluationPlan(try scenario(yaml, file: "campus.yaml", set: ["sites.a.pue=1.3"]))
        let entry = LeagueReport.Entry(name: "campus", file: "campus.yaml", summary: MonteCarlo.run(plan, samples: 100, seed: 1, threads: 1))
        // official: a's grid, t's capacity, f's units; press: b's pue; estimate: f's utilization;
        // not stated (12): the inline fuel (3) and heat rate, both accelerators' TDP and idle (4),
        // g's utilization and units, f's and g's lifetime. a's pue is overridden; b's grid is implied.
        #expect(entry.officialCell == "3 of 17 (press 1, estimate 1, not stated 12)")
    }

    /// `scenario.kind`: the league compares the campuses among themselves
    /// and says the deals apart, however large they are.
    @Test func leagueSaysTheDealsApart() throws {
        func entry(_ name: String, kind: String, units: Int) throws -> LeagueReport.Entry {
            let yaml = """
            scenario: {name: \(name), kind: \(kind), horizon: {start: 2026-01-01, end: 2027-01-01}, resolution: year, samples: 1}
            sites: [{name: a, grid: {intensity_kg_per_kwh: 0.4}, pue: 1.25}]
            fleets: [{name: f, accelerator: {tdp_w: 700, idle_w: 100, host_w: 300, network_w: 0}, site: a, utilization: 0.5, lifetime_years: 5, deploy: [{date: 2026-01-01, units: \(units)}]}]
            """
            let plan = try EvaluationPlan(try scenario(yaml, file: "\(name).yaml"))
            return LeagueReport.Entry(name: name, file: "\(name).yaml", summary: MonteCarlo.run(plan, samples: 1, seed: 1, threads: 1))
        }
        // Capacity = units × (700 + 300) W × 1.25: 1.25 GW, 125 MW, 250 MW.
        let league = LeagueReport(entries: [try entry("Big deal", kind: "deal", units: 1_000_000), try entry("Campus A", kind: "campus", units: 100_000),
                                            try entry("Campus B", kind: "campus", units: 200_000)], command: "footprint league", folder: "x")
        let md = league.markdown
        #expect(md.contains("| 1 | [Big deal](x/Big deal.md) | deal | 2026 |"), "\(md)")
        #expect(league.paragraph.hasPrefix("Campus B is the largest campus at full build (250 MW in 2026). Campus B emits the most of the campuses"), "\(league.paragraph)")
        #expect(league.paragraph.contains("One deal names capacity but no site, so its grid and PUE are assumptions: Big deal (1.25 GW in 2026). The largest, Big deal, is 5 times the largest campus."), "\(league.paragraph)")
        #expect { try scenario("scenario: {name: x, kind: rumour, horizon: {start: 2026-01-01, end: 2027-01-01}}\nsites: []\nfleets: []", file: "k.yaml") } throws: {
            "\($0)".contains("k.yaml:1:") && "\($0)".contains("scenario.kind: 'rumour' is not a kind: use campus (a named site) or deal (capacity committed with no site named)")
        }
    }
}
