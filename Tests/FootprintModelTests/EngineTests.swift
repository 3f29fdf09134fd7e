import Testing
import FootprintLoading
@testable import FootprintModel

/// Each equation of the model (the report's method section, docs/results.md) on a case small enough to compute by hand.
/// Base case: 1,000 units at P = 100 + (700 − 100)·0.5 + 200 + 50 = 650 W,
/// installed all of 2026 (8,760 h), PUE 1.2, grid 0.4 kg/kWh.
/// The engine has a fast path for sites whose PUE, WUE and contract shares
/// are constant within a draw. SumsToMetrics the same PUE as a two-knot series
/// forces the general per-step path: every metric of every scope and period
/// must agree, with a grid trajectory, contracts, water, two fleets that
/// arrive and retire mid-year, and at monthly and hourly resolution.
@Suite struct EnginePathTests {
    static func model(pue: String, resolution: String) -> String {
        """
        scenario:
          name: paths
          horizon: {start: 2026-01-01, end: 2030-01-01}
          resolution: \(resolution)
        sites:
          - name: a
            grid: {intensity_kg_per_kwh: 0.4, residual_mix_kg_per_kwh: 0.5, water_l_per_kwh: 2.0, source: test}
            pue: \(pue)
            wue_l_per_kwh: 0.3
            grid_trajectory: {2026: 1.0, 2028-07-01: 0.8, 2030: 0.6}
            contracts: [{kind: ppa, share: 0.4, intensity_kg_per_kwh: 0.02}, {kind: rec, share: 0.3, intensity_kg_per_kwh: 0}]
          - name: b
            grid: {intensity_kg_per_kwh: 0.2, source: test}
            pue: 1.1
        fleets:
          - name: f
            accelerator: {tdp_w: 700, idle_w: 100, host_w: 200, network_w: 50, embodied_kgco2e: 1500, service_life_years: 5, service_utilization: 0.6, source: test}
            site: a
            utilization: 0.7
            lifetime_days: 900
            deploy: [{date: 2026-03-15, units: 1000}, {year: 2027, units: 500}]
          - name: g
            accelerator: {tdp_w: 1000, idle_w: 150, host_w: 300, network_w: 100, source: test}
            site: a
            utilization: 0.9
            lifetime_years: 2
            deploy: [{year: 2028, it_mw: 3}]
          - name: h
            accelerator: {tdp_w: 400, idle_w: 50, host_w: 100, network_w: 20, source: test}
            site: b
            utilization: 0.5
            lifetime_years: 5
            deploy: [{date: 2026-06-01, units: 200}]
        """
    }

    @Test(arguments: ["month", "hour"])
    func constantSiteFastPathMatchesGeneralPath(_ resolution: String) throws {
        let fast = try central(Self.model(pue: "1.25", resolution: resolution))
        let general = try central(Self.model(pue: "{2026: 1.25, 2030: 1.25}", resolution: resolution))
        #expect(fast.values.count == general.values.count)
        #expect(fast.value(.emissionsMarketTCO2e) > 0 && fast.value(.waterM3) > 0)
        for (i, (x, y)) in zip(fast.values, general.values).enumerated() {
            #expect(close(x, y, 1e-12), "value \(i): \(x) vs \(y)")
        }
    }
}

@Suite struct EngineTests {
    static let hours = 8760.0
    static let itMWh = 1000 * 8760 * 650e-6          // 5,694 MWh
    static let facilityMWh = itMWh * 1.2             // 6,832.8 MWh

    @Test func powerCurveEnergyAndLocationBased() throws {
        let e = try central(oneFleet())
        #expect(close(e.value(.acceleratorHours), 1000 * Self.hours))
        #expect(close(e.value(.energyITMWh), Self.itMWh))
        #expect(close(e.value(.energyFacilityMWh), Self.facilityMWh))
        #expect(close(e.value(.emissionsLocationTCO2e), Self.facilityMWh * 0.4))
        // Constant load: peak = average facility power = 650 kW × 1.2.
        #expect(close(e.value(.peakFacilityPowerMW), 0.78))
        #expect(close(e.value(.energyFacilityMWh, .fleet(0)), Self.facilityMWh))
        #expect(close(e.value(.energyFacilityMWh, .site(0), period: 0), Self.facilityMWh))
    }

