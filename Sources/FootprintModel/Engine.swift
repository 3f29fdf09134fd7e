import Foundation

/// Evaluates one parameter draw of a compiled scenario into an `Evaluation`.
///
/// Pure arithmetic on the plan and a vector of parameter values: no YAML,
/// no text, no global state. Scratch buffers are allocated once, in `init`;
/// `evaluate` allocates nothing. Not thread-safe: one engine per worker.
///
/// For fleet f at its site s and step t (DESIGN.md, "The model"):
///
///     unit-hours   H(t)  = Σ_d n_d · h_d(t)       (h_d: schedule per unit, retirements applied)
///     P_unit             = P_idle + (P_max − P_idle)·u^k + P_host + P_network   (or avg_power_w)
///     E_IT               = H · P_unit             E_fac = E_IT · PUE_s(t)
///     location           = E_fac · CI_s · g_s(t)  (g: grid trajectory)
///     market             = E_fac · [Σ_c σ_c(t)·I_c + (1 − Σ_c σ_c(t))·RM_s · g_s(t)]
///                          (with hourly supplies: each hour, min(load, Σ capacity·cf) at their
///                          intensity first, shares of the rest, the remainder at RM_s·g_s(t))
///     water              = E_IT · WUE_s(t) + E_fac · W_grid
///     upfront embodied   = arrivals · (e_acc + e_host + e_net + P_full·c_fac)
///     amortized embodied = H · u/u_service · (e_acc + e_host + e_net)/(L_service · 8760) + H·P_full·c_fac/(L_fac · 8760)
///
/// P_unit is constant within a draw, so per period the engine sums H, H·PUE,
/// H·PUE·CI, H·PUE·MF and H·WUE over the period's steps and multiplies by
/// P_unit once; per-step work is a handful of multiply-adds, plus the
/// step's facility power for the peaks. At a site whose PUE, WUE and
/// contract shares are constant within the draw, PUE and the intensities
/// factor out of the sums too: only Σ H and Σ H·g(t) are summed per step.
/// When every site is like that (and none has an hourly supply), those
/// sums are bilinear in the draw's amounts and knot values, and the plan's
/// `PeriodSums` gives them without visiting steps at all (see there).
public final class Engine {
    public let plan: EvaluationPlan
    public private(set) var result: Evaluation

    private let steps: Int
    /// Per site and step: PUE, PUE × location intensity, PUE × market
    /// intensity (kg/kWh), WUE.
    private var pue: [Double], pueLocation: [Double], pueMarket: [Double], wue: [Double]
    private var scratch: [Double], unitHours: [Double], arrivals: [Double]
    /// Facility power per site and step (MW), for the peaks.
    private var sitePower: [Double], sitePeaks: [Double]
    private var gridWater: [Double]
    /// Sites whose PUE, WUE and contract shares are constant within the
    /// draw (the usual case): their per-step arrays are skipped, only the
    /// grid trajectory g(t) is filled (into `pueLocation`), and these
    /// per-site scalars carry the rest — PUE, WUE, intensity, Σσ·I and
    /// (1 − Σσ)·residual.
    private var constantSite: [Bool], sitePUE: [Double], siteWUE: [Double]
    private var siteIntensity: [Double], siteContracted: [Double], siteUncovered: [Double]
    /// Sites with contracts matched hour by hour ("matched sites"): their
    /// per-step Σσ and Σσ·I of share contracts, and each of their fleets'
    /// facility energy per step (MWh). Empty when no site has one.
    private let matchedSite: [Bool]
    private var shareSum: [Double], shareContracted: [Double], fleetEnergy: [Double]
    /// One capacity per hourly contract of a site, for the step at hand.
    private var capacities: [Double]
    /// The closed form per period and its buffers, when the plan has one.
    private let sums: PeriodSums?
    private let sumsScratch: PeriodScratch?
    /// Each period's first step (and the end): the peaks' points of the
    /// step-by-step evaluation.
    private let periodStepStarts: [Int]
    private let fleetSite: [Int]

