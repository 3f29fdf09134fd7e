import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel
import FootprintTestSupport

/// On-site generation by hand: a 100 MW flat facility load for 2025 (8,760
/// h, 876,000 MWh), at month and hour resolution.
@Suite struct GenerationTests {
    static let naturalGas = "{co2_kg_per_mmbtu: 53.06, ch4_g_per_mmbtu: 1.0, n2o_g_per_mmbtu: 0.10, upstream_kg_per_mmbtu: 10, source: test}"

    /// 100,000 units at a measured 1,000 W, PUE 1: 100 MW. `site` adds keys
    /// to the site; `scenario` to the scenario block.
    static func yaml(grid: String, site: String, scenario: String = "", resolution: String) -> String {
        """
        scenario:
          name: generation
          horizon: {start: 2025-01-01, end: 2026-01-01}
          resolution: \(resolution)
        \(scenario.isEmpty ? "" : "  " + scenario)
        sites:
          - name: campus
            grid: \(grid)
            pue: 1
        \(site.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        fleets:
          - name: f
            accelerator: {tdp_w: 1000, idle_w: 100, source: test}
            site: campus
            avg_power_w: 1000
            lifetime_years: 5
            deploy: [{date: 2025-01-01, units: 100000}]
        """
    }

    static func turbine(_ capacity: Double, heatRate: Double = 10, mode: String = "primary", extra: String = "") -> String {
        """
        generation:
          - {name: turbines, generator: {fuel: \(naturalGas), heat_rate_mmbtu_per_mwh: \(heatRate), nox_lb_per_mmbtu: 0.01, source: test}, capacity_mw: \(capacity), mode: \(mode)\(extra)}
        """
    }

    static func central(_ yaml: String) throws -> (Evaluation, Shortfall?) {
        let engine = Engine(plan: try EvaluationPlan(try scenario(yaml)))
        engine.evaluateCentral()
        return (engine.result, engine.shortfall)
    }

    /// Off grid, a primary turbine of 120 MW at 10 MMBtu/MWh serves it all:
    /// fuel 8,760,000 MMBtu; CO2 464,805.6 t; CH4 8.76 t; N2O 0.876 t;
    /// Scope 1 465,283.0 tCO2e under AR5 (28, 265) and 465,305.8 under AR6
    /// (29.8, 273); nothing from a grid, no Scope 2.
    @Test(arguments: ["month", "hour"])
    func offGridTurbine(_ resolution: String) throws {
        for (set, scope1) in [("AR5", 465_283.02), ("AR6", 465_305.796)] {
            let (e, shortfall) = try Self.central(Self.yaml(grid: "none", site: Self.turbine(120), scenario: "gwp: \(set)", resolution: resolution))
            #expect(shortfall == nil)
            #expect(close(e.value(.energyFacilityMWh), 876_000))
            #expect(close(e.value(.energyGeneratedOnsiteMWh), 876_000))
            #expect(e.value(.energyGridMWh) == 0)
            #expect(close(e.value(.fuelMMBtu), 8_760_000))
            #expect(close(e.value(.emissionsScope1CO2T), 464_805.6))
            #expect(close(e.value(.emissionsScope1CH4T), 8.76))
            #expect(close(e.value(.emissionsScope1N2OT), 0.876))
            #expect(close(e.value(.emissionsScope1TCO2e), scope1), "\(set)")
            #expect(e.value(.emissionsScope2LocationTCO2e) == 0 && e.value(.emissionsScope2MarketTCO2e) == 0)
            #expect(e.value(.emissionsLocationTCO2e) == 0)
            // NOx 0.01 lb/MMBtu × 8,760,000 MMBtu × 0.45359237 kg/lb = 39.7 t.
            #expect(close(e.value(.emissionsNOxT), 87_600 * 0.45359237e-3))
            // Category 3: the fuel's upstream, 10 kg/MMBtu.
            #expect(close(e.value(.emissionsScope3Cat3TCO2e), 87_600))
        }
    }