    @Test func powerExponent() throws {
        // u^k with k = 2: 100 + 600·0.25 + 250 = 500 W.
        let e = try central(oneFleet(fleet: "power_exponent: 2"))
        #expect(close(e.value(.energyITMWh), 1000 * Self.hours * 500e-6))
    }

    /// Half the consumption under a PPA at 0, the rest at a residual mix of
    /// 0.6: market = E_fac · 0.5 · 0.6.
    @Test func marketBasedWithContractShare() throws {
        let e = try central(oneFleet(site: """
            residual_mix_kg_per_kwh: 0.6
            contracts: [{kind: ppa, share: 0.5, intensity_kg_per_kwh: 0}]
            """))
        #expect(close(e.value(.emissionsMarketTCO2e), Self.facilityMWh * 0.5 * 0.6))
        #expect(close(e.value(.emissionsLocationTCO2e), Self.facilityMWh * 0.4))
    }

    /// Contract shares above 1 in total cover consumption once.
    @Test func overContractingCoversOnce() throws {
        let e = try central(oneFleet(site: """
            contracts: [{kind: ppa, share: 0.8, intensity_kg_per_kwh: 0.1}, {kind: rec, share: 0.7, intensity_kg_per_kwh: 0}]
            """))
        // Σσ = 1.5 → scaled: (0.8·0.1 + 0)/1.5 per kWh, no residual.
        #expect(close(e.value(.emissionsMarketTCO2e), Self.facilityMWh * 0.08 / 1.5))
    }

    /// Without a residual mix, market-based falls back to the grid average.
    @Test func residualFallsBackToGridAverage() throws {
        let s = try scenario(oneFleet(site: "contracts: [{kind: ppa, share: 0.25}]"))
        let plan = try EvaluationPlan(s)
        #expect(plan.sitesWithoutResidualMix == ["s"])
        let e = Engine(plan: plan).evaluateCentral()
        #expect(close(e.value(.emissionsMarketTCO2e), Self.facilityMWh * 0.75 * 0.4))
    }

    /// Embodied 1,500 (accelerator) + 2,500 (host) = 4,000 kg per unit.
    /// Upfront: 1,000 × 4 t = 4,000 t in 2026. Amortized: an hour of use
    /// carries 4,000 / (5 · 8,766 · 0.8) kg (a year of service life is
    /// 365.25 days); 2026 installed at u = 0.5 has 4,380 h of use:
    /// 1,000 × 4,380 × 4,000 / 35,064 kg = 499.6578 t.
    @Test func embodiedUpfrontAndAmortized() throws {
        let e = try central(oneFleet(fleet: """
            embodied_kgco2e: 1500
            host_embodied_kgco2e: 2500
            service_life_years: 5
            service_utilization: 0.8
            """))
        #expect(close(e.value(.emissionsEmbodiedUpfrontTCO2e), 4000))
        #expect(close(e.value(.emissionsEmbodiedUpfrontTCO2e, period: 0), 4000))
        #expect(close(e.value(.emissionsEmbodiedAmortizedTCO2e), 1000 * 4380 * 4000 / 35064 / 1000))
    }

    /// Water: on-site 0.2 L/kWh of IT energy, off-site 2 L/kWh of facility
    /// energy: m³ = MWh × L/kWh.
    @Test func water() throws {
        let e = try central(oneFleet(site: "wue_l_per_kwh: 0.2"),
                            set: ["sites.s.grid={intensity_kg_per_kwh: 0.4, water_l_per_kwh: 2, source: test}"])
        #expect(close(e.value(.waterM3), Self.itMWh * 0.2 + Self.facilityMWh * 2))
        #expect(close(e.value(.waterOnsiteM3), Self.itMWh * 0.2))
        #expect(close(e.value(.waterOffsiteM3), Self.facilityMWh * 2))
    }

