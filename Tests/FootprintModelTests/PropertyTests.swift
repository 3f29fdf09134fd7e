import Foundation
import PropertyBased
import Testing
import FootprintLoading
import FootprintModel

/// The model's laws on random valid scenarios: sites (grid, PUE, WUE,
/// residual mix, zero-carbon share contracts), fleets (power curve, host and
/// network, utilization as a number or a uniform distribution, embodied
/// carbon, lifetime) and deployments (units on a date, IT megawatts over a
/// year), written as YAML and read through the public loader. Only the
/// public API (ScenarioLoader, EvaluationPlan, Engine, MonteCarlo.run,
/// RunSummary.stat, Evaluation.value, Metric) is used.
///
/// `make test` checks each law on 25 scenarios from fixed seeds (the same
/// every run, a few seconds); `exploreRandomScenarios` checks them all on
/// random scenarios with swift-property-based's generators and shrinking
/// when FOOTPRINT_PROPERTY_RUNS is set (400 ran clean: no counterexample
/// to fix yet).
@Suite struct PropertyTests {
    /// The scenarios `make test` checks: fixed seeds, so every run checks
    /// the same 25 (1 to 3 sites and fleets each).
    static let fixedSpecs: [ScenarioSpec] = (1...25).map { i in
        var rng = SplitMix(0x466F_6F74_7072_696E &+ UInt64(i))
        return ScenarioSpec(seed: rng.next(), sites: rng.int(1...3), fleets: rng.int(1...3))
    }

