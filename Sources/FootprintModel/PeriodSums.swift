/// A draw in closed form per period, for scenarios whose every site has one
/// PUE, one WUE and constant contract shares per draw, and no hourly supply
/// (the usual case). Nothing here depends on the number of steps.
///
/// Installed unit-hours at step t are H(t) = Σ_d n_d·s_d(t): the schedules
/// s_d per unit are fixed, only the amounts n_d vary with the draw. The grid
/// trajectory is linear in its knot values, g(t) = Σ_k φ_k(t)·g_k. So the
/// sums the engine needs per period p are bilinear forms whose step sums are
/// computed once per scenario:
///
///     Σ_{t∈p} H(t)              = Σ_d n_d · S[d,p]
///     Σ_{t∈p} H(t)·g(t)·π(t)    = Σ_d n_d · Σ_k g_k·L[d,p,k]     (π: the grid's hourly profile, or 1)
///     Σ_{t∈p} H(t)·g(t)         = Σ_d n_d · Σ_k g_k·M[d,p,k]
///     arrivals in p              = Σ_d n_d · A[d,p]
///
/// Peaks: a deployment's installed fraction is piecewise linear in time
/// (it bends where its arrival and retirement ramps start and end). A step
/// lying inside one linear piece averages it to its value at the step's
/// midpoint, so along a run of such steps the averages are monotone. Any
/// non-negative combination (a fleet, a site, all sites) therefore peaks,
/// within a period, at a step containing a bend, a neighbour of one, or the
/// period's first or last step. Those candidate steps are found once; a
/// draw evaluates power only there.
struct PeriodSums: Sendable {
    /// What a site contributes to a draw, as slots.
    struct SiteInputs: Sendable {
        let pue: Int
        let wue: Int?
        let intensity: Int
        let residual: Int
        let gridWater: Int?
        /// Range into `contractShare` / `contractIntensity`.
        let contracts: Range<Int>
        /// Range into `knotSlots`.
        let knots: Range<Int>
    }

    let periods: Int
    let sites: [SiteInputs]
    let contractShare: [Int], contractIntensity: [Int]
    /// The trajectory's knot slots of every site, −1 for a site without a
    /// trajectory (one knot of value 1).
    let knotSlots: [Int]
    let terms: [DeploymentAmount]
    /// Per fleet: its deployments (range into `terms`), the periods and the
    /// candidate steps it is active in.
    let fleetTerms: [Range<Int>], fleetPeriods: [Range<Int>], fleetCandidates: [Range<Int>]
    /// S and A: `[d * periods + p]`.
    let installed: [Double], arriving: [Double]
    /// L and M: `[termKnots[d] + p * K + k]`, K the knots of the fleet's site.
    let location: [Double], market: [Double]
    let termKnots: [Int]
    /// Candidate steps for the peaks, ascending; those of period p are
    /// `candidatePeriods[p] ..< candidatePeriods[p + 1]`.
    let candidateSteps: [Int]
    let candidatePeriods: [Int]
    /// Units installed per unit deployed, as a step average (unit-hours /
    /// hours), at each candidate step: `[c * terms.count + d]`.
    let rates: [Double]