    /// On a 0.4 kg/kWh grid, a 30 % share unit at 7 MMBtu/MWh: 262,800 MWh
    /// generated, 613,200 MWh from the grid, Scope 2 location 245,280 t.
    @Test(arguments: ["month", "hour"])
    func shareUnitOnAGrid(_ resolution: String) throws {
        let site = Self.turbine(50, heatRate: 7, mode: "share", extra: ", share: 0.3")
        let (e, _) = try Self.central(Self.yaml(grid: "{intensity_kg_per_kwh: 0.4, source: test}", site: site, resolution: resolution))
        #expect(close(e.value(.energyGeneratedOnsiteMWh), 262_800))
        #expect(close(e.value(.energyGridMWh), 613_200))
        #expect(close(e.value(.emissionsScope2LocationTCO2e), 245_280))
        #expect(close(e.value(.emissionsLocationTCO2e), 245_280))
        #expect(close(e.value(.fuelMMBtu), 262_800 * 7))
        #expect(close(e.value(.emissionsScope1CO2T), 262_800 * 7 * 53.06e-3))
    }

    /// A primary unit smaller than the load on a grid: it serves its
    /// capacity, the grid the rest; a backup unit displaces the grid for
    /// its hours.
    @Test(arguments: ["month", "hour"])
    func primaryAndBackupOnAGrid(_ resolution: String) throws {
        let site = """
            generation:
              - {name: turbines, generator: {fuel: \(Self.naturalGas), heat_rate_mmbtu_per_mwh: 10, source: test}, capacity_mw: 60, mode: primary}
              - {name: diesel, generator: {fuel: \(Self.naturalGas), heat_rate_mmbtu_per_mwh: 10, source: test}, capacity_mw: 20, mode: backup, hours_per_year: 50, load_fraction: 0.5}
            """
        let (e, _) = try Self.central(Self.yaml(grid: "{intensity_kg_per_kwh: 0.4, source: test}", site: site, resolution: resolution))
        // 60 MW × 8,760 h + 20 MW × 0.5 × 50 h.
        let generated = 60.0 * 8760 + 20 * 0.5 * 50
        #expect(close(e.value(.energyGeneratedOnsiteMWh), generated))
        #expect(close(e.value(.energyGridMWh), 876_000 - generated))
        #expect(close(e.value(.emissionsScope2LocationTCO2e), (876_000 - generated) * 0.4))
    }

    /// Dated units (`from`, `until`): temporary turbines that bridge to a
    /// permitted plant. A share of 0.3 from 2025-07-01 runs 184 of 365
    /// days; a 60 MW primary unit until 2025-04-01 runs 90 days; a 20 MW
    /// one from 2025-03-15 to 2025-03-25 runs 10 days (inside one month).
    /// Resolution does not change the totals.
    @Test(arguments: ["year", "month", "hour"])
    func datedUnits(_ resolution: String) throws {
        let share = Self.turbine(50, heatRate: 7, mode: "share", extra: ", share: 0.3, from: 2025-07-01")
        let (e, _) = try Self.central(Self.yaml(grid: "{intensity_kg_per_kwh: 0.4, source: test}", site: share, resolution: resolution))
        let onsite = 876_000 * 0.3 * 184 / 365
        #expect(close(e.value(.energyGeneratedOnsiteMWh), onsite))
        #expect(close(e.value(.energyGridMWh), 876_000 - onsite))
        #expect(close(e.value(.emissionsScope2LocationTCO2e), (876_000 - onsite) * 0.4))
        #expect(close(e.value(.emissionsScope1CO2T), onsite * 7 * 53.06e-3))
        let site = """
            generation:
              - {name: temporary, generator: {fuel: \(Self.naturalGas), heat_rate_mmbtu_per_mwh: 10, source: test}, capacity_mw: 60, mode: primary, until: 2025-04-01}
              - {name: rental, generator: {fuel: \(Self.naturalGas), heat_rate_mmbtu_per_mwh: 10, source: test}, capacity_mw: 20, mode: primary, from: 2025-03-15, until: 2025-03-25}
            """
        let (p, _) = try Self.central(Self.yaml(grid: "{intensity_kg_per_kwh: 0.4, source: test}", site: site, resolution: resolution))
        let generated = 60.0 * 90 * 24 + 20 * 10 * 24
        #expect(close(p.value(.energyGeneratedOnsiteMWh), generated))
        #expect(close(p.value(.fuelMMBtu), generated * 10))
    }