    /// Random scenarios for exploration with shrinking (swift-property-based):
    /// `FOOTPRINT_PROPERTY_RUNS=2000 swift test --filter PropertyTests`.
    /// The seed and the numbers of sites and fleets shrink; every other
    /// choice follows from the seed. A counterexample found this way becomes
    /// a fixed case (`PropertyCounterexamples`).
    static let specs = zip(Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...3), Gen.int(in: 1...3))
        .map { seed, sites, fleets in ScenarioSpec(seed: seed, sites: sites, fleets: fleets) }
    static let explorationRuns = Int(ProcessInfo.processInfo.environment["FOOTPRINT_PROPERTY_RUNS"] ?? "") ?? 0

    /// Metrics summed over periods, fleets and sites (peak power is a maximum).
    static let additive = Metric.allCases.filter { !$0.isPeak }

    @Test(.enabled(if: explorationRuns > 0))
    func exploreRandomScenarios() async {
        await propertyCheck(count: Self.explorationRuns, input: Self.specs) { spec in
            try Self.checkAllLaws(spec)
        }
    }

    static func checkAllLaws(_ spec: ScenarioSpec) throws {
        for law in Law.allCases { try law.check(spec) }
    }

    /// The laws below, by name: one parameterized test checks each on every
    /// fixed scenario, and a failure names the law and the scenario.
    enum Law: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case totalsAreSums, totalsDoNotDependOnResolution, doublingDeploymentsDoublesEverything, energyGrowsWithPUEAndUtilization
        case zeroCarbonContractsNeverRaiseMarketBased, threadsDoNotChangeResults, writtenBackAndReadAgainGivesTheSameResults

        var testDescription: String { rawValue }

        func check(_ spec: ScenarioSpec) throws {
            switch self {
            case .totalsAreSums: try PropertyTests.totalsAreSums(spec)
            case .totalsDoNotDependOnResolution: try PropertyTests.totalsDoNotDependOnResolution(spec)
            case .doublingDeploymentsDoublesEverything: try PropertyTests.doublingDeploymentsDoublesEverything(spec)
            case .energyGrowsWithPUEAndUtilization: try PropertyTests.energyGrowsWithPUEAndUtilization(spec)
            case .zeroCarbonContractsNeverRaiseMarketBased: try PropertyTests.zeroCarbonContractsNeverRaiseMarketBased(spec)
            case .threadsDoNotChangeResults: try PropertyTests.threadsDoNotChangeResults(spec)
            case .writtenBackAndReadAgainGivesTheSameResults: try PropertyTests.writtenBackAndReadAgainGivesTheSameResults(spec)
            }
        }
    }

    @Test(arguments: Law.allCases, fixedSpecs)
    func lawHolds(_ law: Law, _ spec: ScenarioSpec) throws {
        try law.check(spec)
    }

    /// Totals equal the sum over periods, over fleets and over sites.
    static func totalsAreSums(_ spec: ScenarioSpec) throws {
        let e = try spec.central()
        let plan = try spec.plan()
        for m in Self.additive {
            let total = e.value(m)
            let periods = (0..<plan.grid.periods.count).reduce(0) { $0 + e.value(m, period: $1) }
            let fleets = (0..<spec.fleets.count).reduce(0) { $0 + e.value(m, .fleet($1)) }
            let sites = (0..<spec.sites.count).reduce(0) { $0 + e.value(m, .site($1)) }
            #expect(agree(total, periods), "\(m.key): \(total) vs periods \(periods)\n\(spec.yaml())")
            #expect(agree(total, fleets), "\(m.key): \(total) vs fleets \(fleets)\n\(spec.yaml())")
            #expect(agree(total, sites), "\(m.key): \(total) vs sites \(sites)\n\(spec.yaml())")
        }
    }

    /// Totals do not depend on the resolution (deployments count for the
    /// fraction of the step they cover), to rounding.
    static func totalsDoNotDependOnResolution(_ spec: ScenarioSpec) throws {
        let reference = try spec.central(resolution: "year")
        for resolution in ["month", "day", "hour"] {
            let e = try spec.central(resolution: resolution)
            for m in Self.additive {
                #expect(agree(e.value(m), reference.value(m), 1e-9), "\(m.key) at \(resolution): \(e.value(m)) vs \(reference.value(m))\n\(spec.yaml())")
            }
        }
    }

    /// Twice every deployment: twice the energy, emissions and water.
    static func doublingDeploymentsDoublesEverything(_ spec: ScenarioSpec) throws {
        let one = try spec.central(), two = try spec.central(scale: 2)
        for m in [Metric.energyITMWh, .energyFacilityMWh, .emissionsLocationTCO2e, .emissionsMarketTCO2e,
                  .emissionsEmbodiedUpfrontTCO2e, .emissionsEmbodiedAmortizedTCO2e, .waterM3, .acceleratorHours] {
            #expect(agree(two.value(m), 2 * one.value(m)), "\(m.key): \(two.value(m)) vs 2 × \(one.value(m))\n\(spec.yaml())")
        }
    }

    /// More PUE: more facility energy, the same IT energy. More
    /// utilization: more IT energy (idle power below TDP).
    static func energyGrowsWithPUEAndUtilization(_ spec: ScenarioSpec) throws {
        let base = try spec.central()
        let pue = try spec.central(pueDelta: 0.1)
        let busy = try spec.central(utilizationDelta: 0.04)
        #expect(pue.value(.energyFacilityMWh) > base.value(.energyFacilityMWh))
        #expect(agree(pue.value(.energyITMWh), base.value(.energyITMWh)))
        #expect(busy.value(.energyITMWh) > base.value(.energyITMWh))
        #expect(busy.value(.energyFacilityMWh) > base.value(.energyFacilityMWh))
    }

    /// Zero-carbon contracts never raise market-based emissions.
    static func zeroCarbonContractsNeverRaiseMarketBased(_ spec: ScenarioSpec) throws {
        let with = try spec.central(), without = try spec.central(contracts: false)
        #expect(with.value(.emissionsMarketTCO2e) <= without.value(.emissionsMarketTCO2e) * (1 + 1e-12))
        #expect(agree(with.value(.emissionsLocationTCO2e), without.value(.emissionsLocationTCO2e)))
        for s in 0..<spec.sites.count {
            #expect(with.value(.emissionsMarketTCO2e, .site(s)) <= without.value(.emissionsMarketTCO2e, .site(s)) * (1 + 1e-12))
        }
    }

    /// The same statistics, bit for bit, on 1 and 2 threads.
    static func threadsDoNotChangeResults(_ spec: ScenarioSpec) throws {
        let plan = try spec.plan()
        let one = MonteCarlo.run(plan, samples: 300, seed: spec.seed, threads: 1)
        let two = MonteCarlo.run(plan, samples: 300, seed: spec.seed, threads: 2)
        for m in Metric.allCases {
            #expect(one.stat(m) == two.stat(m), "\(m.key)")
            for p in 0..<plan.grid.periods.count { #expect(one.stat(m, period: p) == two.stat(m, period: p)) }
            for f in 0..<spec.fleets.count { #expect(one.stat(m, .fleet(f)) == two.stat(m, .fleet(f))) }
            for s in 0..<spec.sites.count { #expect(one.stat(m, .site(s)) == two.stat(m, .site(s))) }
        }
    }

    /// A loaded scenario written back to YAML (from the public `Scenario`,
    /// by `ScenarioWriter` below) and read again gives the same results,
    /// central and Monte Carlo.
    static func writtenBackAndReadAgainGivesTheSameResults(_ spec: ScenarioSpec) throws {
        let first = try spec.scenario()
        let text = ScenarioWriter.yaml(first)
        let second = try ScenarioLoader.load(text: text, file: "written.yaml", catalog: Catalog())
        let a = try EvaluationPlan(first), b = try EvaluationPlan(second)
        let ea = Engine(plan: a).evaluateCentral(), eb = Engine(plan: b).evaluateCentral()
        #expect(ea.values == eb.values, "\(text)")
        let ma = MonteCarlo.run(a, samples: 200, seed: 7, threads: 1), mb = MonteCarlo.run(b, samples: 200, seed: 7, threads: 1)
        for m in Metric.allCases { #expect(ma.stat(m) == mb.stat(m), "\(m.key)\n\(text)") }
    }
}

/// Relative closeness, |a − b| ≤ tolerance · max(|a|, |b|), or both tiny.
private func agree(_ a: Double, _ b: Double, _ tolerance: Double = 1e-10) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b)) || max(abs(a), abs(b)) < 1e-12
}

