import Foundation
import Testing

@Suite(.serialized) struct CLITests {
    static let contractKeys = ["energy_it_mwh", "energy_facility_mwh", "emissions_location_tco2e", "emissions_market_tco2e",
                               "emissions_embodied_upfront_tco2e", "emissions_embodied_amortized_tco2e", "water_m3",
                               "peak_facility_power_mw", "accelerator_hours"]

    /// Every shipped model produces the JSON results contract (docs/results.md).
    @Test(arguments: shippedModels)
    func jsonContract(_ model: String) throws {
        let r = try footprint("run", "Models/\(model)", "--format", "json", "--samples", "50")
        #expect(r.status == 0, "\(r)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        for key in ["scenario", "model_sha256", "tool_version", "seed", "samples", "totals", "periods", "fleets"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let totals = json["totals"] as! [String: Any]
        // Every key is a statistic, or null and listed as not estimated.
        let notEstimated = Set((json["not_estimated"] as! [[String: Any]])
            .filter { $0["scope"] as? String == "total" && $0["status"] as? String == "not_estimated" }.map { $0["key"] as! String })
        for key in Self.contractKeys {
            if totals[key] is NSNull {
                #expect(notEstimated.contains(key), "\(key) is null but not listed as not estimated")
            } else {
                let stat = totals[key] as? [String: Any]
                #expect(stat?.keys.sorted() == ["mean", "p5", "p50", "p95"], "\(key)")
            }
        }
        let periods = json["periods"] as! [[String: Any]]
        #expect(!periods.isEmpty)
        #expect(periods.allSatisfy { p in Self.contractKeys.allSatisfy { p[$0] != nil } && p["start"] is String })
        let fleets = json["fleets"] as! [[String: Any]]
        #expect(fleets.allSatisfy { $0["name"] is String && $0["energy_facility_mwh"] != nil })
        #expect((json["model_sha256"] as? String)?.count == 64)
    }

    /// The default scenario's ranges come from its distributions: a wider,
    /// higher PUE distribution at one site moves the mean and widens P5–P95.
    @Test func defaultRangesFollowTheDistributions() throws {
        func facility(_ extra: String...) throws -> [String: Double] {
            let r = try footprint(["run", "--format", "json", "--samples", "400"] + extra)
            #expect(r.status == 0, "\(r)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            return (json["totals"] as! [String: Any])["energy_facility_mwh"] as! [String: Double]
        }
        let base = try facility()
        let wider = try facility("--set", "sites.texas-nvidia.pue={dist: uniform, min: 1.3, max: 1.6}")
        #expect(base["p5"]! < base["p50"]! && base["p50"]! < base["p95"]!)
        #expect(wider["mean"]! > base["mean"]!)
        #expect(wider["p95"]! - wider["p5"]! > base["p95"]! - base["p5"]!)
    }

    @Test func outputIsByteIdenticalAcrossThreadCounts() throws {
        let a = try footprint("run", "--format", "json", "--samples", "300", "--threads", "1")
        let b = try footprint("run", "--format", "json", "--samples", "300", "--threads", "2")
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
    }