    @Test func untilMustFollowFrom() throws {
        let yaml = Self.yaml(grid: "none", site: Self.turbine(120, extra: ", from: 2025-06-01, until: 2025-06-01"), resolution: "month")
        #expect { try scenario(yaml) } throws: {
            "\($0)".contains("generation.turbines.until: 2025-06-01 is not after from (2025-06-01): until is the first day the unit no longer runs")
        }
        // Off grid, a unit that stops leaves the load unserved: a shortfall, named.
        let (_, shortfall) = try Self.central(Self.yaml(grid: "none", site: Self.turbine(120, extra: ", until: 2025-06-01"), resolution: "month"))
        #expect(shortfall?.step == 5)
    }

    /// A cloud site: the provider's generation is the tenant's category 1,
    /// not its Scope 1; equity share 0.4 scales Scope 1 by 0.4.
    @Test(arguments: ["month", "hour"])
    func boundariesOfGeneration(_ resolution: String) throws {
        let (cloud, _) = try Self.central(Self.yaml(grid: "none", site: Self.turbine(120) + "\ncontrol: cloud", resolution: resolution))
        #expect(cloud.value(.emissionsScope1TCO2e) == 0)
        #expect(close(cloud.value(.emissionsScope3Cat1GenerationTCO2e), 465_283.02 + 87_600))
        #expect(close(cloud.value(.emissionsScope3Cat1TCO2e), 465_283.02 + 87_600))
        let (share, _) = try Self.central(Self.yaml(grid: "none", site: Self.turbine(120) + "\nequity_share: 0.4",
                                                    scenario: "consolidation: equity-share", resolution: resolution))
        #expect(close(share.value(.emissionsScope1TCO2e), 0.4 * 465_283.02))
        #expect(close(share.value(.emissionsScope1CO2T), 0.4 * 464_805.6))
        // NOx is physical: the whole site's.
        #expect(close(share.value(.emissionsNOxT), 87_600 * 0.45359237e-3))
    }

    /// Off grid with less capacity than load: the draw names the site, the
    /// first step and the unserved 10 MW.
    @Test(arguments: ["month", "hour"])
    func shortfallIsReported(_ resolution: String) throws {
        let (_, shortfall) = try Self.central(Self.yaml(grid: "none", site: Self.turbine(90), resolution: resolution))
        let s = try #require(shortfall)
        #expect(s.site == 0 && s.step == 0)
        #expect(abs(s.unservedMW - 10) < 1e-9)
        let run = MonteCarlo.run(try EvaluationPlan(try scenario(Self.yaml(grid: "none", site: Self.turbine(90), resolution: resolution))),
                                 samples: 1, seed: 1, threads: 1)
        #expect(run.shortfall?.unservedMW == s.unservedMW)
    }

    /// A shortfall in some draws only: the lowest-numbered draw is named,
    /// whatever the threads.
    @Test func shortfallDrawDoesNotDependOnThreads() throws {
        let site = Self.turbine(100).replacingOccurrences(of: "capacity_mw: 100.0", with: "capacity_mw: {dist: uniform, min: 95, max: 130}")
        let plan = try EvaluationPlan(try scenario(Self.yaml(grid: "none", site: site, resolution: "month")))
        let one = MonteCarlo.run(plan, samples: 500, seed: 3, threads: 1), two = MonteCarlo.run(plan, samples: 500, seed: 3, threads: 2)
        let s = try #require(one.shortfall)
        #expect(one.shortfall == two.shortfall)
        #expect(s.unservedMW > 0 && s.unservedMW <= 5)
    }

    /// Wrong generation input is refused with the key and what is right.
    @Test(arguments: [
        ("capacity_mw: -5", "generation.turbines.capacity_mw"),
        ("mode: share, share: 1.5", "generation.turbines.share"),
        ("mode: backup, hours_per_year: 9000", "generation.turbines.hours_per_year"),
        ("mode: standby", "'standby' is not a mode"),
        ("generator: gas-turbine", "no generator 'gas-turbine'"),
        ("mode: primary, share: 0.5", "share applies to mode: share only"),
    ])
    func refusals(_ change: String, _ expected: String) throws {
        var unit = "{name: turbines, generator: {fuel: \(Self.naturalGas), heat_rate_mmbtu_per_mwh: 10, source: test}, capacity_mw: 120, mode: primary}"
        let key = String(change.split(separator: ":")[0])
        if key == "capacity_mw" { unit = unit.replacingOccurrences(of: "capacity_mw: 120", with: change) }
        else if key == "generator" { unit = unit.replacingOccurrences(of: "generator: {fuel: \(Self.naturalGas), heat_rate_mmbtu_per_mwh: 10, source: test}", with: change) }
        else { unit = unit.replacingOccurrences(of: "mode: primary", with: change) }
        let yaml = Self.yaml(grid: "none", site: "generation:\n  - \(unit)", resolution: "month")
        #expect { try scenario(yaml) } throws: { "\($0)".contains(expected) }
    }

    @Test func offGridRefusesContractsAndNeedsGeneration() throws {
        let contracts = Self.yaml(grid: "none", site: Self.turbine(120) + "\ncontracts: [{kind: ppa, share: 0.5}]", resolution: "month")
        #expect { try scenario(contracts) } throws: { "\($0)".contains("an off-grid site (grid: none) buys no grid electricity, so it has no contracts") }
        let bare = Self.yaml(grid: "none", site: "", resolution: "month")
        #expect { try scenario(bare) } throws: { "\($0)".contains("an off-grid site (grid: none) needs on-site generation") }
    }

    /// Sensitivity, sweeps and goal seek refuse an evaluation with unserved
    /// load rather than count it as served.
    @Test func analysesRefuseAShortfall() throws {
        let site = Self.turbine(100).replacingOccurrences(of: "capacity_mw: 100.0", with: "capacity_mw: {dist: uniform, min: 90, max: 130}")
        let plan = try EvaluationPlan(try scenario(Self.yaml(grid: "none", site: site, resolution: "month")))
        let metric = MetricSelector("emissions_scope1_tco2e")!
        #expect(throws: ShortfallError.self) { try ScenarioSensitivity.tornado(plan, metric: metric) }
        #expect(throws: ShortfallError.self) { try ScenarioSensitivity.sobol(plan, metric: metric, n: 64, seed: 1, threads: 1) }
        // A shard refuses as the whole run does: the shard holding the run's
        // lowest-numbered failing draw names that same draw.
        let whole = MonteCarlo.run(plan, samples: 400, seed: 3, threads: 1)
        let draw = try #require(whole.shortfall).draw
        let shard = try #require((1...2).map { Shard(index: $0, count: 2)! }.first {
            $0.range(of: MonteCarlo.blocks(samples: 400)).contains(draw / MonteCarlo.blockSize)
        })
        do {
            _ = try MonteCarlo.runPart(plan, samples: 400, seed: 3, shard: shard, threads: 2)
            Issue.record("shard \(shard) holds draw \(draw) with unserved load but did not refuse")
        } catch {
            #expect(error.shortfall.draw == draw)
        }
        #expect(throws: ShortfallError.self) { try MonteCarlo.runPart(plan, samples: 400, seed: 3, shard: Shard(index: 1, count: 1)!, threads: 2) }
        let fixed = try EvaluationPlan(try scenario(Self.yaml(grid: "none", site: Self.turbine(120), resolution: "month")))
        // 1.25 times the Scope 1 of 100 MW needs 1,250 W a unit, 125 MW: more
        // than the 120 MW turbine serves, so the solution is refused.
        #expect(throws: ShortfallError.self) {
            try GoalSeek.solve(fixed, parameter: "fleets.f.avg_power_w", metric: metric, target: 1.25 * 465_283.02, between: (500, 2000))
        }
        // 1.1 times needs 110 MW, which it serves.
        let served = try GoalSeek.solve(fixed, parameter: "fleets.f.avg_power_w", metric: metric, target: 1.1 * 465_283.02, between: (500, 2000))
        #expect(abs(served.value - 1100) < 0.01)
    }
}

