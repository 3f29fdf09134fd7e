import Foundation
import GSL

struct DeploymentPlan: Sendable {
    enum Kind: Sendable {
        case units, itMW, capexUSD
        /// Slot of the price per accelerator-hour.
        case commitment(price: Int)
    }

    let kind: Kind
    let amount: Int
    /// Years from the cost's base year to the year of arrival (capex).
    let costYears: Double
    /// Hours where the installed fraction per unit changes slope (arrival
    /// and retirement ramps start and end); linear in between.
    let breakpoints: [Double]
    /// First step with a non-zero schedule.
    let first: Int
    /// Installed unit-hours per unit deployed (per accelerator-hour bought,
    /// for a commitment), for steps `first ..< first + count`.
    let unitHours: [Double]
    /// Fraction of the units arriving in each step (empty for commitments:
    /// rented capacity has no upfront Scope 3 cat. 2 of the tenant).
    let arrivals: [Double]

    init(_ d: Deployment, fleet: Fleet, grid: TimeGrid, registry: inout SlotRegistry) {
        let a = TimeGrid.hoursSinceEpoch(d.arrival.start), b = TimeGrid.hoursSinceEpoch(d.arrival.end)
        costYears = Double(d.arrival.start.year - fleet.costBaseYear)
        let steps = grid.stepCount
        switch d.amount {
        case let .commitment(total, price):
            kind = .commitment(price: registry.slot(price!))
            amount = registry.slot(total)
            first = grid.step(containing: a)
            let last = grid.step(containing: b - 1e-9)
            unitHours = (first...last).map { t in
                max(0, min(b, grid.boundaries[t + 1]) - max(a, grid.boundaries[t])) / (b - a)
            }
            arrivals = []
            breakpoints = [a, b]
            return
        case let .units(q): kind = .units; amount = registry.slot(q)
        case let .itMW(q): kind = .itMW; amount = registry.slot(q)
        case let .capexUSD(q): kind = .capexUSD; amount = registry.slot(q)
        }
        // Retirement: each unit leaves `lifetime` after it arrived.
        let (ra, rb): (Double, Double)
        switch fleet.lifetime ?? .years(100) {
        case let .years(y):
            let whole = Int(y.rounded(.down)), frac = (y - Double(whole)) * TimeGrid.hoursPerYear
            ra = TimeGrid.hoursSinceEpoch(d.arrival.start.adding(years: whole)) + frac
            rb = TimeGrid.hoursSinceEpoch(d.arrival.end.adding(years: whole)) + frac
        case let .days(n): ra = a + n * 24; rb = b + n * 24
        case let .hours(n): ra = a + n; rb = b + n
        }
        breakpoints = [a, b, ra, rb]
        first = grid.step(containing: a)
        let last = rb >= grid.boundaries[steps] ? steps - 1 : grid.step(containing: rb)
        var uh: [Double] = [], arr: [Double] = []
        uh.reserveCapacity(last - first + 1)
        for t in first...last {
            let s = grid.boundaries[t], e = grid.boundaries[t + 1]
            let installed = (Self.rampIntegral(e, a, b) - Self.rampIntegral(s, a, b))
                - (Self.rampIntegral(e, ra, rb) - Self.rampIntegral(s, ra, rb))
            uh.append(max(0, installed))
            arr.append(Self.ramp(e, a, b) - Self.ramp(s, a, b))
        }
        unitHours = uh
        arrivals = arr
    }

    /// What the deployment's amount in units needs from a draw.
    var amountInputs: DeploymentAmount { DeploymentAmount(kind: kind, amount: amount, costYears: costYears) }

    /// Share of units arrived by time t, arriving evenly over [a, b) (all at a
    /// when a == b, counted in the step [s, e) with s ≤ a < e).
    static func ramp(_ t: Double, _ a: Double, _ b: Double) -> Double {
        if b <= a { return t > a ? 1 : 0 }
        return min(1, max(0, (t - a) / (b - a)))
    }

    /// ∫_{−∞}^{t} ramp(τ) dτ, in hours.
    static func rampIntegral(_ t: Double, _ a: Double, _ b: Double) -> Double {
        if b <= a { return max(0, t - a) }
        if t <= a { return 0 }
        if t < b { return (t - a) * (t - a) / (2 * (b - a)) }
        return (b - a) / 2 + (t - b)
    }
}

