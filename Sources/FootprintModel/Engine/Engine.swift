import Foundation

/// Evaluates one parameter draw of a compiled scenario into an `Evaluation`.
///
/// Pure arithmetic on the plan and a vector of parameter values: no YAML,
/// no text, no global state. Scratch memory is allocated once, in `init`;
/// `evaluate` allocates nothing. Not thread-safe: one engine per worker.
///
/// For fleet f at its site s and step t (docs/architecture.md, "The engine"):
///
///     unit-hours   H(t)  = Σ_d n_d · h_d(t)       (h_d: schedule per unit, retirements applied)
///     P_unit             = P_idle + (P_max − P_idle)·u^k + P_host + P_network   (or avg_power_w)
///     E_IT(t)            = H(t) · P_unit
///     metric m           = Σ_t E_IT(t) · rate_m(t)   (rate_m from the site's values: `Metric.definition`)
///
/// A draw has three stages, each written once:
///
/// 1. `SitePlan.values` turns the draw into a site's values (PUE, WUE,
///    intensities, contracted and uncovered shares under both market
///    rules) — once per draw at a site whose inputs are constant within
///    it (`SitePlan.isConstantWithinDraw`), else at every step.
/// 2. Each fleet's sums per period — Σ H·rate_m for every energy metric,
///    unit-hours, arrivals, the peak — come from `PeriodSums`' tables in
///    closed form at a constant site, or from a pass over the steps
///    otherwise (`sumSteps`). Both fill the same `sums` scratch.
/// 3. `write` turns those sums into every metric of the fleet's periods
///    by the metrics' formulas; `aggregate` adds up sites, the total and
///    the whole horizon, and takes the peaks of sites and of the total from
///    the sites' power at the peak points (the candidate steps when every
///    site is in closed form, else every step).
public final class Engine {
    public let plan: EvaluationPlan
    public private(set) var result: Evaluation
    /// Scratch memory (internal: the step-by-step path, Engine+Steps.swift, uses it too).
    let scratch: EngineScratch
    /// Sites summed in closed form (the others step by step).
    private let closedForm: [Bool]

    /// An engine for callers that read only the values at `reads` (indices
    /// of `result.values`) after each draw; nil: every value.
    ///
    /// Those values are computed exactly as with `reads: nil` — the same
    /// operations in the same order, so bit for bit the same — and, once
    /// at construction, only what they depend on is kept for the draws
    /// (`EngineScratch.RequiredWork`): rows of fleets and sites that feed nothing
    /// read, whole horizons not read, services not read are skipped. Every
    /// other value of `result` is unspecified (zero, or left from an
    /// earlier draw), and so is `hourlyMatching(site:)` at a site nothing
    /// read depends on.
    public convenience init(plan: EvaluationPlan, reads: [Int]? = nil) {
        self.init(plan: plan, stepByStep: false, reads: reads)
    }

    /// `stepByStep`: every site step by step, as tests compare the paths.
    init(plan: EvaluationPlan, stepByStep: Bool, reads: [Int]? = nil) {
        self.plan = plan
        result = Evaluation(plan.layout)
        closedForm = plan.sites.map { $0.isConstantWithinDraw && !stepByStep }
        scratch = EngineScratch(plan, closedForm: closedForm, reads: reads)
    }

    /// Where the last draw's off-grid generation fell short of the load
    /// (the first site and step), or nil.
    public var shortfall: Shortfall? {
        scratch.shortfallSite < 0 ? nil : Shortfall(site: scratch.shortfallSite, step: scratch.shortfallStep, unservedMW: scratch.shortfallMW, draw: 0)
    }

    /// Evaluates central values (a run with `samples: 1`).
    @discardableResult
    public func evaluateCentral() -> Evaluation {
        evaluate(plan.centralValues)
    }

    @discardableResult
    public func evaluate(_ values: [Double]) -> Evaluation {
        precondition(values.count == plan.parameters.count, "one value per parameter slot")
        values.withUnsafeBufferPointer { evaluate($0) }
        return result
    }