    public init(plan: EvaluationPlan) {
        self.plan = plan
        steps = plan.grid.stepCount
        let s = plan.sites.count
        result = Evaluation(periods: plan.grid.periods.count, fleets: plan.fleets.count, sites: s)
        pue = .init(repeating: 0, count: s * steps)
        pueLocation = pue; pueMarket = pue; wue = pue; sitePower = pue
        scratch = .init(repeating: 0, count: steps)
        unitHours = scratch; arrivals = scratch
        sitePeaks = .init(repeating: 0, count: s)
        gridWater = .init(repeating: 0, count: s)
        constantSite = .init(repeating: false, count: s)
        sitePUE = gridWater; siteWUE = gridWater; siteIntensity = gridWater
        siteContracted = gridWater; siteUncovered = gridWater
        matchedSite = plan.sites.map { !$0.supplies.isEmpty }
        let anyMatched = matchedSite.contains(true)
        shareSum = .init(repeating: 0, count: anyMatched ? s * steps : 0)
        shareContracted = shareSum
        fleetEnergy = .init(repeating: 0, count: anyMatched ? plan.fleets.count * steps : 0)
        capacities = .init(repeating: 0, count: plan.sites.map(\.supplies.count).max() ?? 0)
        sums = plan.periodSums
        sumsScratch = sums.map(PeriodScratch.init)
        periodStepStarts = plan.grid.periodSteps.map(\.lowerBound) + [steps]
        fleetSite = plan.fleets.map(\.site)
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
        if let sums, let x = sumsScratch {
            result.values.withUnsafeMutableBufferPointer { out in
                out.update(repeating: 0)
                plan.fleetInputs.withUnsafeBufferPointer { sums.evaluate(v, $0, x, into: out.baseAddress!) }
            }
            sums.candidatePeriods.withUnsafeBufferPointer {
                aggregate(power: x.sitePower, stride: sums.candidateSteps.count, points: $0.baseAddress!)
            }
            return
        }
        evaluateSteps(v)
    }

    /// Step-by-step evaluation, for sites whose PUE, WUE or contract shares
    /// vary within a draw, or with hourly supplies.
    func evaluateSteps(_ v: UnsafeBufferPointer<Double>) {
        let grid = plan.grid
        let m = Evaluation.metricCount
        let periods = grid.periods.count
        result.values.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        fillSites(v)
        sitePower.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }

