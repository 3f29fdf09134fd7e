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
    private let x: EngineScratch
    /// Sites summed in closed form (the others step by step).
    private let closedForm: [Bool]

    public convenience init(plan: EvaluationPlan) { self.init(plan: plan, stepByStep: false) }

    /// `stepByStep`: every site step by step, as tests compare the paths.
    init(plan: EvaluationPlan, stepByStep: Bool) {
        self.plan = plan
        result = Evaluation(plan.layout)
        closedForm = plan.sites.map { $0.isConstantWithinDraw && !stepByStep }
        x = EngineScratch(plan, candidatePoints: !closedForm.contains(false))
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
        let c = x.closed
        // Per fleet: its draw's constants and its deployments' amounts.
        for f in 0..<x.fleetCount {
            let inputs = x.fleetInputs[f]
            let k = FleetConstants(inputs, v)
            x.constants[f] = k
            for d in c.fleetTerms[f] { x.units[d] = c.terms[d].units(v, inputs, fullPowerW: k.fullPowerW) }
        }
        x.sitePower.update(repeating: 0)
        plan.sites.withUnsafeBufferPointer { sites in
            for s in 0..<sites.count {
                guard closedForm[s] else { sumSteps(site: s, v); continue }
                x.rates(sites[s].values(v, at: 0), into: x.siteRates + s &* x.energyCount)
                let knots = x.knots + c.knotStart[s]
                for k in 0..<c.knotCount[s] {
                    let slot = c.knotSlots[c.knotStart[s] &+ k]
                    knots[k] = slot < 0 ? 1 : v[slot]
                }
                for f in x.fleetsAt[s] { sumClosedForm(f, site: s) }
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
        for p in x.fleetPeriods[f] {
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
                for p in x.fleetPeriods[f] {
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
                for p in x.fleetPeriods[f] {
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

    /// Installed unit-hours of fleet f at each step of its active range,
    /// in its row of `x.unitHours`.
    private func fillUnitHours(_ f: Int) -> UnsafeMutablePointer<Double> {
        let uh = x.unitHours + f * x.steps
        let active = plan.fleets[f].activeSteps
        (uh + active.lowerBound).update(repeating: 0, count: active.count)
        let first = plan.periodSums.fleetTerms[f].lowerBound
        for (i, d) in plan.fleets[f].deployments.enumerated() {
            let n = x.units[first + i]
            let h = d.unitHours.span
            for j in 0..<h.count { uh[d.first + j] += n * h[unchecked: j] }
        }
        return uh
    }

    /// The sums of every fleet at site s, step by step, for a site whose
    /// values vary within the draw (a PUE, WUE or share series, or hourly
    /// supplies matched to the site's load).
    private func sumSteps(site s: Int, _ v: UnsafeBufferPointer<Double>) {
        let site = plan.sites[s]
        let grid = plan.grid
        let sums = plan.periodSums, periods = sums.periods
        let formulas = plan.formulas
        let width = formulas.width, energy = x.energyCount
        let fleets = x.fleetsAt[s]
        var active = 0..<0
        for f in fleets {
            _ = fillUnitHours(f)
            let a = plan.fleets[f].activeSteps
            active = active.isEmpty ? a : (a.isEmpty ? active : min(active.lowerBound, a.lowerBound)..<max(active.upperBound, a.upperBound))
            for p in sums.fleetPeriods[f] {
                let row = x.sums + (f * periods + p) * width
                row.update(repeating: 0, count: width)
                var sumH = 0.0, sumA = 0.0
                for d in sums.fleetTerms[f] {
                    sumH += x.units[d] * sums.installedTable[d * periods + p]
                    sumA += x.units[d] * sums.arrivingTable[d * periods + p]
                }
                row[formulas.unitHoursIndex] = sumH
                row[formulas.arrivalsIndex] = sumA
            }
        }
        if !site.supplies.isEmpty { matchSupplies(site: s, v) }
        let rate = x.stepRates
        for t in active {
            let p = Int(grid.periodOfStep[t])
            let values = site.supplies.isEmpty ? site.values(v, at: t) : site.values(v, at: t, matched: x.matched[t])
            let g = site.trajectory?.value(at: t, v) ?? 1, pi = site.profile?[t] ?? 1
            x.rates(values, into: x.stepSiteRates)
            for e in 0..<energy { rate[e] = x.stepSiteRates[e].at(g: g, pi: pi) }
            for f in fleets {
                let h = x.unitHours[f * x.steps + t]
                if h == 0 { continue }
                let row = x.sums + (f * periods + p) * width
                for e in 0..<energy { row[e] += h * rate[e] }
                let perHour = h * x.inverseHours[t], powerMW = x.constants[f].powerW * 1e-6
                for (i, peak) in formulas.peaks.enumerated() {
                    let u = perHour * rate[peak.energy]
                    row[formulas.peakIndex + i] = max(row[formulas.peakIndex + i], u)
                    x.power(peak: i, site: s)[t] += u * powerMW
                }
            }
        }
    }

    /// What the site's hourly supplies cover at each step, under both
    /// rules, from the site's facility load (taken as flat within a step,
    /// so the hourly match is exact at hourly resolution):
    ///
    /// * hourly (October 2025 draft): each hour, min(load, Σ capacity·cf),
    ///   shared among the supplies pro rata to their output that hour;
    /// * annual (2015 Guidance): each calendar year, min(the year's
    ///   consumption, the supplies' generation), the same share in every
    ///   step of the year.
    private func matchSupplies(site s: Int, _ v: UnsafeBufferPointer<Double>) {
        let site = plan.sites[s], grid = plan.grid
        let supplies = site.supplies
        let start = Int(grid.boundaries[0])
        let load = siteLoad(s, v)
        for steps in grid.periodSteps {
            var consumption = 0.0, generation = 0.0, generationT = 0.0, generationFree = 0.0
            for t in steps {
                let power = load[t]
                consumption += power * grid.hours[t]
                var hourly = MatchedSupply.Part()
                var supplied = 0.0, suppliedT = 0.0, suppliedFree = 0.0
                for c in supplies.indices {
                    let cap = supplies[c].capacity.value(at: t, v), intensity = v[supplies[c].intensity]
                    x.capacities[c] = cap
                    let gen = cap * supplies[c].stepFactors[t]
                    generation += gen; generationT += gen * intensity
                    if intensity == 0 { generationFree += gen }
                }
                if power > 0 {
                    let first = Int(grid.boundaries[t]) - start, end = Int(grid.boundaries[t + 1]) - start
                    for h in first..<end {
                        var out = 0.0, outT = 0.0, outFree = 0.0
                        for c in supplies.indices {
                            let y = x.capacities[c] * supplies[c].factors[h], intensity = v[supplies[c].intensity]
                            out += y; outT += y * intensity
                            if intensity == 0 { outFree += y }
                        }
                        guard out > 0 else { continue }
                        let matched = min(power, out)
                        supplied += matched
                        suppliedT += matched * outT / out
                        suppliedFree += matched * outFree / out
                    }
                    let energy = power * grid.hours[t]
                    hourly = .init(remaining: max(0, 1 - supplied / energy), intensity: suppliedT / energy,
                                   carbonFree: suppliedFree / energy)
                }
                x.matched[t].hourly = hourly
            }
            var annual = MatchedSupply.Part()
            if consumption > 0, generation > 0 {
                let share = min(generation, consumption) / consumption
                annual = .init(remaining: 1 - share, intensity: share * generationT / generation,
                               carbonFree: share * generationFree / generation)
            }
            for t in steps { x.matched[t].annual = annual }
        }
    }

    /// Site s's facility load (MW) at each step, in `x.load`, from its
    /// fleets' unit-hours of this draw (a site with hourly supplies).
    private func siteLoad(_ s: Int, _ v: UnsafeBufferPointer<Double>) -> UnsafeMutablePointer<Double> {
        let site = plan.sites[s], load = x.load
        load.update(repeating: 0, count: x.steps)
        for f in x.fleetsAt[s] {
            let powerMW = x.constants[f].powerW * 1e-6
            for t in plan.fleets[f].activeSteps {
                load[t] += x.unitHours[f * x.steps + t] * x.inverseHours[t] * powerMW * site.pue.value(at: t, v)
            }
        }
        return load
    }

    /// The share of site s's load matched hour by hour by its hourly
    /// supplies (the October 2025 draft's rule), as means by calendar month
    /// and UTC hour of day (`[month * 24 + hour]`, 288 values; NaN where the
    /// horizon has no such hour with load), for the draw last evaluated.
    /// Nil for a site without hourly supplies.
    public func hourlyMatching(site s: Int) -> [Double]? {
        let site = plan.sites[s], grid = plan.grid
        guard !site.supplies.isEmpty else { return nil }
        var matched = [Double](repeating: 0, count: 288), count = [Double](repeating: 0, count: 288)
        let v = UnsafeBufferPointer(start: x.lastDraw, count: plan.parameters.count)
        let start = Int(grid.boundaries[0])
        let load = siteLoad(s, v)
        for t in 0..<x.steps where load[t] > 0 {
            for h in Int(grid.boundaries[t]) - start ..< Int(grid.boundaries[t + 1]) - start {
                var out = 0.0
                for supply in site.supplies { out += supply.capacity.value(at: t, v) * supply.factors[h] }
                let hour = start + h
                let month = CalendarDate(dayNumber: hour >= 0 ? hour / 24 : (hour - 23) / 24).month
                let cell = (month - 1) * 24 + ((hour % 24) + 24) % 24
                matched[cell] += min(load[t], out) / load[t]
                count[cell] += 1
            }
        }
        return zip(matched, count).map { $1 > 0 ? $0 / $1 : .nan }
    }

    /// The one function that turns the fleets' sums into their metrics,
    /// period by period, by the metrics' formulas (`EngineScratch.Writing`).
    private func write(into base: UnsafeMutablePointer<Double>) {
        let w = x.writing
        let periods = x.periods, width = w.width, metrics = x.metrics
        let factors = x.factors
        for f in 0..<x.fleetCount {
            let k = x.constants[f]
            let powerMW = k.powerW * 1e-6
            for m in 0..<metrics { factors[m] = powerMW }
            for j in 0..<w.unitCount { factors[w.unitMetrics[j]] = k[w.unitFields[j]] }
            let fleet = base + x.fleetRows[f]
            for p in x.fleetPeriods[f] {
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
            for s in 0..<services.count {
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
        let adding = x.adding
        addRows(adding, 0..<adding.wholeStart, base)
        let stride = x.pointCount
        let totals = x.pointTotals
        for i in 0..<x.peakCount {
            let metric = x.peakMetrics[i]
            let power = x.power(peak: i, site: 0)
            // The total's power at each point: 0 + the sites' in site order.
            for c in 0..<stride { totals[c] = sites > 0 ? 0 + power[c] : 0 }
            for s in 1..<max(1, sites) {
                let site = power + s &* stride
                for c in 0..<stride { totals[c] += site[c] }
            }
            for p in 0..<periods {
                let points = x.points[p]..<x.points[p + 1]
                var best = 0.0
                for c in points { best = max(best, totals[c]) }
                base[adding.scopeRows[plan.layout.index(.total)] &+ p &* metrics &+ metric] = best
                for s in 0..<sites {
                    let site = power + s &* stride
                    var best = 0.0
                    for c in points { best = max(best, site[c]) }
                    base[adding.scopeRows[plan.layout.index(.site(s))] &+ p &* metrics &+ metric] = best
                }
            }
        }
        addRows(adding, adding.wholeStart..<adding.count, base)
        for scope in 0..<adding.scopeCount {
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

