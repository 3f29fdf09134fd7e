import Foundation
import Testing
import GSL
import FootprintLoading
@testable import FootprintModel

/// The closed form per period (`PeriodSums`) against the step-by-step
/// evaluation it replaces, on random draws: every output, peaks included,
/// agrees to rounding (1e-12 relative to the metric's largest magnitude).
@Suite struct PeriodSumsTests {
    /// Random values for every uncertain parameter, clamped to its bounds.
    static func draws(_ plan: EvaluationPlan, count: Int, seed: UInt64) -> [[Double]] {
        let stream = RandomStream(seed: seed, stream: 0)
        return (0..<count).map { _ in
            plan.parameters.map { q in
                guard case let .distribution(d) = q.value else { return q.central }
                return min(max(d.sample(stream), q.bounds.lower), q.bounds.upper)
            }
        }
    }

    /// Evaluates each draw both ways and compares every value.
    static func compare(_ plan: EvaluationPlan, draws: Int = 12, seed: UInt64 = 7) {
        let engine = Engine(plan: plan), stepEngine = Engine(plan: plan, stepByStep: true)
        let m = ResultLayout.metrics
        for v in Self.draws(plan, count: draws, seed: seed) {
            let fast = engine.evaluate(v).values
            let steps = stepEngine.evaluate(v).values
            #expect(fast.count == steps.count)
            // Per metric, the scale is its largest magnitude anywhere.
            var scale = [Double](repeating: 1e-300, count: m)
            for (i, x) in steps.enumerated() { scale[i % m] = max(scale[i % m], abs(x)) }
            var worst = 0.0
            for i in steps.indices { worst = max(worst, abs(fast[i] - steps[i]) / scale[i % m]) }
            #expect(worst < 1e-12, "largest difference \(worst) relative to the metric's scale")
            // What the plan marks as zero in every draw (and Monte Carlo
            // does not store) is zero.
            let marked = steps.indices.filter { plan.alwaysZero[$0] }
            #expect(marked.allSatisfy { fast[$0] == 0 && steps[$0] == 0 })
        }
    }

    @Test(arguments: ["hybrid-buildout.yaml", "gigawatt-campus.yaml", "gpt3-training.yaml", "bloom-training.yaml"])
    func shippedModelsAgreeWithStepByStep(model: String) throws {
        for resolution in ["day", "month", "year"] {
            let s = try ScenarioLoader.load(file: packageRoot.path + "/Models/" + model, overrides: ["scenario.resolution=\(resolution)"])
            let plan = try EvaluationPlan(s)
            #expect(plan.isClosedForm, "\(model) at \(resolution) should take the closed form")
            if model == "hybrid-buildout.yaml" {
                // Trainium3 before 2028, GB300 in 2026, rented capacity's upfront embodied...
                #expect(plan.alwaysZero.filter { $0 }.count > 100)
            }
            Self.compare(plan)
        }
    }

    /// Several deployments with bends inside steps: arrivals spread over a
    /// year or on a day mid-month, retirements after an odd number of days,
    /// by units, IT megawatts and capex; two sites, one with a three-knot
    /// trajectory and an hourly profile, one with two contracts.
    static func busy(resolution: String, profile: String) -> String {
        """
        scenario:
          name: busy
          horizon: {start: 2026-03-10, end: 2029-01-01}
          resolution: \(resolution)
        sites:
          - name: a
            grid: {intensity_kg_per_kwh: {dist: uniform, min: 0.3, max: 0.5}, hourly_profile: "\(profile)", source: test}
            pue: {dist: triangular, min: 1.1, mode: 1.2, max: 1.4}
            wue_l_per_kwh: {dist: uniform, min: 0.1, max: 0.5}
            grid_trajectory:
              2026: 1.0
              2027-07-01: {dist: uniform, min: 0.6, max: 1.2}
              2029: {dist: uniform, min: 0.3, max: 0.9}
          - name: b
            grid: {intensity_kg_per_kwh: 0.2, residual_mix_kg_per_kwh: 0.5, water_l_per_kwh: 2, source: test}
            pue: 1.3
            contracts:
              - {kind: ppa, share: {dist: uniform, min: 0.2, max: 0.7}, intensity_kg_per_kwh: 0.02}
              - {kind: rec, share: {dist: uniform, min: 0.2, max: 0.6}, intensity_kg_per_kwh: 0}
        fleets:
          - name: f1
            accelerator: {tdp_w: 700, idle_w: 100, host_w: 200, network_w: 50, embodied_kgco2e: 1500, service_life_years: 4, usd_per_unit: 30000, source: test}
            site: a
            utilization: {dist: uniform, min: 0.3, max: 0.9}
            lifetime_days: 400
            deploy:
              - {date: 2026-03-10, units: {dist: uniform, min: 500, max: 1500}}
              - {date: 2026-08-17, it_mw: {dist: uniform, min: 0.2, max: 0.6}}
              - {year: 2027, capex_usd: {dist: uniform, min: 1e7, max: 5e7}}
          - name: f2
            accelerator: {tdp_w: 1000, idle_w: 150, source: test}
            site: a
            utilization: 0.6
            lifetime_years: 1.5
            deploy:
              - {date: 2027-02-14, units: {dist: uniform, min: 100, max: 900}}
          - name: f3
            accelerator: {tdp_w: 500, idle_w: 80, source: test}
            site: b
            utilization: 0.5
            lifetime_hours: 10000
            deploy:
              - {year: 2027, units: 300}
              - {date: 2028-12-31, units: 200}
        """
    }

    @Test(arguments: ["hour", "day", "month", "year"])
    func bendsInsideStepsAgreeWithStepByStep(resolution: String) throws {
        let values = (0..<8760).map { h in String(1 + 0.5 * sin(Double(h) / 500)) }
        let file = try HourlyProfileTests.profileFile(values)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let plan = try EvaluationPlan(try scenario(Self.busy(resolution: resolution, profile: file)))
        #expect(plan.isClosedForm)
        Self.compare(plan, draws: resolution == "hour" ? 3 : 12)
    }

    /// A PUE that varies within a draw needs the steps: no closed form.
    @Test func pueByYearTakesTheSteps() throws {
        let plan = try EvaluationPlan(try scenario(oneFleet(site: "pue: {2026: 1.3, 2027: 1.2}").replacingOccurrences(of: "    pue: 1.2\n", with: "")))
        #expect(!plan.isClosedForm)
    }
}

/// An engine reused across draws gives, bit for bit, what a fresh engine
/// gives: `evaluate` clears nothing per draw (rows no fleet writes stay
/// zero from init), so nothing of one draw may leak into the next.
@Suite struct EngineReuseTests {
    @Test(arguments: ["hybrid-buildout.yaml", "gigawatt-campus.yaml", "solar-wind-campus.yaml", "epoch-chatgpt-query.yaml"])
    func reusedEngineMatchesFreshOne(model: String) throws {
        for resolution in ["month", "day"] {
            let s = try ScenarioLoader.load(file: packageRoot.path + "/Models/" + model, overrides: ["scenario.resolution=\(resolution)"])
            let plan = try EvaluationPlan(s)
            for stepByStep in [false, true] {
                let reused = Engine(plan: plan, stepByStep: stepByStep)
                for v in PeriodSumsTests.draws(plan, count: 6, seed: 11) {
                    let again = reused.evaluate(v).values
                    let fresh = Engine(plan: plan, stepByStep: stepByStep).evaluate(v).values
                    #expect(again.map(\.bitPattern) == fresh.map(\.bitPattern))
                }
            }
        }
    }
}