    /// Nil when some site needs step-by-step evaluation (a time-varying PUE,
    /// WUE or contract share, or an hourly supply).
    init?(grid: TimeGrid, sites sitePlans: [SitePlan], fleets: [FleetPlan]) {
        for site in sitePlans {
            if site.pue.constantSlot == nil || site.wue.map({ $0.constantSlot == nil }) == true
                || site.contracts.contains(where: { $0.share.constantSlot == nil }) || !site.supplies.isEmpty { return nil }
        }
        let periods = grid.periods.count
        self.periods = periods
        var sites: [SiteInputs] = [], share: [Int] = [], intensity: [Int] = [], knotSlots: [Int] = []
        for site in sitePlans {
            let c0 = share.count, k0 = knotSlots.count
            for c in site.contracts { share.append(c.share.constantSlot!); intensity.append(c.intensity) }
            knotSlots += site.trajectory?.slots ?? [-1]
            sites.append(SiteInputs(pue: site.pue.constantSlot!, wue: site.wue?.constantSlot, intensity: site.intensity,
                                    residual: site.residual, gridWater: site.gridWater,
                                    contracts: c0..<share.count, knots: k0..<knotSlots.count))
        }
        self.sites = sites
        contractShare = share; contractIntensity = intensity
        self.knotSlots = knotSlots

        var terms: [DeploymentAmount] = [], fleetTerms: [Range<Int>] = [], fleetPeriods: [Range<Int>] = []
        var installed: [Double] = [], arriving: [Double] = [], location: [Double] = [], market: [Double] = []
        var termKnots: [Int] = []
        for fleet in fleets {
            let site = sitePlans[fleet.site]
            let knots = sites[fleet.site].knots.count
            let d0 = terms.count
            for d in fleet.deployments {
                terms.append(d.amountInputs)
                let s0 = installed.count, k0 = location.count
                termKnots.append(k0)
                installed += repeatElement(0, count: periods)
                arriving += repeatElement(0, count: periods)
                location += repeatElement(0, count: periods * knots)
                market += repeatElement(0, count: periods * knots)
                for i in d.unitHours.indices {
                    let t = d.first + i, p = Int(grid.periodOfStep[t])
                    let h = d.unitHours[i], shaped = h * (site.profile?[t] ?? 1)
                    installed[s0 + p] += h
                    if i < d.arrivals.count { arriving[s0 + p] += d.arrivals[i] }
                    let o = k0 + p * knots
                    if knots > 1, let tr = site.trajectory {
                        let lo = Int(tr.lower[t]), w = tr.weight[t]
                        location[o + lo] += shaped * (1 - w); location[o + lo + 1] += shaped * w
                        market[o + lo] += h * (1 - w); market[o + lo + 1] += h * w
                    } else {
                        location[o] += shaped
                        market[o] += h
                    }
                }
            }
            fleetTerms.append(d0..<terms.count)
            let active = fleet.activeSteps
            fleetPeriods.append(active.isEmpty ? 0..<0
                                : Int(grid.periodOfStep[active.lowerBound])..<(Int(grid.periodOfStep[active.upperBound - 1]) + 1))
        }
        self.terms = terms
        self.fleetTerms = fleetTerms
        self.fleetPeriods = fleetPeriods
        self.installed = installed; self.arriving = arriving
        self.location = location; self.market = market
        self.termKnots = termKnots

        // Candidate steps: each period's ends, and each bend's step with its
        // neighbours.
        let steps = grid.stepCount
        var candidate = [Bool](repeating: false, count: steps)
        for range in grid.periodSteps where !range.isEmpty {
            candidate[range.lowerBound] = true
            candidate[range.upperBound - 1] = true
        }
        for fleet in fleets {
            for d in fleet.deployments {
                for x in d.breakpoints where x >= grid.boundaries[0] && x <= grid.boundaries[steps] {
                    let t = grid.step(containing: x)
                    for u in max(0, t - 1)...min(steps - 1, t + 1) { candidate[u] = true }
                }
            }
        }
        let candidateSteps = candidate.indices.filter { candidate[$0] }
        self.candidateSteps = candidateSteps
        var candidatePeriods = [Int](repeating: candidateSteps.count, count: periods + 1)
        for (c, t) in candidateSteps.enumerated().reversed() { candidatePeriods[Int(grid.periodOfStep[t])] = c }
        // Periods without a candidate (none: every non-empty period has
        // two) start where the next one does.
        for p in stride(from: periods - 1, through: 0, by: -1) where candidatePeriods[p] > candidatePeriods[p + 1] {
            candidatePeriods[p] = candidatePeriods[p + 1]
        }
        self.candidatePeriods = candidatePeriods
        fleetCandidates = fleets.map { fleet in
            let a = fleet.activeSteps
            let lo = candidateSteps.firstIndex { $0 >= a.lowerBound } ?? candidateSteps.count
            let hi = candidateSteps.firstIndex { $0 >= a.upperBound } ?? candidateSteps.count
            return lo..<max(lo, hi)
        }
        var rates = [Double](repeating: 0, count: candidateSteps.count * terms.count)
        var d = 0
        for fleet in fleets {
            for dep in fleet.deployments {
                for (c, t) in candidateSteps.enumerated() where t >= dep.first && t < dep.first + dep.unitHours.count {
                    rates[c * terms.count + d] = dep.unitHours[t - dep.first] * grid.inverseHours[t]
                }
                d += 1
            }
        }
        self.rates = rates
    }
}

