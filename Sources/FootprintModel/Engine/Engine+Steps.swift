import Foundation

/// The step-by-step path (sites whose values vary within a draw, hourly
/// supplies matched to the load) and the hourly-matching summary.
extension Engine {
    /// Installed unit-hours of fleet f at each step of its active range,
    /// in its row of `scratch.unitHours`.
    func fillUnitHours(_ f: Int) -> UnsafeMutablePointer<Double> {
        let uh = scratch.unitHours + f * scratch.steps
        let active = plan.fleets[f].activeSteps
        (uh + active.lowerBound).update(repeating: 0, count: active.count)
        let first = plan.periodSums.fleetTerms[f].lowerBound
        for (i, d) in plan.fleets[f].deployments.enumerated() {
            let n = scratch.units[first + i]
            let h = d.unitHours.span
            for j in 0..<h.count { uh[d.first + j] += n * h[unchecked: j] }
        }
        return uh
    }

    /// The sums of every fleet at site s, step by step, for a site whose
    /// values vary within the draw (a PUE, WUE or share series, or hourly
    /// supplies matched to the site's load).
    func sumSteps(site s: Int, _ v: UnsafeBufferPointer<Double>) {
        let site = plan.sites[s]
        let grid = plan.grid
        let sums = plan.periodSums, periods = sums.periods
        let formulas = plan.formulas
        let width = formulas.width, energy = scratch.energyCount
        let fleets = scratch.fleetsAt[s]
        var active = 0..<0
        for f in fleets {
            _ = fillUnitHours(f)
            let a = plan.fleets[f].activeSteps
            active = active.isEmpty ? a : (a.isEmpty ? active : min(active.lowerBound, a.lowerBound)..<max(active.upperBound, a.upperBound))
            for p in sums.fleetPeriods[f] {
                let row = scratch.sums + (f * periods + p) * width
                row.update(repeating: 0, count: width)
                let sums = unitSums(f, period: p, knots: 0, at: scratch.knots)
                row[formulas.unitHoursIndex] = sums.unitHours
                row[formulas.arrivalsIndex] = sums.arrivals
            }
        }
        let load = site.needsLoad ? siteLoad(s, v) : nil
        if let load, !site.supplies.isEmpty { matchSupplies(site: s, v, load: load) }
        let rate = scratch.stepRates
        for t in active {
            let p = Int(grid.periodOfStep[t])
            let loadMW = load?[t] ?? 0
            let values = site.supplies.isEmpty ? site.values(v, at: t, loadMW: loadMW)
                : site.values(v, at: t, matched: scratch.matched[t], loadMW: loadMW)
            if site.offGrid, scratch.shortfallSite < 0 {
                // Off grid, what generation does not serve is unserved.
                let unserved = (1 - values[.onsiteShare]) * loadMW
                if unserved > 1e-9 * loadMW { scratch.recordShortfall(site: s, step: t, mw: unserved) }
            }
            let g = site.trajectory?.value(at: t, v) ?? 1, pi = site.profile?[t] ?? 1
            scratch.rates(values, into: scratch.stepSiteRates)
            for e in 0..<energy { rate[e] = scratch.stepSiteRates[e].at(g: g, pi: pi) }
            for f in fleets {
                let h = scratch.unitHours[f * scratch.steps + t]
                if h == 0 { continue }
                let row = scratch.sums + (f * periods + p) * width
                for e in 0..<energy { row[e] += h * rate[e] }
                let perHour = h * scratch.inverseHours[t], draw = scratch.draws[f]
                for i in 0..<scratch.peakCount {
                    let u = perHour * rate[scratch.peakEnergy[i]]
                    row[formulas.peakIndex + i] = max(row[formulas.peakIndex + i], u)
                    scratch.power(peak: i, site: s)[t] += u * draw[scratch.peakPower[i]]
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
    private func matchSupplies(site s: Int, _ v: UnsafeBufferPointer<Double>, load: UnsafeMutablePointer<Double>) {
        let site = plan.sites[s], grid = plan.grid
        let supplies = site.supplies
        let start = Int(grid.boundaries[0])
        for steps in grid.periodSteps {
            var consumption = 0.0, generation = 0.0, generationT = 0.0, generationFree = 0.0
            for t in steps {
                let power = load[t]
                consumption += power * grid.hours[t]
                var hourly = MatchedSupply.Part()
                var supplied = 0.0, suppliedT = 0.0, suppliedFree = 0.0
                for c in supplies.indices {
                    let cap = supplies[c].capacity.value(at: t, v), intensity = v[supplies[c].intensity]
                    scratch.capacities[c] = cap
                    let gen = cap * supplies[c].stepFactors[t]
                    generation += gen; generationT += gen * intensity
                    if intensity == 0 { generationFree += gen }
                }
                if power > 0 {
                    let first = Int(grid.boundaries[t]) - start, end = Int(grid.boundaries[t + 1]) - start
                    for h in first..<end {
                        var out = 0.0, outT = 0.0, outFree = 0.0
                        for c in supplies.indices {
                            let y = scratch.capacities[c] * supplies[c].factors[h], intensity = v[supplies[c].intensity]
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
                scratch.matched[t].hourly = hourly
            }
            var annual = MatchedSupply.Part()
            if consumption > 0, generation > 0 {
                let share = min(generation, consumption) / consumption
                annual = .init(remaining: 1 - share, intensity: share * generationT / generation,
                               carbonFree: share * generationFree / generation)
            }
            for t in steps { scratch.matched[t].annual = annual }
        }
    }

    /// Site s's facility load (MW) at each step, in `scratch.load`, from its
    /// fleets' unit-hours of this draw (a site with hourly supplies).
    private func siteLoad(_ s: Int, _ v: UnsafeBufferPointer<Double>) -> UnsafeMutablePointer<Double> {
        let site = plan.sites[s], load = scratch.load
        load.update(repeating: 0, count: scratch.steps)
        for f in scratch.fleetsAt[s] {
            let powerMW = scratch.draws[f].powerW * 1e-6
            for t in plan.fleets[f].activeSteps {
                load[t] += scratch.unitHours[f * scratch.steps + t] * scratch.inverseHours[t] * powerMW * site.pue.value(at: t, v)
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
        let v = UnsafeBufferPointer(start: scratch.lastDraw, count: plan.parameters.count)
        let start = Int(grid.boundaries[0])
        let load = siteLoad(s, v)
        for t in 0..<scratch.steps where load[t] > 0 {
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
}
