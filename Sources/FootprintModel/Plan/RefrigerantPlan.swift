/// A site's refrigerant charges as slots, and how many years of leakage
/// each reporting period holds: a charge leaks `leak_rate` of itself a
/// year while the site has hardware installed (a step with any of its
/// fleets' units), each step counting its hours over the hours of its
/// calendar year (a step across a new year is split).
struct RefrigerantPlan: Sendable {
    struct Charge: Sendable {
        let chargeKg: Int, leakRate: Int, gwp: Int
    }

    let site: Int
    let charges: [Charge]
    /// Years of leakage in each period (0 where the site has nothing installed).
    let periodYears: [Double]

    init?(_ site: Site, index: Int, grid: TimeGrid, fleets: [FleetPlan], registry: inout SlotRegistry) {
        guard !site.refrigerants.isEmpty else { return nil }
        self.site = index
        charges = site.refrigerants.map {
            Charge(chargeKg: registry.slot($0.chargeKg), leakRate: registry.slot($0.leakRate), gwp: registry.slot($0.gwp))
        }
        var active = [Bool](repeating: false, count: grid.stepCount)
        for fleet in fleets where fleet.site == index {
            for t in fleet.activeSteps { active[t] = true }
        }
        var years = [Double](repeating: 0, count: grid.periods.count)
        for t in 0..<grid.stepCount where active[t] {
            let a = grid.boundaries[t], b = grid.boundaries[t + 1]
            var year = CalendarDate(dayNumber: Int((a / 24).rounded(.down))).year
            while true {
                let start = TimeGrid.hoursSinceEpoch(.startOf(year: year)), end = TimeGrid.hoursSinceEpoch(.startOf(year: year + 1))
                let overlap = min(b, end) - max(a, start)
                if overlap > 0 { years[Int(grid.periodOfStep[t])] += overlap / (end - start) }
                if end >= b { break }
                year += 1
            }
        }
        periodYears = years
    }

    /// Tonnes CO2e that leak in a year: Σ charge (kg) × leak rate × GWP ÷ 1,000.
    @inline(__always)
    func annualTCO2e(_ v: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        for c in charges { total += v[c.chargeKg] * v[c.leakRate] * v[c.gwp] }
        return total / 1000
    }
}