    @Test func csvHasARowPerScopeAndPeriod() throws {
        let r = try footprint("run", "Models/gpt3-training.yaml", "--format", "csv")
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines[0].hasPrefix("scope,name,period_start,period_end,energy_it_mwh_mean"))
        // total, one fleet, one site; one year plus the whole horizon each.
        #expect(lines.count == 1 + 3 * 2)
    }

    @Test func setOverridesChangeResults() throws {
        let base = try footprint("run", "Models/gpt3-training.yaml", "--format", "json")
        let higher = try footprint("run", "Models/gpt3-training.yaml", "--format", "json", "--set", "sites.microsoft-datacenter.pue=1.21")
        #expect(base.stdout != higher.stdout)
        #expect(higher.stdout.contains("sites.microsoft-datacenter.pue=1.21"))
    }

    @Test func validateReportsFileLineAndKey() throws {
        let bad = packageRoot.appendingPathComponent("Tests/FootprintLoadingTests/Fixtures/bad/pue-below-one.yaml").path
        let r = try footprint("validate", bad)
        #expect(r.status != 0)
        #expect(r.stderr.contains("pue-below-one.yaml:8:10: error: sites.s.pue"))
        #expect(r.stdout.isEmpty)
        let ok = try footprint("validate", "Models/gpt3-training.yaml")
        #expect(ok.status == 0)
    }

    @Test func badOptionsFailClearly() throws {
        let r = try footprint("run", "--samples", "0")
        #expect(r.status != 0)
        #expect(r.stderr.contains("--samples must be 1 or more"))
        let missing = try footprint("run", "Models/nope.yaml")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("Models/nope.yaml: error: no such file"))
    }

    /// Every failure is printed once, by the root command: model problems
    /// as file:line:column messages, exit status 1, no crash trace; usage
    /// errors with ArgumentParser's status 64.
    @Test func failuresArePrintedInOnePlace() throws {
        let bad = packageRoot.appendingPathComponent("Tests/FootprintLoadingTests/Fixtures/bad/pue-below-one.yaml").path
        for command in [["run", bad], ["report", bad, "--output", "/tmp/never-written.md"], ["sensitivity", bad], ["validate", bad]] {
            let r = try footprint(command)
            #expect(r.status == 1, "\(command[0])")
            #expect(r.stdout.isEmpty, "\(command[0])")
            #expect(r.stderr.components(separatedBy: "\n").filter { $0.contains("pue-below-one.yaml:8:10: error: sites.s.pue") }.count == 1,
                    "\(command[0]): \(r)")
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"), "\(command[0])")
        }
        let unwritable = try footprint("run", "Models/gpt3-training.yaml", "--output", "Models/gpt3-training.yaml/results.json")
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.hasPrefix("Models/gpt3-training.yaml/results.json: error: cannot write: "))
        let unknown = try footprint("goal-seek", "--vary", "sites.us-east.pue", "--metric", "energy_facility_mwh", "--target", "1")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("Models/hybrid-buildout.yaml: error: no input 'sites.us-east.pue' in this scenario"))
    }

    /// --samples means Monte Carlo draws everywhere: sensitivity, which
    /// draws none, refuses it and names --base-samples.
    @Test func samplesMeanDrawsEverywhere() throws {
        let r = try footprint("sensitivity", "--samples", "100")
        #expect(r.status == 64)
        #expect(r.stderr.contains("--base-samples"))
        let goal = try footprint("goal-seek", "--samples", "10", "--vary", "x", "--metric", "energy_facility_mwh", "--target", "1")
        #expect(goal.status == 64)
        #expect(goal.stderr.contains("--samples, --seed and --threads apply to --stat"))
    }

    static let requiredAccelerators = [
        "nvidia-v100-sxm2", "nvidia-a100-40gb-sxm", "nvidia-a100-80gb-sxm", "nvidia-h100-sxm", "nvidia-h200-sxm",
        "nvidia-b200", "nvidia-gb200", "nvidia-gb300", "amd-mi300x", "amd-mi325x", "amd-mi355x",
        "google-tpu-v4", "google-tpu-v5e", "google-tpu-v5p", "google-tpu-v6e", "google-tpu-v7-ironwood",
        "aws-trainium1", "aws-trainium2", "aws-trainium3", "aws-inferentia2",
    ]
    static let requiredGrids = [
        "US", "US-VA", "US-TX", "US-OH", "US-GA", "US-IA", "US-OR", "US-AZ", "US-CA", "US-WA", "US-NV", "US-IL", "US-NC",
        "SRVC", "ERCT", "RFCW", "RFCE", "NWPP", "CAMX", "MROW", "SRSO", "AZNM",
        // Every other eGRID2023 subregion.
        "AKGD", "AKMS", "FRCC", "HIMS", "HIOA", "MROE", "NEWE", "NYCW", "NYLI", "NYUP", "PRMS", "RFCM", "RMPA",
        "SPNO", "SPSO", "SRMV", "SRMW", "SRTV",
        "WORLD", "IE", "NL", "DE", "FR", "SE", "NO", "FI", "GB", "ES", "JP", "SG", "IN", "CN", "KR", "AU", "CA", "BR", "SA", "AE",
    ]

    /// A grid given by a state or a balancing authority is answered with the
    /// subregions that serve it, not a neighbour by spelling (SRTV, not SRVC).
    @Test(arguments: [("Tennessee", "'SRTV'"), ("TVA", "'SRTV'"), ("Louisiana", "'SRMV'"), ("ERCOT", "'ERCT'"), ("SRTX", "did you mean")])
    func gridSuggestionsByWhatTheyServe(_ given: String, _ expected: String) throws {
        let r = try footprint("run", "--samples", "1", "--set", "sites.texas-nvidia.grid=\(given)")
        #expect(r.status != 0)
        #expect(r.stderr.contains(expected), "\(r.stderr)")
    }

    /// Every catalog accelerator can carry a fleet: the 1 GW campus run with
    /// each in place of GB300 gives a finite, positive energy and embodied.
    @Test(arguments: requiredAccelerators)
    func everyAcceleratorRuns(_ key: String) throws {
        let r = try footprint("run", "Models/gigawatt-campus.yaml", "--samples", "20", "--format", "json",
                              "--set", "fleets.gb300.accelerator=\(key)")
        #expect(r.status == 0, "\(key): \(r)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let totals = json["totals"] as! [String: Any]
        for metric in ["energy_facility_mwh", "emissions_embodied_upfront_tco2e", "accelerator_hours"] {
            let mean = (totals[metric] as? [String: Double])?["mean"] ?? .nan
            #expect(mean.isFinite && mean > 0, "\(key) \(metric) = \(mean)")
        }
    }

    /// A catalog chip-hour price buys a commitment: the default scenario's
    /// $30 billion Trainium2 commitment spent on TPU v6e at its central
    /// price (the 1-year commitment price, $1.89 per chip-hour) buys
    /// 30e9 / 1.89 chip-hours.
    @Test func catalogTPUPriceBuysCommitment() throws {
        let r = try footprint("run", "--samples", "1", "--format", "json", "--set", "fleets.trainium2.accelerator=google-tpu-v6e")
        #expect(r.status == 0, "\(r)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let fleet = (json["fleets"] as! [[String: Any]]).first { $0["name"] as? String == "trainium2" }!
        let hours = (fleet["accelerator_hours"] as! [String: Double])["mean"]!
        #expect(abs(hours / (30e9 / 1.89) - 1) < 1e-9, "\(hours)")
    }

    /// A catalog residual mix reaches market-based emissions: the campus,
    /// without contracts, is counted at the residual mix instead of the
    /// average, so market / location = residual / average: Germany's AIB
    /// 2024 residual 0.725 against EEA's 2024 direct 0.291; ERCOT's Green-e
    /// residual 0.375 against eGRID2023 rev2's 0.334 (the campus's own grid). ERCT's
    /// hourly profile shapes location-based emissions only, so for ERCT the
    /// ratio is checked with a flat profile in its place, and the catalog's
    /// 2022 ERCOT shape moves location-based by under 1 % (it redistributes
    /// the year's intensity; the monthly steps weight it by the ramping load).
    @Test(arguments: [("DE", 0.725 / 0.291), ("ERCT", 0.374 / 0.334)])
    func catalogResidualMixDrivesMarketBased(_ grid: String, _ ratio: Double) throws {
        let dir = try temporaryFolder("flat")
        defer { try? FileManager.default.removeItem(at: dir) }
        let flat = dir.appendingPathComponent("flat.csv")
        try Array(repeating: "1", count: 8760).joined(separator: "\n").write(to: flat, atomically: true, encoding: .utf8)
        func totals(_ extra: [String]) throws -> (location: Double, market: Double, json: [String: Any]) {
            let r = try footprint(["run", "Models/gigawatt-campus.yaml", "--samples", "1", "--format", "json",
                                   "--set", "sites.texas-campus.grid=\(grid)"] + extra)
            try #require(r.status == 0, "\(r)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            let totals = json["totals"] as! [String: Any]
            return ((totals["emissions_location_tco2e"] as! [String: Double])["mean"]!,
                    (totals["emissions_market_tco2e"] as! [String: Double])["mean"]!, json)
        }
        let shaped = try totals([])
        let flatRun = grid == "ERCT" ? try totals(["--set", "grids.ERCT.hourly_profile=\(flat.path)"]) : shaped
        #expect(abs(flatRun.market / flatRun.location - ratio) < 1e-9)
        #expect(shaped.market == flatRun.market)
        #expect(abs(shaped.location / flatRun.location - 1) < 0.01)
        let site = (shaped.json["sites"] as! [[String: Any]])[0]
        #expect(site["residual_mix_is_grid_average"] as? Bool == false)
    }

    /// An hourly supply contract read from a CSV next to the model (the
    /// path is relative to the model file): supply of twice the load in the
    /// first 4,380 hours halves market-based emissions; `--set` reaches its
    /// capacity.
    @Test func hourlySupplyProfileNextToTheModel() throws {
        let dir = try temporaryFolder("supply")
        defer { try? FileManager.default.removeItem(at: dir) }
        let profile = ["capacity_factor"] + Array(repeating: "1", count: 4380) + Array(repeating: "0", count: 4380)
        try profile.joined(separator: "\n").write(to: dir.appendingPathComponent("supply.csv"), atomically: true, encoding: .utf8)
        let model = """
        scenario: {name: supply, horizon: {start: 2026-01-01, end: 2027-01-01}, resolution: day}
        sites:
          - name: s
            grid: {intensity_kg_per_kwh: 0.4, source: test}
            pue: 1.2
            contracts: [{kind: ppa, capacity_mw: 1.56, hourly_profile: supply.csv, source: test}]
        fleets:
          - {name: f, accelerator: {tdp_w: 700, idle_w: 100, host_w: 200, network_w: 50, source: test},
             site: s, utilization: 0.5, lifetime_years: 5, deploy: [{date: 2026-01-01, units: 1000}]}
        """
        let file = dir.appendingPathComponent("model.yaml")
        try model.write(to: file, atomically: true, encoding: .utf8)
        func totals(_ extra: [String]) throws -> (Double, Double) {
            let r = try footprint(["run", file.path, "--samples", "1", "--format", "json"] + extra)
            #expect(r.status == 0, "\(r)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            let t = json["totals"] as! [String: Any]
            return ((t["emissions_location_tco2e"] as! [String: Double])["mean"]!, (t["emissions_market_hourly_tco2e"] as! [String: Double])["mean"]!)
        }
        let (location, market) = try totals([])
        #expect(abs(location - 0.78 * 8760 * 0.4) < 1e-9 * location)
        #expect(abs(market - location / 2) < 1e-9 * location)
        let (_, none) = try totals(["--set", "sites.s.contracts.0.capacity_mw=0"])
        #expect(abs(none - location) < 1e-9 * location)
    }

    @Test func catalogListsSources() throws {
        let r = try footprint("catalog", "--format", "json")
        #expect(r.status == 0, "\(r)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let accelerators = json["accelerators"] as! [[String: Any]]
        let grids = json["grids"] as! [[String: Any]]
        // The families the catalog promises (README).
        let acceleratorKeys = Set(accelerators.compactMap { $0["key"] as? String })
        for key in Self.requiredAccelerators { #expect(acceleratorKeys.contains(key), "accelerator \(key)") }
        let gridKeys = Set(grids.compactMap { $0["key"] as? String })
        for key in Self.requiredGrids { #expect(gridKeys.contains(key), "grid \(key)") }
        // Every value in the catalog carries a source.
        for entry in accelerators + grids {
            for (_, v) in entry {
                if let q = v as? [String: Any], q["central"] != nil {
                    #expect(q["source"] is String, "\(entry["key"] ?? "?")")
                }
            }
        }
    }
}

@Suite struct CompareAndReportCLITests {
    @Test func compareWritesSideBySide() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-compare-\(getpid()).md").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try footprint("compare", "Models/gpt3-training.yaml", "Models/gpt3-training.yaml",
                              "--set-b", "sites.microsoft-datacenter.pue=1.21", "--output", out)
        #expect(r.status == 0, "\(r)")
        let md = try String(contentsOfFile: out, encoding: .utf8)
        // PUE 1.10 -> 1.21 is +10 % facility energy.
        #expect(md.contains("| Facility energy | 1.29 | 1.42 | 0.129 | +10 % | GWh |"))
        #expect(md.contains("| `sites.microsoft-datacenter.pue` | 1.1 | 1.21 |"))
    }

    @Test func goalSeekAndSensitivityCommands() throws {
        let g = try footprint("goal-seek", "Models/gpt3-training.yaml", "--vary", "sites.microsoft-datacenter.pue",
                              "--metric", "energy_facility_mwh", "--target", "1300", "--between", "1:2", "--format", "json")
        #expect(g.status == 0, "\(g)")
        let json = try JSONSerialization.jsonObject(with: Data(g.stdout.utf8)) as! [String: Any]
        #expect(abs((json["value"] as! Double) - 1300 / 1172.16) < 1e-8)
        let unreachable = try footprint("goal-seek", "Models/gpt3-training.yaml", "--vary", "sites.microsoft-datacenter.pue",
                                        "--metric", "energy_facility_mwh", "--target", "100", "--between", "1:2")
        #expect(unreachable.status != 0)
        // In the metric's units, at the limit that stops it.
        #expect(unreachable.stderr.contains("even at sites.microsoft-datacenter.pue = 1 (its lower limit), energy_facility_mwh is 1.172 GWh; 0.1 GWh needs another input"),
                "\(unreachable.stderr)")
        // A target with a unit; the answer with units.
        let withUnit = try footprint("goal-seek", "Models/gpt3-training.yaml", "--vary", "sites.microsoft-datacenter.pue",
                                     "--metric", "energy_facility_mwh", "--target", "1.3 GWh", "--between", "1:2")
        #expect(withUnit.stdout == "sites.microsoft-datacenter.pue = 1.10906 brings energy_facility_mwh to 1.3 GWh (target 1.3 GWh)\n", "\(withUnit)")
        // An input the file leaves at its default (no grid_trajectory): sought
        // within --between; location-based 553.142304 t at 1, so 300 t at 300/553.142304.
        let absent = try footprint("goal-seek", "Models/gpt3-training.yaml", "--vary", "sites.microsoft-datacenter.grid_trajectory",
                                   "--metric", "emissions_location_tco2e", "--target", "300", "--between", "0.5:1.5", "--format", "json")
        #expect(absent.status == 0, "\(absent)")
        if absent.status == 0 {
            let v = (try JSONSerialization.jsonObject(with: Data(absent.stdout.utf8)) as! [String: Any])["value"] as! Double
            #expect(abs(v - 300 / 553.142304) < 1e-6, "\(v)")
        }
        let badUnit = try footprint("goal-seek", "Models/gpt3-training.yaml", "--vary", "sites.microsoft-datacenter.pue",
                                    "--metric", "energy_facility_mwh", "--target", "3kt")
        #expect(badUnit.stderr.contains("'kt' is not a unit of MWh: use kWh, MWh, GWh or TWh"), "\(badUnit.stderr)")
        let s = try footprint("sensitivity", "Models/gpt3-training.yaml")
        #expect(s.status != 0)
        #expect(s.stderr.contains("no uncertain inputs"))
    }
}