/// A supplier's on-site plant (`operator: supplier`): its electricity is
/// bought over a direct line, so the 120 MW turbine's 465,283.02 tCO2e
/// (AR5) is the site operator's Scope 2, location- and market-based, not
/// Scope 1; its fuel and NOx stay physical, its upstream category 3.
@Suite struct SupplierGenerationTests {
    @Test(arguments: ["month", "hour"])
    func supplierPlantIsScope2(_ resolution: String) throws {
        let site = GenerationTests.turbine(120, extra: ", operator: supplier")
        let (e, shortfall) = try GenerationTests.central(GenerationTests.yaml(grid: "none", site: site, resolution: resolution))
        #expect(shortfall == nil)
        #expect(e.value(.emissionsScope1TCO2e) == 0 && e.value(.emissionsScope1CO2T) == 0)
        #expect(close(e.value(.emissionsScope2LocationTCO2e), 465_283.02))
        #expect(close(e.value(.emissionsScope2MarketTCO2e), 465_283.02))
        #expect(close(e.value(.emissionsScope2MarketHourlyTCO2e), 465_283.02))
        #expect(close(e.value(.fuelMMBtu), 8_760_000))
        #expect(close(e.value(.emissionsScope3Cat3TCO2e), 87_600))
        #expect(close(e.value(.emissionsGrossLocationTCO2e), 465_283.02 + 87_600))
    }