    /// Evaluates one draw, one value per parameter slot; the result is in `result`.
    public func evaluate(_ v: UnsafeBufferPointer<Double>) {
        precondition(v.count == plan.parameters.count, "one value per parameter slot")
        if scratch.keepsDraw { scratch.lastDraw.update(from: v.baseAddress!, count: v.count) }
        scratch.shortfallSite = -1
        let c = scratch.closed, required = scratch.required
        // Per fleet: its draw (power, embodied per unit) and its deployments' amounts.
        for f in 0..<scratch.fleetCount {
            let inputs = scratch.fleetInputs[f]
            let k = FleetDraw(inputs, v)
            scratch.draws[f] = k
            guard required.fleets[f] else { continue }
            for d in c.fleetTerms[f] { scratch.units[d] = c.terms[d].units(v, inputs, fullPowerW: k.fullPowerW) }
        }
        scratch.sitePower.update(repeating: 0)
        plan.sites.withUnsafeBufferPointer { sites in
            for s in 0..<sites.count {
                let fleets = scratch.fleetsAt[s]
                // A site's fleets are needed all or none when it is summed step by step.
                guard closedForm[s] else { if fleets.first.map({ required.fleets[$0] }) ?? true { sumSteps(site: s, v) }; continue }
                scratch.rates(sites[s].values(v, at: 0), into: scratch.siteRates + s &* scratch.energyCount)
                let knots = scratch.knots + c.knotStart[s]
                for k in 0..<c.knotCount[s] {
                    let slot = c.knotSlots[c.knotStart[s] &+ k]
                    knots[k] = slot < 0 ? 1 : v[slot]
                }
                for f in fleets where required.fleets[f] { sumClosedForm(f, site: s) }
            }
        }
        result.values.withUnsafeMutableBufferPointer { out in
            // Rows are written whole where something is installed and never
            // elsewhere (zero since init): nothing is cleared per draw.
            let base = out.baseAddress!
            write(into: base)
            aggregate(base, v)
            if let demand = plan.demand { serve(demand, v, out) }
        }
    }

    /// Fleet f's sums per period at a site constant within the draw, from
    /// the plan's tables; its peaks and the site's power at the peak points.
    private func sumClosedForm(_ f: Int, site s: Int) {
        let c = scratch.closed, periods = scratch.periods
        let w = scratch.toMetrics, width = w.width, energy = scratch.energyCount
        let rates = scratch.siteRates + s &* energy
        let g = scratch.knots + c.knotStart[s], knots = c.knotCount[s]
        let own = c.fleetTerms[f], units = scratch.units
        let fleetSums = scratch.sums + f &* periods &* width
        let needsSums = scratch.required.fleetSums + f &* periods
        for p in scratch.fleetPeriods[f] where needsSums[p] {
            let (sumH, sumA, sumG, sumGPi) = unitSums(f, period: p, knots: knots, at: g)
            let row = fleetSums + p &* width
            for e in 0..<energy {
                let r = rates[e]
                row[e] = r.flat * sumH + r.trajectory * sumG + r.shaped * sumGPi
            }
            row[w.unitHoursIndex] = sumH
            row[w.arrivalsIndex] = sumA
        }
        // Units installed at each peak point: at the candidate steps,
        // 0 + Σ_d n_d·r_d in deployment order, a deployment at a time; at
        // every step, unit-hours ÷ the step's hours.
        let installed = scratch.installedAtPoint
        let active: Range<Int>
        if scratch.candidatePoints {
            active = c.fleetCandidates[f]
            if own.isEmpty { for point in active { installed[point] = 0 } }
            for d in own {
                let n = units[d], perUnit = c.unitRates + d &* c.candidateCount
                if d == own.lowerBound {
                    for point in active { installed[point] = 0 + n * perUnit[point] }
                } else {
                    for point in active { installed[point] += n * perUnit[point] }
                }
            }
        } else {
            active = plan.fleets[f].activeSteps
            let uh = fillUnitHours(f)
            for t in active { installed[t] = uh[t] * scratch.inverseHours[t] }
        }
        takePeaks(f, site: s, installed: installed, active: active)
    }

    /// Fleet f's installed unit-hours and arrivals in period p, and its
    /// unit-hours × g(t) and × g(t)·π(t) for a trajectory of `knots` knot
    /// values at `g` (0 knots: those two are 0): Σ_d n_d × the deployment's
    /// per-unit figures, in deployment order.
    @inline(__always)
    func unitSums(_ f: Int, period p: Int, knots: Int, at g: UnsafeMutablePointer<Double>)
        -> (unitHours: Double, arrivals: Double, trajectory: Double, shaped: Double) {
        let c = scratch.closed, periods = scratch.periods, units = scratch.units
        var h = 0.0, a = 0.0, sumG = 0.0, sumGPi = 0.0
        for d in c.fleetTerms[f] {
            let n = units[d]
            h += n * c.installed[d &* periods &+ p]
            a += n * c.arriving[d &* periods &+ p]
            guard knots > 0 else { continue }
            let trajectory = c.trajectory + (c.termKnots[d] &+ p &* knots)
            let shaped = c.shaped + (c.termKnots[d] &+ p &* knots)
            var gt = 0.0, gpi = 0.0
            for j in 0..<knots { gt += g[j] * trajectory[j]; gpi += g[j] * shaped[j] }
            sumG += n * gt; sumGPi += n * gpi
        }
        return (h, a, sumG, sumGPi)
    }