/// Per-draw buffers for `PeriodSums`, allocated once per engine.
final class PeriodScratch {
    let pue, wue, water, intensity, contracted, uncovered: UnsafeMutablePointer<Double>
    let knots, units, power: UnsafeMutablePointer<Double>
    /// Facility power of each site at each candidate step: `[s * C + c]`.
    let sitePower: UnsafeMutablePointer<Double>
    private let all: [UnsafeMutablePointer<Double>]

    init(_ sums: PeriodSums) {
        let s = max(1, sums.sites.count)
        pue = .allocate(capacity: s); wue = .allocate(capacity: s); water = .allocate(capacity: s)
        intensity = .allocate(capacity: s); contracted = .allocate(capacity: s); uncovered = .allocate(capacity: s)
        knots = .allocate(capacity: max(1, sums.knotSlots.count))
        units = .allocate(capacity: max(1, sums.terms.count))
        power = .allocate(capacity: max(1, sums.candidateSteps.count))
        sitePower = .allocate(capacity: max(1, sums.candidateSteps.count * sums.sites.count))
        all = [pue, wue, water, intensity, contracted, uncovered, knots, units, power, sitePower]
        pue.initialize(repeating: 0, count: s); wue.initialize(repeating: 0, count: s); water.initialize(repeating: 0, count: s)
        intensity.initialize(repeating: 0, count: s); contracted.initialize(repeating: 0, count: s); uncovered.initialize(repeating: 0, count: s)
        knots.initialize(repeating: 0, count: max(1, sums.knotSlots.count))
        units.initialize(repeating: 0, count: max(1, sums.terms.count))
        power.initialize(repeating: 0, count: max(1, sums.candidateSteps.count))
        sitePower.initialize(repeating: 0, count: max(1, sums.candidateSteps.count * sums.sites.count))
    }

    deinit { for p in all { p.deallocate() } }
}