    @Test func operatorIsChecked() throws {
        let site = GenerationTests.turbine(120, extra: ", operator: utility")
        #expect { try GenerationTests.central(GenerationTests.yaml(grid: "none", site: site, resolution: "month")) } throws: {
            "\($0)".contains("'utility' is not an operator: use site")
        }
    }
}

/// Refrigerant leaks by hand: 20,000 kg of R-134a leaking 5 % a year is
/// 1,000 kg a year, × GWP 1,300 (AR5) = 1,300 tCO2e a year of Scope 1.
@Suite struct RefrigerantTests {
    static func yaml(deploy: String = "2025-01-01", resolution: String, scenario: String = "",
                     refrigerants: String = "[{gas: R-134a, charge_kg: 20000, leak_rate: 0.05}]", site: String = "") -> String {
        """
        scenario:
          name: refrigerants
          horizon: {start: 2025-01-01, end: 2026-01-01}
          resolution: \(resolution)
        \(scenario.isEmpty ? "" : "  " + scenario)
        sites:
          - name: campus
            grid: {intensity_kg_per_kwh: 0.4, source: test}
            pue: 1
            refrigerants: \(refrigerants)
        \(site.isEmpty ? "" : "    " + site)
        fleets:
          - name: f
            accelerator: {tdp_w: 1000, idle_w: 100, source: test}
            site: campus
            avg_power_w: 1000
            lifetime_years: 5
            deploy: [{date: \(deploy), units: 100000}]
        """
    }

    static let catalog: Catalog = {
        do { return try Catalog.load(directory: packageRoot.appendingPathComponent("Models/catalog").path) } catch { fatalError("\(error)") }
    }()

    static func central(_ yaml: String) throws -> Evaluation {
        Engine(plan: try EvaluationPlan(try scenario(yaml, catalog: Self.catalog))).evaluateCentral()
    }