/// A random valid scenario, as the YAML a user would write.
struct ScenarioSpec: Sendable, CustomStringConvertible {
    struct Site: Sendable {
        var intensity: Double, pue: Double, wue: Double
        var residual: Double?, water: Double?
        var shares: [Double]
    }
    enum Utilization: Sendable {
        case fixed(Double)
        case uniform(Double, Double)
    }
    enum Deployment: Sendable {
        case units(year: Int, month: Int, day: Int, count: Double)
        case itMW(year: Int, mw: Double)
    }
    struct Fleet: Sendable {
        var site: Int
        var tdp: Double, idle: Double, host: Double, network: Double
        var utilization: Utilization
        var lifetimeYears: Double
        var embodied: Double?
        var deployments: [Deployment]
    }

    let seed: UInt64
    let years: Int
    var sites: [Site] = []
    var fleets: [Fleet] = []

    var description: String { "ScenarioSpec(seed: \(seed), sites: \(sites.count), fleets: \(fleets.count))" }

    init(seed: UInt64, sites siteCount: Int, fleets fleetCount: Int) {
        self.seed = seed
        var rng = SplitMix(seed)
        years = rng.int(1...3)
        for _ in 0..<siteCount {
            sites.append(Site(intensity: rng.double(0.02...0.9), pue: rng.double(1.05...1.6), wue: rng.double(0...2),
                              residual: rng.bool() ? rng.double(0.1...1) : nil, water: rng.bool() ? rng.double(0.5...4) : nil,
                              shares: (0..<rng.int(0...2)).map { _ in rng.double(0...0.45) }))
        }
        for _ in 0..<fleetCount {
            let tdp = rng.double(200...1200)
            let u = rng.double(0.1...0.85)
            var deployments: [Deployment] = []
            for _ in 0..<rng.int(1...3) {
                let year = 2026 + rng.int(0...(years - 1))
                deployments.append(rng.bool()
                    ? .units(year: year, month: rng.int(1...12), day: rng.int(1...28), count: Double(rng.int(1...20_000)))
                    : .itMW(year: year, mw: rng.double(0.5...50)))
            }
            fleets.append(Fleet(site: rng.int(0...(siteCount - 1)), tdp: tdp, idle: tdp * rng.double(0.05...0.4),
                                host: rng.double(0...400), network: rng.double(0...80),
                                utilization: rng.bool() ? .fixed(u) : .uniform(u, min(0.95, u + rng.double(0...0.3))),
                                lifetimeYears: Double(rng.int(1...6)) + (rng.bool() ? 0.5 : 0),
                                embodied: rng.bool() ? rng.double(100...3000) : nil, deployments: deployments))
        }
    }