    /// Scope 3 category 3: facility energy × the grid's upstream factor ×
    /// the grid trajectory (0.05 kg/kWh, trajectory 0.8 all year).
    @Test func upstream() throws {
        let e = try central(oneFleet(site: "grid_trajectory: {2026: 0.8, 2027: 0.8}"),
                            set: ["sites.s.grid={intensity_kg_per_kwh: 0.4, upstream_kg_per_kwh: 0.05, basis: direct, source: test}"])
        #expect(close(e.value(.emissionsUpstreamTCO2e), Self.facilityMWh * 0.05 * 0.8))
        let none = try central(oneFleet())
        #expect(none.value(.emissionsUpstreamTCO2e) == 0)
    }

    /// An annual certificate (a share without hourly or legacy) counts
    /// under the 2015 rule and not under the October 2025 draft; with
    /// `hourly: true` or `legacy: true` it counts under both.
    @Test func annualCertificateUnderBothRules() throws {
        let certificate = try central(oneFleet(site: "contracts: [{kind: rec, share: 0.5}]"))
        #expect(close(certificate.value(.emissionsMarketTCO2e), Self.facilityMWh * 0.5 * 0.4))
        #expect(close(certificate.value(.emissionsMarketHourlyTCO2e), Self.facilityMWh * 0.4))
        #expect(close(certificate.value(.energyCFEAnnualMWh), Self.facilityMWh * 0.5))
        #expect(certificate.value(.energyCFEHourlyMWh) == 0)
        for flag in ["hourly", "legacy"] {
            let e = try central(oneFleet(site: "contracts: [{kind: rec, share: 0.5, \(flag): true}]"))
            #expect(close(e.value(.emissionsMarketHourlyTCO2e), Self.facilityMWh * 0.5 * 0.4))
            #expect(close(e.value(.energyCFEHourlyMWh), Self.facilityMWh * 0.5))
        }
    }

    /// 10 MW of IT at full load (700 + 200 + 50 = 950 W per unit) = 10,526.3 units.
    @Test func deploymentByITMegawatts() throws {
        let e = try central(oneFleet(deploy: "[{date: 2026-01-01, it_mw: 10}]"))
        #expect(close(e.value(.acceleratorHours), 10e6 / 950 * Self.hours))
    }

    /// $1B in 2028 at $40,000 per unit falling 10 % a year from 2026:
    /// 40,000 · 0.9² = 32,400 → 30,864.2 units, installed from 2028-01-01.
    @Test func deploymentByCapexWithFallingCost() throws {
        let e = try central(oneFleet(fleet: "usd_per_unit: 40000\nusd_per_unit_decline_per_year: 0.1",
                                     deploy: "[{date: 2028-01-01, capex_usd: 1e9}]", horizonEnd: "2029-01-01"))
        #expect(close(e.value(.acceleratorHours), 1e9 / 32_400 * 8784))  // 2028 is a leap year
        #expect(e.value(.acceleratorHours, period: 0) == 0)
    }

    /// $1M at $2 per accelerator-hour = 500,000 accelerator-hours, spread
    /// evenly over 2026-03-01 … 2026-05-01 (61 days): March gets 31/61.
    @Test func commitmentGivesAcceleratorHours() throws {
        let yaml = oneFleet(deploy: "{commitment: {total_usd: 1e6, start: 2026-03-01, end: 2026-05-01, usd_per_accelerator_hour: 2}}")
        let e = try central(yaml)
        #expect(close(e.value(.acceleratorHours), 500_000))
        #expect(close(e.value(.energyITMWh), 500_000 * 650e-6))
        // Rented capacity: no upfront embodied for the tenant.
        #expect(e.value(.emissionsEmbodiedUpfrontTCO2e) == 0)
        let s = try scenario(yaml)
        #expect(s.fleets[0].deployments.count == 1)
    }

    /// Retirement in the middle of a step: 100 units for 45.5 days count for
    /// exactly 100 × 45.5 × 24 unit-hours at monthly (and yearly) resolution.
    @Test(arguments: ["hour", "day", "month", "year"])
    func retirementMidStep(_ resolution: String) throws {
        let yaml = oneFleet(deploy: "[{date: 2026-01-01, units: 100}]", resolution: resolution)
            .replacingOccurrences(of: "lifetime_years: 5", with: "lifetime_days: 45.5")
        let e = try central(yaml)
        #expect(close(e.value(.acceleratorHours), 100 * 45.5 * 24, 1e-12))
    }