        for (f, fleet) in plan.fleets.enumerated() {
            let inputs = plan.fleetInputs[f]
            let k = FleetConstants(inputs, v)
            scheduleFleet(fleet, inputs, k, v)
            let base = fleet.site * steps
            let water = gridWater[fleet.site]
            let scope = 1 + f
            let powerMW = k.powerW * 1e-6
            let active = fleet.activeSteps
            if constantSite[fleet.site] {
                evaluateConstantSite(fleet, k, scope: scope, water: water)
                continue
            }
            grid.inverseHours.withUnsafeBufferPointer { invHours in
            unitHours.withUnsafeBufferPointer { uh in
            arrivals.withUnsafeBufferPointer { arr in
            pue.withUnsafeBufferPointer { pue in
            pueLocation.withUnsafeBufferPointer { pl in
            pueMarket.withUnsafeBufferPointer { pm in
            wue.withUnsafeBufferPointer { wue in
            sitePower.withUnsafeMutableBufferPointer { sitePower in
            result.values.withUnsafeMutableBufferPointer { out in
                for p in 0..<periods {
                    let range = grid.periodSteps[p].clamped(to: active)
                    if range.isEmpty { continue }
                    var sumH = 0.0, sumHP = 0.0, sumHPL = 0.0, sumHPM = 0.0, sumHW = 0.0, sumA = 0.0, peak = 0.0
                    for t in range {
                        let h = uh[t]
                        let hp = h * pue[base + t]
                        sumH += h
                        sumHP += hp
                        sumHPL += h * pl[base + t]
                        sumHPM += h * pm[base + t]
                        sumHW += h * wue[base + t]
                        sumA += arr[t]
                        let power = hp * invHours[t] * powerMW
                        peak = max(peak, power)
                        sitePower[base + t] += power
                    }
                    let o = (scope * (periods + 1) + p) * m
                    out[o + Metric.energyITMWh.rawValue] = sumH * powerMW
                    out[o + Metric.energyFacilityMWh.rawValue] = sumHP * powerMW
                    out[o + Metric.emissionsLocationTCO2e.rawValue] = sumHPL * powerMW
                    out[o + Metric.emissionsMarketTCO2e.rawValue] = sumHPM * powerMW
                    out[o + Metric.emissionsEmbodiedUpfrontTCO2e.rawValue] = sumA * k.upfrontPerUnitT
                    out[o + Metric.emissionsEmbodiedAmortizedTCO2e.rawValue] = sumH * k.amortizedPerUnitHourT
                    out[o + Metric.waterM3.rawValue] = (sumHW + water * sumHP) * powerMW
                    out[o + Metric.acceleratorHours.rawValue] = sumH
                    out[o + Metric.computeExaFLOP.rawValue] = sumH * k.exaflopPerUnitHour
                    out[o + Metric.peakFacilityPowerMW.rawValue] = peak
                }
            }}}}}}}}}
            if matchedSite[fleet.site] { storeFleetEnergy(f, fleet, powerMW: powerMW) }
        }
        if !fleetEnergy.isEmpty { matchSupplies(v) }
        sitePower.withUnsafeBufferPointer { power in
            periodStepStarts.withUnsafeBufferPointer { aggregate(power: power.baseAddress!, stride: steps, points: $0.baseAddress!) }
        }
    }

    /// A fleet's facility energy per step (MWh), for hourly matching.
    private func storeFleetEnergy(_ f: Int, _ fleet: FleetPlan, powerMW: Double) {
        let base = fleet.site * steps, fb = f * steps
        unitHours.withUnsafeBufferPointer { uh in
        pue.withUnsafeBufferPointer { pue in
        fleetEnergy.withUnsafeMutableBufferPointer { e in
            UnsafeMutableBufferPointer(rebasing: e[fb ..< fb + steps]).update(repeating: 0)
            for t in fleet.activeSteps { e[fb + t] = uh[t] * pue[base + t] * powerMW }
        }}}
    }

    /// Market-based emissions at matched sites, which depend on the site's
    /// total load. Per step, the load is taken as flat over the step's hours
    /// (exact at hourly resolution): each hour, supply covers min(load, Σ
    /// capacity·cf) at the contracts' intensity (shared pro rata to each
    /// contract's supply that hour); share contracts cover their share of
    /// consumption, cut to what the supply left; the rest is at the
    /// residual mix × g(t). The resulting intensity per facility MWh is
    /// applied to each fleet's energy of the step.
    private func matchSupplies(_ v: UnsafeBufferPointer<Double>) {
        let grid = plan.grid
        let m = Evaluation.metricCount
        let periods = grid.periods.count
        let start = Int(grid.boundaries[0])
        for (s, site) in plan.sites.enumerated() where matchedSite[s] {
            let base = s * steps
            let supplies = site.supplies
            grid.hours.withUnsafeBufferPointer { hours in
            sitePower.withUnsafeBufferPointer { load in
            shareSum.withUnsafeBufferPointer { shareSum in
            shareContracted.withUnsafeBufferPointer { shareContracted in
            capacities.withUnsafeMutableBufferPointer { capacity in
            pueMarket.withUnsafeMutableBufferPointer { pm in
                for t in 0..<steps {
                    let power = load[base + t]
                    // pm holds residual × g(t) until here.
                    let residual = pm[base + t]
                    guard power > 0 else { pm[base + t] = 0; continue }
                    for (c, supply) in supplies.enumerated() { capacity[c] = supply.capacity.value(at: t, v) }
                    let first = Int(grid.boundaries[t]) - start, end = Int(grid.boundaries[t + 1]) - start
                    var covered = 0.0, coveredT = 0.0
                    if supplies.count == 1 {
                        let cap = capacity[0]
                        supplies[0].factors.withUnsafeBufferPointer { cf in
                            for h in first..<end { covered += min(power, cap * cf[h]) }
                        }
                        coveredT = covered * v[supplies[0].intensity]
                    } else {
                        for h in first..<end {
                            var supplied = 0.0, suppliedT = 0.0
                            for (c, supply) in supplies.enumerated() {
                                let x = capacity[c] * supply.factors[h]
                                supplied += x; suppliedT += x * v[supply.intensity]
                            }
                            let matched = min(power, supplied)
                            covered += matched
                            if supplied > 0 { coveredT += matched * suppliedT / supplied }
                        }
                    }
                    let energy = power * hours[t]
                    let remaining = max(0, 1 - covered / energy)
                    var sigma = shareSum[base + t], contracted = shareContracted[base + t]
                    if sigma > remaining { contracted *= remaining / sigma; sigma = remaining }
                    pm[base + t] = coveredT / energy + contracted + (remaining - sigma) * residual
                }
            }}}}}}
            // Each fleet's market-based emissions from its energy per step.
            for (f, fleet) in plan.fleets.enumerated() where fleet.site == s {
                let fb = f * steps, o0 = (1 + f) * (periods + 1) * m
                fleetEnergy.withUnsafeBufferPointer { e in
                pueMarket.withUnsafeBufferPointer { pm in
                result.values.withUnsafeMutableBufferPointer { out in
                    for p in 0..<periods {
                        var sum = 0.0
                        for t in grid.periodSteps[p] { sum += e[fb + t] * pm[base + t] }
                        out[o0 + p * m + Metric.emissionsMarketTCO2e.rawValue] = sum
                    }
                }}}
            }
        }
    }

    /// The fleet loop for a site with constant PUE, WUE and shares: per
    /// period Σ H, Σ H·g and arrivals, the rest by the site's scalars.
    private func evaluateConstantSite(_ fleet: FleetPlan, _ k: FleetConstants, scope: Int, water: Double) {
        let grid = plan.grid
        let m = Evaluation.metricCount
        let periods = grid.periods.count
        let s = fleet.site, base = s * steps
        let powerMW = k.powerW * 1e-6
        let pue = sitePUE[s], wue = siteWUE[s], intensity = siteIntensity[s]
        let contracted = siteContracted[s], uncovered = siteUncovered[s]
        let facilityMW = powerMW * pue
        let active = fleet.activeSteps
        grid.inverseHours.withUnsafeBufferPointer { invHours in
        unitHours.withUnsafeBufferPointer { uh in
        arrivals.withUnsafeBufferPointer { arr in
        pueLocation.withUnsafeBufferPointer { trajectory in
        sitePower.withUnsafeMutableBufferPointer { sitePower in
        result.values.withUnsafeMutableBufferPointer { out in
            for p in 0..<periods {
                let range = grid.periodSteps[p].clamped(to: active)
                if range.isEmpty { continue }
                var sumH = 0.0, sumHG = 0.0, sumA = 0.0, peak = 0.0
                for t in range {
                    let h = uh[t]
                    sumH += h
                    sumHG += h * trajectory[base + t]
                    sumA += arr[t]
                    let power = h * invHours[t] * facilityMW
                    peak = max(peak, power)
                    sitePower[base + t] += power
                }
                let o = (scope * (periods + 1) + p) * m
                out[o + Metric.energyITMWh.rawValue] = sumH * powerMW
                out[o + Metric.energyFacilityMWh.rawValue] = sumH * facilityMW
                out[o + Metric.emissionsLocationTCO2e.rawValue] = sumHG * intensity * facilityMW
                out[o + Metric.emissionsMarketTCO2e.rawValue] = (contracted * sumH + uncovered * sumHG) * facilityMW
                out[o + Metric.emissionsEmbodiedUpfrontTCO2e.rawValue] = sumA * k.upfrontPerUnitT
                out[o + Metric.emissionsEmbodiedAmortizedTCO2e.rawValue] = sumH * k.amortizedPerUnitHourT
                out[o + Metric.waterM3.rawValue] = (wue * sumH * powerMW) + water * sumH * facilityMW
                out[o + Metric.acceleratorHours.rawValue] = sumH
                out[o + Metric.computeExaFLOP.rawValue] = sumH * k.exaflopPerUnitHour
                out[o + Metric.peakFacilityPowerMW.rawValue] = peak
            }
        }}}}}}
    }

    /// Per-site, per-step PUE, PUE × intensities and WUE for this draw.
    private func fillSites(_ v: UnsafeBufferPointer<Double>) {
        let n = steps
        for (s, site) in plan.sites.enumerated() {
            let range = s * n ..< (s + 1) * n
            gridWater[s] = site.gridWater.map { v[$0] } ?? 0
            if let pueSlot = site.pue.constantSlot, site.wue.map({ $0.constantSlot != nil }) ?? true,
               site.contracts.allSatisfy({ $0.share.constantSlot != nil }), site.profile == nil, site.supplies.isEmpty {
                var sum = 0.0, contracted = 0.0
                for c in site.contracts {
                    let sigma = v[c.share.constantSlot!]
                    sum += sigma; contracted += sigma * v[c.intensity]
                }
                // Contracts beyond consumption cover it once: scale down.
                if sum > 1 { contracted /= sum; sum = 1 }
                constantSite[s] = true
                sitePUE[s] = v[pueSlot]
                siteWUE[s] = site.wue.map { v[$0.constantSlot!] } ?? 0
                siteIntensity[s] = v[site.intensity]
                siteContracted[s] = contracted
                siteUncovered[s] = (1 - sum) * v[site.residual]
                pueLocation.withUnsafeMutableBufferPointer { buffer in
                    let g = UnsafeMutableBufferPointer(rebasing: buffer[range])
                    if let tr = site.trajectory { tr.fill(g, values: v) } else { g.update(repeating: 1) }
                }
                continue
            }
            constantSite[s] = false
            pue.withUnsafeMutableBufferPointer { site.pue.fill(.init(rebasing: $0[range]), values: v) }
            wue.withUnsafeMutableBufferPointer { buffer in
                let out = UnsafeMutableBufferPointer(rebasing: buffer[range])
                if let w = site.wue { w.fill(out, values: v) } else { out.update(repeating: 0) }
            }
            let average = v[site.intensity], residual = v[site.residual]
            pue.withUnsafeBufferPointer { pueBuffer in
            pueLocation.withUnsafeMutableBufferPointer { plBuffer in
            pueMarket.withUnsafeMutableBufferPointer { pmBuffer in
            scratch.withUnsafeMutableBufferPointer { covered in
                let pue = UnsafeBufferPointer(rebasing: pueBuffer[range])
                let pl = UnsafeMutableBufferPointer(rebasing: plBuffer[range])
                let pm = UnsafeMutableBufferPointer(rebasing: pmBuffer[range])
                // pl holds the trajectory g(t) until the last pass; pm collects
                // Σ σ_c·I_c and `covered` Σ σ_c.
                if let tr = site.trajectory { tr.fill(pl, values: v) } else { pl.update(repeating: 1) }
                if matchedSite[s] {
                    // Matched later, from the site's load: keep Σσ, Σσ·I and
                    // residual × g(t).
                    sumShares(site, v, covered: covered, contracted: pm)
                    shareSum.withUnsafeMutableBufferPointer { _ = UnsafeMutableBufferPointer(rebasing: $0[range]).update(from: covered) }
                    shareContracted.withUnsafeMutableBufferPointer { _ = UnsafeMutableBufferPointer(rebasing: $0[range]).update(from: pm) }
                    for t in 0..<n {
                        let g = pl[t]
                        pm[t] = residual * g
                        pl[t] = pue[t] * average * g
                    }
                    if let profile = site.profile {
                        profile.withUnsafeBufferPointer { h in for t in 0..<n { pl[t] *= h[t] } }
                    }
                    return
                }
                // Contracts with a constant share (the usual case) cover a
                // fixed fraction: no per-step arrays.
                if site.contracts.allSatisfy({ $0.share.constantSlot != nil }) {
                    var sum = 0.0, contracted = 0.0
                    for c in site.contracts {
                        let sigma = v[c.share.constantSlot!]
                        sum += sigma; contracted += sigma * v[c.intensity]
                    }
                    if sum > 1 { contracted /= sum; sum = 1 }
                    let uncovered = (1 - sum) * residual
                    for t in 0..<n {
                        let g = pl[t], p = pue[t]
                        pm[t] = p * (contracted + uncovered * g)
                        pl[t] = p * average * g
                    }
                    if let profile = site.profile {
                        profile.withUnsafeBufferPointer { h in for t in 0..<n { pl[t] *= h[t] } }
                    }
                    return
                }
                sumShares(site, v, covered: covered, contracted: pm)
                for t in 0..<n {
                    let g = pl[t]
                    var sum = covered[t], contracted = pm[t]
                    // Contracts beyond consumption cover it once: scale down.
                    if sum > 1 { contracted /= sum; sum = 1 }
                    pm[t] = pue[t] * (contracted + (1 - sum) * residual * g)
                    pl[t] = pue[t] * average * g
                }
                // The grid's hourly profile shapes the location-based
                // intensity only (a residual mix is an annual figure).
                if let profile = site.profile {
                    profile.withUnsafeBufferPointer { h in for t in 0..<n { pl[t] *= h[t] } }
                }
            }}}}
        }
    }

    /// Σ σ_c(t) into `covered` and Σ σ_c(t)·I_c into `contracted`, per step,
    /// over the site's share contracts.
    private func sumShares(_ site: SitePlan, _ v: UnsafeBufferPointer<Double>,
                           covered: UnsafeMutableBufferPointer<Double>, contracted: UnsafeMutableBufferPointer<Double>) {
        let n = covered.count
        covered.update(repeating: 0)
        contracted.update(repeating: 0)
        for c in site.contracts {
            let intensityC = v[c.intensity]
            if let slot = c.share.constantSlot {
                let sigma = v[slot]
                for t in 0..<n { covered[t] += sigma; contracted[t] += sigma * intensityC }
            } else {
                c.share.slots.withUnsafeBufferPointer { slots in
                c.share.lower.withUnsafeBufferPointer { lower in
                c.share.weight.withUnsafeBufferPointer { weight in
                    for t in 0..<n {
                        let k = Int(lower[t]), w = weight[t]
                        let sigma = (1 - w) * v[slots[k]] + w * v[slots[k + 1]]
                        covered[t] += sigma; contracted[t] += sigma * intensityC
                    }
                }}}
            }
        }
    }

    /// Unit-hours and arrivals of one fleet for this draw, in the scratch buffers.
    private func scheduleFleet(_ fleet: FleetPlan, _ inputs: FleetInputs, _ k: FleetConstants, _ v: UnsafeBufferPointer<Double>) {
        unitHours.withUnsafeMutableBufferPointer { uh in
        arrivals.withUnsafeMutableBufferPointer { arr in
            let active = fleet.activeSteps
            UnsafeMutableBufferPointer(rebasing: uh[active]).update(repeating: 0)
            UnsafeMutableBufferPointer(rebasing: arr[active]).update(repeating: 0)
            for d in fleet.deployments {
                let n = d.amountInputs.units(v, inputs, fullPowerW: k.fullPowerW)
                d.unitHours.withUnsafeBufferPointer { h in
                    for i in 0..<h.count { uh[d.first + i] += n * h[i] }
                }
                d.arrivals.withUnsafeBufferPointer { a in
                    for i in 0..<a.count { arr[d.first + i] += n * a[i] }
                }
            }
        }}
    }

    /// Sites and totals from fleets; the sites' and total peaks from the
    /// sites' power at points (steps, or candidate steps) where period p
    /// owns points `points[p] ..< points[p + 1]`, site s's power at point c
    /// being `power[s * stride + c]`; then the whole horizon.
    private func aggregate(power: UnsafePointer<Double>, stride: Int, points: UnsafePointer<Int>) {
        let periods = plan.grid.periods.count
        let m = Evaluation.metricCount
        let fleets = fleetSite.count
        let sites = plan.sites.count
        let peakIndex = Metric.peakFacilityPowerMW.rawValue
        let block = (periods + 1) * m
        let scopes = 1 + fleets + sites
        result.values.withUnsafeMutableBufferPointer { buffer in
        sitePeaks.withUnsafeMutableBufferPointer { sitePeak in
        fleetSite.withUnsafeBufferPointer { fleetSite in
            let out = buffer.baseAddress!
            // Whole blocks of periods; the peaks added here are overwritten below.
            for f in 0..<fleets {
                let from = out + (1 + f) * block, site = out + (1 + fleets + fleetSite[f]) * block
                for i in 0..<(periods * m) {
                    site[i] += from[i]
                    out[i] += from[i]
                }
            }
            for p in 0..<periods {
                var peak = 0.0
                sitePeak.update(repeating: 0)
                for c in points[p]..<points[p + 1] {
                    var total = 0.0
                    for s in 0..<sites {
                        let x = power[s * stride + c]
                        total += x
                        sitePeak[s] = max(sitePeak[s], x)
                    }
                    peak = max(peak, total)
                }
                out[p * m + peakIndex] = peak
                for s in 0..<sites { out[(1 + fleets + s) * block + p * m + peakIndex] = sitePeak[s] }
            }
            for scope in 0..<scopes {
                let base = out + scope * block, whole = base + periods * m
                var peak = 0.0
                for p in 0..<periods {
                    let o = base + p * m
                    for i in 0..<m { whole[i] += o[i] }
                    peak = max(peak, o[peakIndex])
                }
                whole[peakIndex] = peak
            }
        }}}
    }
}