    /// Fleet f's peaks in each period it is installed in, and its share of
    /// site s's power at each point, from its units installed at the points
    /// `active` (`installed`). A peak's rate is flat at a constant site
    /// (checked in `EngineScratch.init`), so power is units × that rate.
    @inline(never)
    private func takePeaks(_ f: Int, site s: Int, installed: UnsafeMutablePointer<Double>, active: Range<Int>) {
        let periods = scratch.periods, width = scratch.toMetrics.width, peakIndex = scratch.toMetrics.peakIndex
        let rates = scratch.siteRates + s &* scratch.energyCount, points = scratch.points
        let draw = scratch.draws[f]
        let fleetSums = scratch.sums + f &* periods &* width
        let needsPeaks = scratch.required.fleetPeaks + f &* periods
        for i in 0..<scratch.peakCount {
            let rate = rates[scratch.peakEnergy[i]].flat, powerMW = draw[scratch.peakPower[i]]
            let power = scratch.power(peak: i, site: s)
            for p in scratch.fleetPeriods[f] where needsPeaks[p] {
                var best = 0.0
                let first = max(points[p], active.lowerBound), end = min(points[p &+ 1], active.upperBound)
                if first < end {
                    for point in first..<end {
                        let rated = installed[point] * rate
                        best = max(best, rated)
                        power[point] += rated * powerMW
                    }
                }
                fleetSums[p &* width &+ peakIndex &+ i] = best
            }
        }
    }

    /// The one function that turns the fleets' sums into their metrics,
    /// period by period, by the metrics' formulas (`EngineScratch.SumsToMetrics`).
    private func write(into base: UnsafeMutablePointer<Double>) {
        let w = scratch.toMetrics
        let periods = scratch.periods, width = w.width, metrics = scratch.metrics
        let layout = scratch.layout, multipliers = scratch.multipliers
        for f in 0..<scratch.fleetCount where scratch.required.fleets[f] {
            let k = scratch.draws[f]
            let powerMW = k.powerW * 1e-6
            for m in 0..<metrics { multipliers[m] = powerMW }
            for j in 0..<w.unitCount { multipliers[w.unitMetrics[j]] = k[w.unitFields[j]] }
            let scope = layout.index(.fleet(f)), needsSums = scratch.required.fleetSums + f &* periods
            for p in scratch.fleetPeriods[f] where needsSums[p] {
                let row = scratch.sums + (f &* periods &+ p) &* width
                let out = base + layout.row(scope: scope, period: p)
                for m in 0..<metrics { out[m] = row[w.columns[m]] * multipliers[m] }
                for i in 0..<w.sumCount {
                    var total = 0.0
                    for j in w.sumParts[i]..<w.sumParts[i + 1] { total += out[w.sumPartMetrics[j]] }
                    out[w.sumMetrics[i]] = total
                }
            }
        }
    }