    @Test(arguments: ["month", "hour"])
    func aYearOfLeaks(_ resolution: String) throws {
        for (set, gwp) in [("AR5", 1300.0), ("AR6", 1530.0)] {
            let e = try Self.central(Self.yaml(resolution: resolution, scenario: "gwp: \(set)"))
            let t = 20_000 * 0.05 * gwp / 1000
            #expect(close(e.value(.emissionsScope1RefrigerantsTCO2e), t), "\(set)")
            #expect(close(e.value(.emissionsScope1RefrigerantsTCO2e, .site(0)), t))
            // Scope 1 holds it (nothing burns here); no fleet does.
            #expect(close(e.value(.emissionsScope1TCO2e), t))
            #expect(e.value(.emissionsScope1RefrigerantsTCO2e, .fleet(0)) == 0 && e.value(.emissionsScope1TCO2e, .fleet(0)) == 0)
            #expect(close(e.value(.emissionsScope1RefrigerantsTCO2e, period: 0), t))
        }
    }

    /// Hardware from 1 July: 184 of 365 days of leaks, 1,300 × 184/365 =
    /// 655.34 t; equity share 0.4 of that under the equity share approach.
    @Test(arguments: ["month", "hour"])
    func leaksWhileHardwareIsInstalled(_ resolution: String) throws {
        let half = 1300.0 * 184 / 365
        #expect(close(try Self.central(Self.yaml(deploy: "2025-07-01", resolution: resolution)).value(.emissionsScope1RefrigerantsTCO2e), half))
        let equity = try Self.central(Self.yaml(deploy: "2025-07-01", resolution: resolution, scenario: "consolidation: equity-share",
                                                site: "equity_share: 0.4"))
        #expect(close(equity.value(.emissionsScope1RefrigerantsTCO2e), 0.4 * half))
        #expect(close(equity.value(.emissionsScope1TCO2e), 0.4 * half))
    }

    /// An inline GWP for a gas the catalog does not list; two charges add.
    @Test func inlineGasesAdd() throws {
        let two = "[{gas: R-134a, charge_kg: 20000, leak_rate: 0.05}, {gas: R-454B, gwp: 466, charge_kg: 1000, leak_rate: 0.1, source: test}]"
        let e = try Self.central(Self.yaml(resolution: "month", refrigerants: two))
        #expect(close(e.value(.emissionsScope1RefrigerantsTCO2e), 1300 + 46.6))
    }

    @Test(arguments: [
        ("[{gas: R-143a, charge_kg: 1, leak_rate: 0.1}]", "no GWP for 'R-143a' in AR5 — did you mean 'R-134a'?"),
        ("[{gas: R-134a, charge_kg: -1, leak_rate: 0.1}]", "sites.campus.refrigerants.0.charge_kg"),
        ("[{gas: R-134a, charge_kg: 1, leak_rate: 1.5}]", "sites.campus.refrigerants.0.leak_rate"),
        ("[{gas: R-134a, charge_kg: 1}]", "leak_rate"),
    ])
    func refusals(_ refrigerants: String, _ expected: String) throws {
        #expect { try Self.central(Self.yaml(resolution: "month", refrigerants: refrigerants)) } throws: { "\($0)".contains(expected) }
    }

    @Test func refusedAtACloudSite() throws {
        #expect { try Self.central(Self.yaml(resolution: "month", site: "control: cloud")) } throws: {
            "\($0)".contains("a cloud site's refrigerants are its provider's Scope 1")
        }
    }

    /// A site without refrigerants: not estimated, not zero.
    @Test func absentIsNotEstimated() throws {
        let plan = try EvaluationPlan(try scenario(GenerationTests.yaml(grid: "{intensity_kg_per_kwh: 0.4, source: test}", site: "", resolution: "month")))
        #expect(!plan.estimate(.emissionsScope1RefrigerantsTCO2e, .total).isEstimated)
        #expect(plan.estimate(.emissionsScope1RefrigerantsTCO2e, .total).missing == [.refrigerants(site: 0)])
        #expect(plan.estimate(.emissionsScope1RefrigerantsTCO2e, .fleet(0)).isEstimated)
    }
}