    /// A grid trajectory {2026: 1, 2028: 0.5} is linear in time, so 2026's
    /// average multiplier is its mid-year value, 0.875 (2026 is the first
    /// 365 of 730 days), at any resolution.
    @Test(arguments: ["hour", "month", "year"])
    func gridTrajectoryInterpolates(_ resolution: String) throws {
        let e = try central(oneFleet(site: "grid_trajectory: {2026: 1.0, 2028: 0.5}", resolution: resolution))
        #expect(close(e.value(.emissionsLocationTCO2e), Self.facilityMWh * 0.4 * 0.875, 1e-9))
    }
}

/// Totals do not depend on the resolution: a year-spread deployment, a
/// dated one retiring mid-month, and a commitment, at every resolution.
@Suite struct ResolutionInvarianceTests {
    static let yaml = oneFleet(
        fleet: "embodied_kgco2e: 1000\nservice_life_years: 4",
        deploy: "[{year: 2026, units: 5000}, {date: 2027-03-17, units: 2000}, {commitment: {total_usd: 5e6, start: 2026-06-10, end: 2027-09-01, usd_per_accelerator_hour: 2.5}}]",
        horizonEnd: "2028-01-01"
    ).replacingOccurrences(of: "lifetime_years: 5", with: "lifetime_days: 400")

    @Test func totalsAgreeAcrossResolutions() throws {
        let results = try ["hour", "day", "month", "year"].map { try central(Self.yaml, set: ["scenario.resolution=\($0)"]) }
        for m in Metric.allCases where !m.isPeak {
            for e in results.dropFirst() {
                #expect(close(e.value(m), results[0].value(m), 1e-9), "\(m.key)")
                for p in 0..<2 { #expect(close(e.value(m, period: p), results[0].value(m, period: p), 1e-9), "\(m.key) \(p)") }
            }
        }
        // By hand: a unit arriving on day x of 2026 serves min(400, 730 − x)
        // days before the horizon ends, so the 5,000 year-spread units serve
        // (1/365)[∫₀³³⁰ 400 dx + ∫₃₃₀³⁶⁵ (730 − x) dx] = 145,387.5/365 days on
        // average; the 2,000 units of 2027-03-17 serve the 290 days left;
        // the commitment buys 5e6 / 2.5 = 2,000,000 accelerator-hours.
        let spread: Double = 5000 * 145_387.5 / 365 * 24
        let dated: Double = 2000 * 290 * 24
        let expected = spread + dated + 2_000_000
        #expect(close(results[0].value(.acceleratorHours), expected, 1e-9))
        #expect(close(results[0].value(.emissionsEmbodiedUpfrontTCO2e), 7000, 1e-12))
    }
}

/// The energy metrics' rates as products of site values (`Metric.definition`)
/// and as the engine's table computes them (`EngineScratch.rates`) are, bit
/// for bit, the formulas they replaced (written out here as closures), on
/// random site values including zeros, negatives and infinities.
@Suite struct RateFormulaTests {
    static let formulas: [Metric: @Sendable (SiteValues) -> Rate] = [
        .energyITMWh: { _ in Rate(flat: 1) },
        .energyFacilityMWh: { s in Rate(flat: s[.pue]) },
        .emissionsLocationTCO2e: { s in Rate(shaped: s[.pueGrid] * s[.intensity]) },
        .emissionsMarketTCO2e: { s in Rate(flat: s[.pueGrid] * s.annual.contracted, trajectory: s[.pueGrid] * s.annual.uncovered) },
        .emissionsMarketHourlyTCO2e: { s in Rate(flat: s[.pueGrid] * s.hourly.contracted, trajectory: s[.pueGrid] * s.hourly.uncovered) },
        .emissionsUpstreamTCO2e: { s in Rate(trajectory: s[.pueGrid] * s[.upstream]) },
        .energyCFEAnnualMWh: { s in Rate(flat: s[.pueGrid] * s.annual.carbonFree) },
        .energyCFEHourlyMWh: { s in Rate(flat: s[.pueGrid] * s.hourly.carbonFree) },
        .waterOnsiteM3: { s in Rate(flat: s[.wue]) },
        .waterOffsiteM3: { s in Rate(flat: s[.pueGrid] * s[.gridWater]) },
        .emissionsScope2LocationTCO2e: { s in Rate(flat: s[.pue] * s[.supplierOperated], shaped: s[.pueOperated] * s[.intensity]) },
        .emissionsScope2MarketTCO2e: { s in Rate(flat: s[.annualMarketFlatOperated], trajectory: s[.pueOperated] * s.annual.uncovered) },
        .emissionsScope2MarketHourlyTCO2e: { s in Rate(flat: s[.hourlyMarketFlatOperated], trajectory: s[.pueOperated] * s.hourly.uncovered) },
        .emissionsScope3Cat1ElectricityTCO2e: { s in Rate(shaped: s[.pueRented] * s[.intensity]) },
        .emissionsScope3Cat1ElectricitySupplierTCO2e: { s in Rate(flat: s[.pueRented] * s.annual.contracted, trajectory: s[.pueRented] * s.annual.uncovered) },
        .emissionsScope3Cat3TCO2e: { s in Rate(flat: s[.pue] * s[.fuelUpstreamOperated], trajectory: s[.pueOperated] * s[.upstream]) },
        .energyGeneratedOnsiteMWh: { s in Rate(flat: s[.pue] * s[.onsiteShare]) },
        .energyGridMWh: { s in Rate(flat: s[.pueGrid]) },
        .fuelMMBtu: { s in Rate(flat: s[.pue] * s[.fuelRate]) },
        .emissionsScope1CO2T: { s in Rate(flat: s[.pue] * s[.co2Operated]) },
        .emissionsScope1CH4T: { s in Rate(flat: s[.pue] * s[.ch4Operated]) },
        .emissionsScope1N2OT: { s in Rate(flat: s[.pue] * s[.n2oOperated]) },
        .emissionsNOxT: { s in Rate(flat: s[.pue] * s[.noxRate]) },
        .emissionsScope1TCO2e: { s in Rate(flat: s[.pue] * s[.scope1Operated]) },
        .emissionsScope3Cat1GenerationTCO2e: { s in Rate(flat: s[.pue] * s[.generationRented]) },
        .energyScope2ContractedMWh: { s in Rate(flat: s[.pueOperated] * s.annual.coveredShare) },
        .energyScope2ResidualMixMWh: { s in Rate(flat: s[.pueOperated] * s.annual.residualShare) },
    ]