    /// The services' and the demand block's values, per period and over
    /// the whole horizon, from the fleets' results and the draw.
    private func serve(_ demand: DemandPlan, _ v: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>) {
        let layout = scratch.layout, periods = layout.periods
        let base = out.baseAddress!
        func totals(_ row: UnsafeMutablePointer<Double>) -> FleetTotals {
            // Scope 1 and Scope 3 categories 2 and 3 are the same under both bases.
            let scope3 = row[Metric.emissionsScope1TCO2e.rawValue] + row[Metric.emissionsScope3Cat2TCO2e.rawValue]
                + row[Metric.emissionsScope3Cat3TCO2e.rawValue]
            return FleetTotals(energyFacility: row[Metric.energyFacilityMWh.rawValue], location: row[Metric.emissionsLocationTCO2e.rawValue],
                               market: row[Metric.emissionsMarketTCO2e.rawValue], embodied: row[Metric.emissionsEmbodiedAmortizedTCO2e.rawValue],
                               water: row[Metric.waterM3.rawValue],
                               grossLocation: row[Metric.emissionsScope2LocationTCO2e.rawValue] + row[Metric.emissionsScope3Cat1TCO2e.rawValue] + scope3,
                               grossMarket: row[Metric.emissionsScope2MarketTCO2e.rawValue] + row[Metric.emissionsScope3Cat1SupplierTCO2e.rawValue] + scope3)
        }
        demand.services.withUnsafeBufferPointer { services in
            for s in 0..<services.count where scratch.required.services[s] {
                let service = services[s]
                let share = service.fleetShare.map { v[$0] } ?? .nan
                var whole = ServiceSums(fleetShare: share)
                for p in 0..<periods {
                    var sums = ServiceSums(fleetShare: share)
                    sums.prompts = service.prompts.value(period: p, v)
                    sums.energyMWh = sums.prompts * energyPerPrompt(service.energy, period: p, v, out) / 1e6
                    for f in service.served { sums.served.add(totals(base + layout.row(scope: layout.index(.fleet(f)), period: p))) }
                    whole.prompts += sums.prompts
                    whole.energyMWh += sums.energyMWh
                    whole.served.add(sums.served)
                    ServiceMetric.values(sums, into: base + layout.offset(service: s, period: p, metric: .prompts))
                }
                ServiceMetric.values(whole, into: base + layout.offset(service: s, period: periods, metric: .prompts))
            }
        }
        guard scratch.required.demand else { return }
        let total = layout.index(.total)
        var whole = DemandSums()
        for p in 0..<periods {
            let sums = DemandSums(revenueUSD: demand.revenue?.value(period: p, v) ?? .nan,
                                  userYears: demand.users?.value(period: p, v) ?? .nan,
                                  totals: totals(base + layout.row(scope: total, period: p)))
            whole.revenueUSD = p == 0 ? sums.revenueUSD : whole.revenueUSD + sums.revenueUSD
            whole.userYears = p == 0 ? sums.userYears : whole.userYears + sums.userYears
            DemandMetric.values(sums, into: base + layout.offset(demand: .revenueUSD, period: p))
        }
        whole.totals = totals(base + layout.row(scope: total, period: periods))
        DemandMetric.values(whole, into: base + layout.offset(demand: .revenueUSD, period: periods))
    }

    /// Facility energy per prompt (Wh) in period p: given, or from the
    /// model on the first served fleet — FLOP = 2 × parameters × tokens;
    /// accelerator-seconds = FLOP ÷ (peak FLOP/s × FLOP utilization);
    /// × the fleet's power per accelerator × its PUE in the period (its
    /// facility ÷ IT energy; over the whole horizon where it is not
    /// installed in the period).
    private func energyPerPrompt(_ energy: DemandPlan.EnergyPlan, period p: Int, _ v: UnsafeBufferPointer<Double>,
                                 _ out: UnsafeMutableBufferPointer<Double>) -> Double {
        switch energy {
        case let .given(slot): return v[slot]
        case let .model(params, tokens, utilization, f, peak):
            guard let peak else { return .nan }
            let layout = plan.layout, scope = layout.index(.fleet(f))
            func pue(_ period: Int) -> Double {
                out[layout.offset(scope: scope, period: period, metric: .energyFacilityMWh)]
                    / out[layout.offset(scope: scope, period: period, metric: .energyITMWh)]
            }
            let ratio = out[layout.offset(scope: scope, period: p, metric: .energyITMWh)] > 0 ? pue(p) : pue(layout.wholeHorizon)
            let seconds = 2 * v[params] * v[tokens] / (v[peak] * 1e12 * v[utilization])
            return seconds * scratch.draws[f].powerW * ratio / 3600
        }
    }

    /// Sites and the total from the fleets; the sites' and the total's
    /// peaks from the sites' power at the peak points; then every scope's
    /// whole horizon (sums over periods, the largest peak).
    ///
    /// Sums are the row additions of `EngineScratch.RowAdditions`: a site's (or
    /// the total's) row in a period is 0 + its fleets' rows in fleet order,
    /// a whole horizon 0 + the scope's rows in period order, as if every
    /// row were added — a fleet not installed in a period adds +0, which
    /// changes no sum that starts at +0. Rows nothing is added to stay zero
    /// from init.
    private func aggregate(_ base: UnsafeMutablePointer<Double>, _ v: UnsafeBufferPointer<Double>) {
        let periods = scratch.periods, sites = scratch.siteCount, layout = scratch.layout
        let additions = scratch.additions, required = scratch.required
        let total = layout.index(.total)
        // Sites' scopes are consecutive (ResultLayout.index).
        let firstSite = layout.index(.site(0))
        addRows(additions, 0..<additions.wholeStart, base)
        if !plan.refrigerants.isEmpty { addRefrigerants(base, v) }
        let stride = scratch.pointCount
        let totals = scratch.pointTotals
        for i in 0..<scratch.peakCount {
            let metric = scratch.peakMetrics[i]
            let power = scratch.power(peak: i, site: 0)
            for p in 0..<periods {
                let points = scratch.points[p]..<scratch.points[p + 1]
                if required.row(scope: total, period: p) {
                    // The total's power at each point: 0 + the sites' in site order.
                    for c in points { totals[c] = sites > 0 ? 0 + power[c] : 0 }
                    for s in 1..<max(1, sites) {
                        let site = power + s &* stride
                        for c in points { totals[c] += site[c] }
                    }
                    var best = 0.0
                    for c in points { best = max(best, totals[c]) }
                    base[layout.offset(scope: total, period: p, metric: metric)] = best
                }
                for s in 0..<sites where required.row(scope: firstSite &+ s, period: p) {
                    let site = power + s &* stride
                    var best = 0.0
                    for c in points { best = max(best, site[c]) }
                    base[layout.offset(scope: firstSite &+ s, period: p, metric: metric)] = best
                }
            }
        }
        addRows(additions, additions.wholeStart..<additions.count, base)
        for scope in 0..<layout.scopes where required.row(scope: scope, period: periods) {
            for i in 0..<scratch.peakCount {
                let m = scratch.peakMetrics[i]
                var best = 0.0
                for p in 0..<periods { best = max(best, base[layout.offset(scope: scope, period: p, metric: m)]) }
                base[layout.offset(scope: scope, period: periods, metric: m)] = best
            }
        }
    }