extension PeriodSums {
    /// Writes every fleet's per-period metrics (peaks included) into `out`
    /// (zeroed, `Evaluation` layout) and each site's power at the candidate
    /// steps into `x.sitePower`, for the sites' and total peaks.
    func evaluate(_ v: UnsafeBufferPointer<Double>, _ inputs: UnsafeBufferPointer<FleetInputs>,
                  _ x: PeriodScratch, into out: UnsafeMutablePointer<Double>) {
        let m = Evaluation.metricCount
        let block = (periods + 1) * m
        let candidates = candidateSteps.count
        let termCount = terms.count
        sites.withUnsafeBufferPointer { sites in
        contractShare.withUnsafeBufferPointer { share in
        contractIntensity.withUnsafeBufferPointer { contractIntensity in
        knotSlots.withUnsafeBufferPointer { knotSlots in
            for (s, site) in sites.enumerated() {
                x.pue[s] = v[site.pue]
                x.wue[s] = site.wue.map { v[$0] } ?? 0
                x.water[s] = site.gridWater.map { v[$0] } ?? 0
                x.intensity[s] = v[site.intensity]
                var sum = 0.0, contracted = 0.0
                for c in site.contracts {
                    let sigma = v[share[c]]
                    sum += sigma; contracted += sigma * v[contractIntensity[c]]
                }
                // Contracts beyond consumption cover it once: scale down.
                if sum > 1 { contracted /= sum; sum = 1 }
                x.contracted[s] = contracted
                x.uncovered[s] = (1 - sum) * v[site.residual]
                for k in site.knots { x.knots[k] = knotSlots[k] < 0 ? 1 : v[knotSlots[k]] }
            }
        }}}}
        x.sitePower.update(repeating: 0, count: candidates * sites.count)
        terms.withUnsafeBufferPointer { terms in
        installed.withUnsafeBufferPointer { installed in
        arriving.withUnsafeBufferPointer { arriving in
        location.withUnsafeBufferPointer { location in
        market.withUnsafeBufferPointer { market in
        termKnots.withUnsafeBufferPointer { termKnots in
        rates.withUnsafeBufferPointer { rates in
        candidatePeriods.withUnsafeBufferPointer { candidatePeriods in
        sites.withUnsafeBufferPointer { sites in
        fleetTerms.withUnsafeBufferPointer { fleetTerms in
        fleetPeriods.withUnsafeBufferPointer { fleetPeriods in
        fleetCandidates.withUnsafeBufferPointer { fleetCandidates in
            for f in 0..<inputs.count {
                let fleet = inputs[f]
                let k = FleetConstants(fleet, v)
                let s = fleet.site
                let powerMW = k.powerW * 1e-6, facilityMW = powerMW * x.pue[s]
                let intensity = x.intensity[s], contracted = x.contracted[s], uncovered = x.uncovered[s]
                let wue = x.wue[s], water = x.water[s]
                let knots = sites[s].knots, g = x.knots + knots.lowerBound, K = knots.count
                let own = fleetTerms[f]
                for d in own { x.units[d] = terms[d].units(v, fleet, fullPowerW: k.fullPowerW) }
                let o0 = out + (1 + f) * block
                for p in fleetPeriods[f] {
                    var sumH = 0.0, sumL = 0.0, sumM = 0.0, sumA = 0.0
                    for d in own {
                        let n = x.units[d]
                        sumH += n * installed[d * periods + p]
                        sumA += n * arriving[d * periods + p]
                        let o = termKnots[d] + p * K
                        var l = 0.0, mk = 0.0
                        for j in 0..<K { l += g[j] * location[o + j]; mk += g[j] * market[o + j] }
                        sumL += n * l; sumM += n * mk
                    }
                    let o = o0 + p * m
                    o[Metric.energyITMWh.rawValue] = sumH * powerMW
                    o[Metric.energyFacilityMWh.rawValue] = sumH * facilityMW
                    o[Metric.emissionsLocationTCO2e.rawValue] = sumL * intensity * facilityMW
                    o[Metric.emissionsMarketTCO2e.rawValue] = (contracted * sumH + uncovered * sumM) * facilityMW
                    o[Metric.emissionsEmbodiedUpfrontTCO2e.rawValue] = sumA * k.upfrontPerUnitT
                    o[Metric.emissionsEmbodiedAmortizedTCO2e.rawValue] = sumH * k.amortizedPerUnitHourT
                    o[Metric.waterM3.rawValue] = (wue * sumH * powerMW) + water * sumH * facilityMW
                    o[Metric.acceleratorHours.rawValue] = sumH
                    o[Metric.computeExaFLOP.rawValue] = sumH * k.exaflopPerUnitHour
                }
                // Power at the candidate steps where the fleet is installed.
                let sitePower = x.sitePower + s * candidates
                for c in fleetCandidates[f] {
                    var u = 0.0
                    for d in own { u += x.units[d] * rates[c * termCount + d] }
                    let power = u * facilityMW
                    x.power[c] = power
                    sitePower[c] += power
                }
                let active = fleetCandidates[f]
                for p in fleetPeriods[f] {
                    var peak = 0.0
                    var c = max(candidatePeriods[p], active.lowerBound)
                    let end = min(candidatePeriods[p + 1], active.upperBound)
                    while c < end { peak = max(peak, x.power[c]); c += 1 }
                    o0[p * m + Metric.peakFacilityPowerMW.rawValue] = peak
                }
            }
        }}}}}}}}}}}}
    }
}