    func yaml(resolution: String = "month", scale: Double = 1, pueDelta: Double = 0,
              utilizationDelta: Double = 0, contracts: Bool = true) -> String {
        func n(_ x: Double) -> String { "\(x)" }
        var out = """
        scenario:
          name: random \(seed)
          horizon: {start: 2026-01-01, end: \(2026 + years)-01-01}
          resolution: \(resolution)
          samples: 200
          seed: \(seed % 1_000_000)
        sites:

        """
        for (i, s) in sites.enumerated() {
            var grid = "{intensity_kg_per_kwh: \(n(s.intensity))"
            if let r = s.residual { grid += ", residual_mix_kg_per_kwh: \(n(r))" }
            if let w = s.water { grid += ", water_l_per_kwh: \(n(w))" }
            grid += "}"
            out += "  - name: site\(i)\n    grid: \(grid)\n    pue: \(n(s.pue + pueDelta))\n    wue_l_per_kwh: \(n(s.wue))\n"
            if contracts, !s.shares.isEmpty {
                out += "    contracts:\n"
                for share in s.shares { out += "      - {kind: ppa, share: \(n(share)), intensity_kg_per_kwh: 0}\n" }
            }
        }
        out += "fleets:\n"
        for (i, f) in fleets.enumerated() {
            out += "  - name: fleet\(i)\n    site: site\(f.site)\n"
            out += "    accelerator: {tdp_w: \(n(f.tdp)), idle_w: \(n(f.idle)), host_w: \(n(f.host)), network_w: \(n(f.network))"
            if let e = f.embodied { out += ", embodied_kgco2e: \(n(e)), service_life_years: 5, service_utilization: 0.6" }
            out += "}\n"
            switch f.utilization {
            case let .fixed(u): out += "    utilization: \(n(u + utilizationDelta))\n"
            case let .uniform(a, b): out += "    utilization: {dist: uniform, min: \(n(a + utilizationDelta)), max: \(n(b + utilizationDelta))}\n"
            }
            out += "    lifetime_years: \(n(f.lifetimeYears))\n    deploy:\n"
            for d in f.deployments {
                switch d {
                case let .units(y, m, day, count):
                    out += "      - {date: \(y)-\(m < 10 ? "0" : "")\(m)-\(day < 10 ? "0" : "")\(day), units: \(n(count * scale))}\n"
                case let .itMW(y, mw): out += "      - {year: \(y), it_mw: \(n(mw * scale))}\n"
                }
            }
        }
        return out
    }

    func scenario(resolution: String = "month", scale: Double = 1, pueDelta: Double = 0,
                  utilizationDelta: Double = 0, contracts: Bool = true) throws -> Scenario {
        try ScenarioLoader.load(text: yaml(resolution: resolution, scale: scale, pueDelta: pueDelta,
                                           utilizationDelta: utilizationDelta, contracts: contracts),
                                file: "random.yaml", catalog: Catalog())
    }

    func plan() throws -> EvaluationPlan { try EvaluationPlan(try scenario()) }

    func central(resolution: String = "month", scale: Double = 1, pueDelta: Double = 0,
                 utilizationDelta: Double = 0, contracts: Bool = true) throws -> Evaluation {
        let s = try scenario(resolution: resolution, scale: scale, pueDelta: pueDelta,
                             utilizationDelta: utilizationDelta, contracts: contracts)
        return Engine(plan: try EvaluationPlan(s)).evaluateCentral()
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): the spec's choices from its seed.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func double(_ r: ClosedRange<Double>) -> Double {
        r.lowerBound + (r.upperBound - r.lowerBound) * Double(next() >> 11) / Double(1 << 53)
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    mutating func bool() -> Bool { next() & 1 == 1 }
}