    /// Each site's refrigerant leaks into its rows and the total's, period
    /// by period, before the whole horizon is summed: rows its fleets wrote
    /// (a period with leakage has hardware installed), in site order.
    private func addRefrigerants(_ base: UnsafeMutablePointer<Double>, _ v: UnsafeBufferPointer<Double>) {
        let layout = scratch.layout, required = scratch.required, total = layout.index(.total)
        let leaks = Metric.emissionsScope1RefrigerantsTCO2e.rawValue, scope1 = Metric.emissionsScope1TCO2e.rawValue
        let grossLocation = Metric.emissionsGrossLocationTCO2e.rawValue, grossMarket = Metric.emissionsGrossMarketTCO2e.rawValue
        plan.sites.withUnsafeBufferPointer { sites in
            for r in plan.refrigerants {
                // Refrigerants are refused at a cloud site: all of it is operated.
                let annual = r.annualTCO2e(v) * sites[r.site].boundary.shares(v).operated
                let scope = layout.index(.site(r.site))
                for p in 0..<layout.periods where r.periodYears[p] > 0 {
                    let t = annual * r.periodYears[p]
                    if required.row(scope: scope, period: p) {
                        let row = base + layout.row(scope: scope, period: p)
                        row[leaks] += t; row[scope1] += t; row[grossLocation] += t; row[grossMarket] += t
                    }
                    if required.row(scope: total, period: p) {
                        let row = base + layout.row(scope: total, period: p)
                        row[leaks] += t; row[scope1] += t; row[grossLocation] += t; row[grossMarket] += t
                    }
                }
            }
        }
    }

    /// Row additions `ops` of `additions`: a row set to 0 + another, or added to.
    @inline(__always)
    private func addRows(_ additions: EngineScratch.RowAdditions, _ ops: Range<Int>, _ base: UnsafeMutablePointer<Double>) {
        // Sixteen lanes at a time (a row of today's metrics in one go;
        // lane-wise IEEE additions, as one by one), with no aliasing checks:
        // a row is never added to itself.
        typealias Lanes = SIMD16<Double>
        let metrics = scratch.metrics, lanes = metrics - metrics % Lanes.scalarCount
        for op in ops {
            let to = base + additions.targets[op], from = base + additions.sources[op]
            let target = UnsafeMutableRawPointer(to), source = UnsafeRawPointer(from)
            if additions.starts[op] {
                for m in Swift.stride(from: 0, to: lanes, by: Lanes.scalarCount) {
                    let sum = Lanes(repeating: 0) + source.loadUnaligned(fromByteOffset: m &* 8, as: Lanes.self)
                    target.storeBytes(of: sum, toByteOffset: m &* 8, as: Lanes.self)
                }
                for m in lanes..<metrics { to[m] = 0 + from[m] }
            } else {
                for m in Swift.stride(from: 0, to: lanes, by: Lanes.scalarCount) {
                    let sum = target.loadUnaligned(fromByteOffset: m &* 8, as: Lanes.self)
                        + source.loadUnaligned(fromByteOffset: m &* 8, as: Lanes.self)
                    target.storeBytes(of: sum, toByteOffset: m &* 8, as: Lanes.self)
                }
                for m in lanes..<metrics { to[m] += from[m] }
            }
        }
    }
}