struct FleetPlan: Sendable {
    let site: Int
    /// The fleet's parameter slots.
    let inputs: FleetInputs
    let deployments: [DeploymentPlan]
    /// True when the fleet has no embodied figure at all.
    let hasNoEmbodied: Bool
    /// Steps where any deployment of the fleet is installed or arriving.
    let activeSteps: Range<Int>

    init(_ fleet: Fleet, site: SitePlan, grid: TimeGrid, registry: inout SlotRegistry) {
        self.site = fleet.siteIndex
        inputs = FleetInputs(fleet, site: site, registry: &registry)
        hasNoEmbodied = inputs.embodied == nil && inputs.hostEmbodied == nil && inputs.networkEmbodied == nil
        var plans: [DeploymentPlan] = []
        for d in fleet.deployments { plans.append(DeploymentPlan(d, fleet: fleet, grid: grid, registry: &registry)) }
        deployments = plans
        let first = plans.map(\.first).min() ?? 0
        let end = plans.map { $0.first + $0.unitHours.count }.max() ?? 0
        activeSteps = first..<max(first, end)
    }
}

/// A deployment's amount as plain values.
struct DeploymentAmount: Sendable {
    let kind: DeploymentPlan.Kind
    let amount: Int
    let costYears: Double

    /// Units deployed (accelerator-hours bought, for a commitment) in this draw.
    @inline(__always)
    func units(_ v: UnsafeBufferPointer<Double>, _ f: FleetInputs, fullPowerW: Double) -> Double {
        switch kind {
        case .units: return v[amount]
        case .itMW: return fullPowerW > 0 ? v[amount] * 1e6 / fullPowerW : 0
        case .capexUSD:
            let price = v[f.usdPerUnit!] * pow(1 - (f.costDecline.map { v[$0] } ?? 0), costYears)
            return price > 0 ? v[amount] / price : 0
        case let .commitment(priceSlot): return v[amount] / v[priceSlot]
        }
    }
}

/// A fleet's parameter slots and its site's construction slots, as plain
/// values (no references): what `FleetDraw` reads in every draw.
struct FleetInputs: Sendable {
    let site: Int
    let avgPower: Int?
    let tdp: Int?, idle: Int?, exponent: Int?, host: Int?, network: Int?
    let utilization: Int?
    let peakTflops: Int?, flopUtilization: Int?
    let usdPerUnit: Int?
    let costDecline: Int?
    let embodied: Int?, hostEmbodied: Int?, networkEmbodied: Int?
    let serviceLife: Int?, serviceUtilization: Int?
    let construction: Int?, facilityLife: Int?
    /// The site's boundary: which scope the fleet's embodied carbon is in.
    let boundary: BoundaryPlan

    init(_ fleet: Fleet, site plan: SitePlan, registry: inout SlotRegistry) {
        let a = fleet.accelerator
        site = fleet.siteIndex
        avgPower = registry.slot(fleet.avgPowerW)
        let usesCurve = fleet.avgPowerW == nil
        tdp = usesCurve ? registry.slot(a[.tdpW]) : nil
        idle = usesCurve ? registry.slot(a[.idleW]) : nil
        exponent = usesCurve ? registry.slot(a[.powerExponent]) : nil
        host = usesCurve ? registry.slot(a[.hostW]) : nil
        network = usesCurve ? registry.slot(a[.networkW]) : nil
        utilization = registry.slot(fleet.utilization)
        peakTflops = registry.slot(a[.peakTflops])
        flopUtilization = registry.slot(fleet.flopUtilization)
        let hasCapex = fleet.deployments.contains { if case .capexUSD = $0.amount { true } else { false } }
        usdPerUnit = hasCapex ? registry.slot(a[.usdPerUnit]) : nil
        costDecline = hasCapex ? registry.slot(fleet.costDeclinePerYear) : nil
        embodied = registry.slot(a[.embodiedKgCO2e])
        hostEmbodied = registry.slot(a[.hostEmbodiedKgCO2e])
        networkEmbodied = registry.slot(a[.networkEmbodiedKgCO2e])
        serviceLife = registry.slot(a[.serviceLifeYears])
        serviceUtilization = registry.slot(a[.serviceUtilization])
        construction = plan.construction
        facilityLife = plan.facilityLife
        boundary = plan.boundary
    }
}