/// What one fleet's draw fixes: power per unit, embodied per unit and hour.
struct FleetConstants {
    let powerW: Double
    let fullPowerW: Double
    let upfrontPerUnitT: Double
    let amortizedPerUnitHourT: Double
    let exaflopPerUnitHour: Double

    init(_ f: FleetInputs, _ v: UnsafeBufferPointer<Double>) {
        func value(_ slot: Int?) -> Double? { slot.map { v[$0] } }
        let u = value(f.utilization) ?? 1
        if let avg = value(f.avgPower) {
            powerW = avg
            fullPowerW = avg
        } else {
            let tdp = value(f.tdp) ?? 0, idle = value(f.idle) ?? 0, k = value(f.exponent) ?? 1
            let overhead = (value(f.host) ?? 0) + (value(f.network) ?? 0)
            powerW = idle + (tdp - idle) * pow(u, k) + overhead
            fullPowerW = tdp + overhead
        }
        let embodiedKg = (value(f.embodied) ?? 0) + (value(f.hostEmbodied) ?? 0) + (value(f.networkEmbodied) ?? 0)
        let constructionKg = (value(f.construction) ?? 0) * fullPowerW * 1e-6
        upfrontPerUnitT = (embodiedKg + constructionKg) / 1000
        // An hour of use carries embodied / (life · 8760 · service utilization);
        // an installed hour has u hours of use. Without a service utilization
        // the fleet's own u is used, so the installed life carries it all.
        var perHour = 0.0
        if let life = value(f.serviceLife), life > 0 {
            if let su = value(f.serviceUtilization), su > 0 {
                perHour = embodiedKg * u / (life * 8760 * su)
            } else {
                perHour = embodiedKg / (life * 8760)
            }
        }
        if let facilityLife = value(f.facilityLife), facilityLife > 0 {
            perHour += constructionKg / (facilityLife * 8760)
        }
        amortizedPerUnitHourT = perHour / 1000
        // TFLOP/s × 3600 s = 3.6e15 FLOP = 3.6e-3 EFLOP per busy hour.
        exaflopPerUnitHour = (value(f.peakTflops) ?? 0) * 3.6e-3 * u
    }
}
