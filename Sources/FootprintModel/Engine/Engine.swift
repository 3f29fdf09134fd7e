import Foundation

/// Evaluates one parameter draw of a compiled scenario into an `Evaluation`.
///
/// Pure arithmetic on the plan and a vector of parameter values: no YAML,
/// no text, no global state. Scratch memory is allocated once, in `init`;
/// `evaluate` allocates nothing. Not thread-safe: one engine per worker.
///
/// For fleet f at its site s and step t (DESIGN.md, "The model"):
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
    let x: EngineScratch
    /// Sites summed in closed form (the others step by step).
    private let closedForm: [Bool]

    /// An engine for callers that read only the values at `reads` (indices
    /// of `result.values`) after each draw; nil: every value.
    ///
    /// Those values are computed exactly as with `reads: nil` — the same
    /// operations in the same order, so bit for bit the same — and, once
    /// at construction, only what they depend on is kept for the draws
    /// (`EngineScratch.Needs`): rows of fleets and sites that feed nothing
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
        x = EngineScratch(plan, closedForm: closedForm, reads: reads)
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

    /// Evaluates one draw; the result is in `result`.
    public func evaluate(_ v: UnsafeBufferPointer<Double>) {
        if x.keepsDraw { x.lastDraw.update(from: v.baseAddress!, count: v.count) }
        let c = x.closed, needs = x.needs
        // Per fleet: its draw's constants and its deployments' amounts.
        for f in 0..<x.fleetCount {
            let inputs = x.fleetInputs[f]
            let k = FleetConstants(inputs, v)
            x.constants[f] = k
            guard needs.fleets[f] else { continue }
            for d in c.fleetTerms[f] { x.units[d] = c.terms[d].units(v, inputs, fullPowerW: k.fullPowerW) }
        }
        x.sitePower.update(repeating: 0)
        plan.sites.withUnsafeBufferPointer { sites in
            for s in 0..<sites.count {
                let fleets = x.fleetsAt[s]
                // A site's fleets are needed all or none when it is summed step by step.
                guard closedForm[s] else { if fleets.first.map({ needs.fleets[$0] }) ?? true { sumSteps(site: s, v) }; continue }
                x.rates(sites[s].values(v, at: 0), into: x.siteRates + s &* x.energyCount)
                let knots = x.knots + c.knotStart[s]
                for k in 0..<c.knotCount[s] {
                    let slot = c.knotSlots[c.knotStart[s] &+ k]
                    knots[k] = slot < 0 ? 1 : v[slot]
                }
                for f in fleets where needs.fleets[f] { sumClosedForm(f, site: s) }
            }
        }
        result.values.withUnsafeMutableBufferPointer { out in
            // Rows are written whole where something is installed and never
            // elsewhere (zero since init): nothing is cleared per draw.
            let base = out.baseAddress!
            write(into: base)
            aggregate(base)
            if let demand = plan.demand { serve(demand, v, out) }
        }
    }

    /// Fleet f's sums per period at a site constant within the draw, from
    /// the plan's tables; its peaks and the site's power at the peak points.
    private func sumClosedForm(_ f: Int, site s: Int) {
        let c = x.closed, periods = x.periods
        let w = x.writing, width = w.width, energy = x.energyCount
        let rates = x.siteRates + s &* energy
        let g = x.knots + c.knotStart[s], knots = c.knotCount[s]
        let own = c.fleetTerms[f], units = x.units
        let powerMW = x.constants[f].powerW * 1e-6
        let fleetSums = x.sums + f &* periods &* width
        let needsSums = x.needs.fleetSums + f &* periods, needsPeaks = x.needs.fleetPeaks + f &* periods
        for p in x.fleetPeriods[f] where needsSums[p] {
            var sumH = 0.0, sumA = 0.0, sumG = 0.0, sumGPi = 0.0
            for d in own {
                let n = units[d]
                sumH += n * c.installed[d &* periods &+ p]
                sumA += n * c.arriving[d &* periods &+ p]
                let trajectory = c.trajectory + (c.termKnots[d] &+ p &* knots)
                let shaped = c.shaped + (c.termKnots[d] &+ p &* knots)
                var gt = 0.0, gpi = 0.0
                for j in 0..<knots { gt += g[j] * trajectory[j]; gpi += g[j] * shaped[j] }
                sumG += n * gt; sumGPi += n * gpi
            }
            let row = fleetSums + p &* width
            for e in 0..<energy {
                let r = rates[e]
                row[e] = r.flat * sumH + r.trajectory * sumG + r.shaped * sumGPi
            }
            row[w.unitHoursIndex] = sumH
            row[w.arrivalsIndex] = sumA
        }
        // Peaks: a peak's rate is flat at a constant site (checked in
        // `EngineScratch.init`), so power is installed units × that rate.
        if x.candidatePoints {
            // Units installed at each candidate point: 0 + Σ_d n_d·r_d in
            // deployment order, a deployment at a time over the points.
            let active = c.fleetCandidates[f], installed = x.unitsInstalled
            if own.isEmpty { for point in active { installed[point] = 0 } }
            for d in own {
                let n = units[d], perUnit = c.unitRates + d &* c.candidateCount
                if d == own.lowerBound {
                    for point in active { installed[point] = 0 + n * perUnit[point] }
                } else {
                    for point in active { installed[point] += n * perUnit[point] }
                }
            }
            for i in 0..<x.peakCount {
                let rate = rates[x.peakEnergy[i]].flat
                let power = x.power(peak: i, site: s)
                for p in x.fleetPeriods[f] where needsPeaks[p] {
                    var best = 0.0
                    for point in max(c.candidatePeriods[p], active.lowerBound)..<min(c.candidatePeriods[p + 1], active.upperBound) {
                        let rated = installed[point] * rate
                        best = max(best, rated)
                        power[point] += rated * powerMW
                    }
                    fleetSums[p &* width &+ w.peakIndex &+ i] = best
                }
            }
        } else {
            let uh = fillUnitHours(f)
            for i in 0..<x.peakCount {
                let rate = rates[x.peakEnergy[i]].flat
                let power = x.power(peak: i, site: s)
                for p in x.fleetPeriods[f] where needsPeaks[p] {
                    var best = 0.0
                    for t in plan.grid.periodSteps[p].clamped(to: plan.fleets[f].activeSteps) {
                        let u = uh[t] * x.inverseHours[t] * rate
                        best = max(best, u)
                        power[t] += u * powerMW
                    }
                    fleetSums[p &* width &+ w.peakIndex &+ i] = best
                }
            }
        }
    }

    /// The one function that turns the fleets' sums into their metrics,
    /// period by period, by the metrics' formulas (`EngineScratch.Writing`).
    private func write(into base: UnsafeMutablePointer<Double>) {
        let w = x.writing
        let periods = x.periods, width = w.width, metrics = x.metrics
        let factors = x.factors
        for f in 0..<x.fleetCount where x.needs.fleets[f] {
            let k = x.constants[f]
            let powerMW = k.powerW * 1e-6
            for m in 0..<metrics { factors[m] = powerMW }
            for j in 0..<w.unitCount { factors[w.unitMetrics[j]] = k[w.unitFields[j]] }
            let fleet = base + x.fleetRows[f], needsSums = x.needs.fleetSums + f &* periods
            for p in x.fleetPeriods[f] where needsSums[p] {
                let row = x.sums + (f &* periods &+ p) &* width
                let out = fleet + p &* metrics
                for m in 0..<metrics { out[m] = row[w.columns[m]] * factors[m] }
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
        let layout = plan.layout
        let periods = layout.periods, metrics = x.metrics
        let base = out.baseAddress!
        func totals(_ row: UnsafeMutablePointer<Double>) -> FleetTotals {
            FleetTotals(energyFacility: row[Metric.energyFacilityMWh.rawValue], location: row[Metric.emissionsLocationTCO2e.rawValue],
                        market: row[Metric.emissionsMarketTCO2e.rawValue], embodied: row[Metric.emissionsEmbodiedAmortizedTCO2e.rawValue],
                        water: row[Metric.waterM3.rawValue])
        }
        demand.services.withUnsafeBufferPointer { services in
            for s in 0..<services.count where x.needs.services[s] {
                let service = services[s]
                let share = service.fleetShare.map { v[$0] } ?? .nan
                var whole = ServiceSums(fleetShare: share)
                for p in 0..<periods {
                    var sums = ServiceSums(fleetShare: share)
                    sums.prompts = service.prompts.value(period: p, v)
                    sums.energyMWh = sums.prompts * energyPerPrompt(service.energy, period: p, v, out) / 1e6
                    for f in service.served { sums.served.add(totals(base + x.fleetRows[f] + p &* metrics)) }
                    whole.prompts += sums.prompts
                    whole.energyMWh += sums.energyMWh
                    whole.served.add(sums.served)
                    ServiceMetric.values(sums, into: base + layout.offset(service: s, period: p, metric: .prompts))
                }
                ServiceMetric.values(whole, into: base + layout.offset(service: s, period: periods, metric: .prompts))
            }
        }
        guard x.needs.demand else { return }
        let total = base + x.adding.scopeRows[plan.layout.index(.total)]
        var whole = DemandSums()
        for p in 0..<periods {
            let sums = DemandSums(revenueUSD: demand.revenue?.value(period: p, v) ?? .nan,
                                  userYears: demand.users?.value(period: p, v) ?? .nan,
                                  totals: totals(total + p &* metrics))
            whole.revenueUSD = p == 0 ? sums.revenueUSD : whole.revenueUSD + sums.revenueUSD
            whole.userYears = p == 0 ? sums.userYears : whole.userYears + sums.userYears
            DemandMetric.values(sums, into: base + layout.offset(demand: .revenueUSD, period: p))
        }
        whole.totals = totals(total + periods &* metrics)
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
            return seconds * x.constants[f].powerW * ratio / 3600
        }
    }

    /// Sites and the total from the fleets; the sites' and the total's
    /// peaks from the sites' power at the peak points; then every scope's
    /// whole horizon (sums over periods, the largest peak).
    ///
    /// Sums are the row additions of `EngineScratch.Adding`: a site's (or
    /// the total's) row in a period is 0 + its fleets' rows in fleet order,
    /// a whole horizon 0 + the scope's rows in period order, as if every
    /// row were added — a fleet not installed in a period adds +0, which
    /// changes no sum that starts at +0. Rows nothing is added to stay zero
    /// from init.
    private func aggregate(_ base: UnsafeMutablePointer<Double>) {
        let periods = x.periods, metrics = x.metrics, sites = x.siteCount
        let adding = x.adding, needed = x.needs.rows, rowsPerScope = periods &+ 1
        let totalRows = plan.layout.index(.total) &* rowsPerScope
        // Sites' scopes are consecutive (ResultLayout.index).
        let firstSite = plan.layout.index(.site(0))
        addRows(adding, 0..<adding.wholeStart, base)
        let stride = x.pointCount
        let totals = x.pointTotals
        for i in 0..<x.peakCount {
            let metric = x.peakMetrics[i]
            let power = x.power(peak: i, site: 0)
            for p in 0..<periods {
                let points = x.points[p]..<x.points[p + 1]
                if needed[totalRows &+ p] {
                    // The total's power at each point: 0 + the sites' in site order.
                    for c in points { totals[c] = sites > 0 ? 0 + power[c] : 0 }
                    for s in 1..<max(1, sites) {
                        let site = power + s &* stride
                        for c in points { totals[c] += site[c] }
                    }
                    var best = 0.0
                    for c in points { best = max(best, totals[c]) }
                    base[adding.scopeRows[plan.layout.index(.total)] &+ p &* metrics &+ metric] = best
                }
                for s in 0..<sites where needed[(firstSite &+ s) &* rowsPerScope &+ p] {
                    let site = power + s &* stride
                    var best = 0.0
                    for c in points { best = max(best, site[c]) }
                    base[adding.scopeRows[firstSite &+ s] &+ p &* metrics &+ metric] = best
                }
            }
        }
        addRows(adding, adding.wholeStart..<adding.count, base)
        for scope in 0..<adding.scopeCount where needed[scope &* rowsPerScope &+ periods] {
            let rows = base + adding.scopeRows[scope]
            for i in 0..<x.peakCount {
                let m = x.peakMetrics[i]
                var best = 0.0
                for p in 0..<periods { best = max(best, rows[p &* metrics &+ m]) }
                rows[periods &* metrics &+ m] = best
            }
        }
    }

    /// Row additions `ops` of `adding`: a row set to 0 + another, or added to.
    @inline(__always)
    private func addRows(_ adding: EngineScratch.Adding, _ ops: Range<Int>, _ base: UnsafeMutablePointer<Double>) {
        // Sixteen lanes at a time (a row of today's metrics in one go;
        // lane-wise IEEE additions, as one by one), with no aliasing checks:
        // a row is never added to itself.
        typealias Lanes = SIMD16<Double>
        let metrics = x.metrics, lanes = metrics - metrics % Lanes.scalarCount
        for op in ops {
            let to = base + adding.targets[op], from = base + adding.sources[op]
            let target = UnsafeMutableRawPointer(to), source = UnsafeRawPointer(from)
            if adding.starts[op] {
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