    static func bits(_ r: Rate) -> [UInt64] { [r.flat.bitPattern, r.trajectory.bitPattern, r.shaped.bitPattern] }

    @Test func tableGivesTheFormulas() throws {
        let s = try ScenarioLoader.load(file: packageRoot.path + "/Models/hybrid-buildout.yaml")
        let plan = try EvaluationPlan(s)
        let formulas = plan.formulas
        #expect(Set(formulas.energy) == Set(Self.formulas.keys))
        #expect(SiteValues.fieldCount <= 32, "SiteValues keeps its fields in one SIMD32")
        let scratch = EngineScratch(plan, closedForm: plan.sites.map { _ in true }, reads: nil)
        let out = UnsafeMutablePointer<Rate>.allocate(capacity: formulas.energy.count)
        defer { out.deallocate() }
        var rng = SystemRandomNumberGenerator()
        let specials: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, 1e-300, 1e300]
        func value() -> Double { Bool.random(using: &rng) ? specials.randomElement(using: &rng)! : Double.random(in: -3...3, using: &rng) }
        for _ in 0..<2000 {
            var v = SiteValues()
            for field in SiteValues.Field.allCases { v[field] = value() }
            v.annual = Coverage(contracted: value(), uncovered: value(), carbonFree: value(), coveredShare: value(), residualShare: value())
            v.hourly = Coverage(contracted: value(), uncovered: value(), carbonFree: value())
            scratch.rates(v, into: out)
            for (e, m) in formulas.energy.enumerated() {
                let expected = Self.bits(Self.formulas[m]!(v))
                #expect(Self.bits(out[e]) == expected, "\(m.key)")
            }
        }
    }
}