/// Writes a loaded `Scenario` back as YAML, from its public fields: the
/// inverse of the loader for the keys the random scenarios use.
enum ScenarioWriter {
    static func yaml(_ s: Scenario) -> String {
        var out = """
        scenario:
          name: \(quoted(s.name))
          horizon: {start: \(s.start), end: \(s.end)}
          resolution: \(s.resolution.rawValue)
          samples: \(s.samples)
          seed: \(s.seed)
        sites:

        """
        for site in s.sites {
            var grid = "{intensity_kg_per_kwh: \(value(site.grid.intensity))"
            if let r = site.grid.residualMix { grid += ", residual_mix_kg_per_kwh: \(value(r))" }
            if let w = site.grid.water { grid += ", water_l_per_kwh: \(value(w))" }
            out += "  - name: \(quoted(site.name))\n    grid: \(grid)}\n    pue: \(series(site.pue))\n"
            if let w = site.wue { out += "    wue_l_per_kwh: \(series(w))\n" }
            if let r = site.residualMix { out += "    residual_mix_kg_per_kwh: \(value(r))\n" }
            if !site.contracts.isEmpty {
                out += "    contracts:\n"
                for c in site.contracts {
                    out += "      - {kind: \(c.kind), share: \(c.share.map(series) ?? "0"), intensity_kg_per_kwh: \(value(c.intensity))}\n"
                }
            }
        }
        out += "fleets:\n"
        for f in s.fleets {
            out += "  - name: \(quoted(f.name))\n    site: \(quoted(s.sites[f.siteIndex].name))\n"
            let fields = AcceleratorField.allCases.compactMap { k in f.accelerator[k].map { "\(k.rawValue): \(value($0))" } }
            out += "    accelerator: {\(fields.joined(separator: ", "))}\n"
            if let u = f.utilization { out += "    utilization: \(value(u))\n" }
            if let p = f.avgPowerW { out += "    avg_power_w: \(value(p))\n" }
            switch f.lifetime {
            case let .years(y)?: out += "    lifetime_years: \(y)\n"
            case let .days(d)?: out += "    lifetime_days: \(d)\n"
            case let .hours(h)?: out += "    lifetime_hours: \(h)\n"
            case nil: break
            }
            out += "    deploy:\n"
            for d in f.deployments {
                let when = d.arrival.isInstant ? "date: \(d.arrival.start)" : "start: \(d.arrival.start), end: \(d.arrival.end)"
                switch d.amount {
                case let .units(q): out += "      - {\(when), units: \(value(q))}\n"
                case let .itMW(q): out += "      - {\(when), it_mw: \(value(q))}\n"
                case let .capexUSD(q): out += "      - {\(when), capex_usd: \(value(q))}\n"
                case .commitment: break
                }
            }
        }
        return out
    }

    static func quoted(_ s: String) -> String { "\"\(s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"" }

    /// A number in Swift's shortest round-trip form, or its distribution.
    static func value(_ q: Quantity) -> String {
        switch q.value {
        case let .fixed(x): return "\(x)"
        case let .distribution(d):
            switch d {
            case let .uniform(a, b): return "{dist: uniform, min: \(a), max: \(b)}"
            case let .normal(m, sd): return "{dist: normal, mean: \(m), sd: \(sd)}"
            case let .lognormal(mu, sigma): return "{dist: lognormal, mu: \(mu), sigma: \(sigma)}"
            case let .beta(al, be, a, b): return "{dist: beta, alpha: \(al), beta: \(be), min: \(a), max: \(b)}"
            case let .gamma(k, theta): return "{dist: gamma, shape: \(k), scale: \(theta)}"
            case let .triangular(a, c, b): return "{dist: triangular, min: \(a), mode: \(c), max: \(b)}"
            case let .pert(a, c, b): return "{dist: pert, min: \(a), mode: \(c), max: \(b)}"
            }
        }
    }

    static func series(_ s: SeriesInput) -> String {
        if s.isConstant { return value(s.knots[0].quantity) }
        return "{" + s.knots.map { "\($0.date): \(value($0.quantity))" }.joined(separator: ", ") + "}"
    }
}
