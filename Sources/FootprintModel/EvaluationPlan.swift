import Foundation
import GSL

/// A scenario compiled for repeated evaluation: the time grid, every input
/// as a numbered parameter slot, and everything that does not change between
/// draws (deployment schedules per unit, interpolation positions of each
/// step) computed once. The engine reads only this and a vector of
/// parameter values.
public struct EvaluationPlan: Sendable {
    public let scenario: Scenario
    public let grid: TimeGrid
    /// Every input, one slot each; inputs shared by fleets (a catalog
    /// entry's field) have one slot, so one draw gives them one value.
    public let parameters: [Quantity]
    /// Where each output lives.
    public let layout: ResultLayout
    let sites: [SitePlan]
    let fleets: [FleetPlan]
    /// Each fleet's slots, contiguous for the draw loops.
    let fleetInputs: [FleetInputs]
    /// Per-deployment sums over each period that do not depend on the draw
    /// (the closed form's tables, and every fleet's unit-hours and arrivals).
    let periodSums: PeriodSums
    /// The metrics' definitions, compiled for the draw loops.
    let formulas: Formulas
    /// What the capacity serves, when the scenario says.
    let demand: DemandPlan?
    /// Outputs (`layout` order) that are zero in every draw: a fleet's
    /// periods before it arrives or after it retires, upfront embodied
    /// where nothing arrives (rented capacity), compute without a peak.
    /// Monte Carlo does not store them.
    let alwaysZero: [Bool]

    public var fleetNames: [String] { scenario.fleets.map(\.name) }
    public var siteNames: [String] { scenario.sites.map(\.name) }

    /// The slot of a parameter path, as `--set` and sensitivity name it.
    public func slot(of path: String) -> Int? { parameters.firstIndex { $0.path == path } }

    /// Central values of every parameter (a run with `samples: 1`).
    public var centralValues: [Double] { parameters.map(\.central) }

    /// Sites whose market-based figure falls back to the grid average for
    /// want of a residual mix.
    public var sitesWithoutResidualMix: [String] {
        zip(scenario.sites, sites).filter { $0.1.residualIsGridAverage }.map { $0.0.name }
    }

    /// Sites whose grid has no water of generation: their water is on-site
    /// only (when any site has a figure, a reader would otherwise assume
    /// all do).
    public var sitesWithoutGridWater: [String] {
        zip(scenario.sites, sites).filter { $0.1.gridWater == nil }.map { $0.0.name }
    }

    /// Fleets with no embodied figure at all (they contribute no embodied carbon).
    public var fleetsWithoutEmbodied: [String] {
        zip(scenario.fleets, fleets).filter { $0.1.hasNoEmbodied }.map { $0.0.name }
    }

    /// Fleets with embodied figures but no service life (no amortized share).
    public var fleetsWithoutServiceLife: [String] {
        zip(scenario.fleets, fleets).filter { !$0.1.hasNoEmbodied && $0.1.inputs.serviceLife == nil }.map { $0.0.name }
    }

    /// True when every site is summed in closed form (no step is visited).
    public var isClosedForm: Bool { sites.allSatisfy(\.isConstantWithinDraw) }

    public init(_ scenario: Scenario) throws {
        self.scenario = scenario
        let grid = TimeGrid(start: scenario.start, end: scenario.end, resolution: scenario.resolution)
        self.grid = grid
        var registry = SlotRegistry()
        var sitePlans: [SitePlan] = []
        for site in scenario.sites {
            sitePlans.append(try SitePlan(site, grid: grid, registry: &registry))
        }
        var fleetPlans: [FleetPlan] = []
        for fleet in scenario.fleets {
            fleetPlans.append(FleetPlan(fleet, site: sitePlans[fleet.siteIndex], grid: grid, registry: &registry))
        }
        demand = try scenario.demand.map { try DemandPlan($0, grid: grid, fleets: fleetPlans, registry: &registry) }
        parameters = registry.quantities
        sites = sitePlans
        fleets = fleetPlans
        fleetInputs = fleetPlans.map(\.inputs)
        layout = ResultLayout(periods: grid.periods.count, fleets: fleetPlans.count, sites: sitePlans.count,
                              services: scenario.demand?.services.count ?? 0, hasDemand: scenario.demand != nil)
        periodSums = PeriodSums(grid: grid, sites: sitePlans, fleets: fleetPlans)
        formulas = Formulas()
        alwaysZero = Self.alwaysZero(layout, fleets: fleetPlans, sums: periodSums, parameters: registry.quantities.count)
    }

    /// An output is zero in every draw when its formula's factors are: a
    /// fleet's energy, hours and peaks where no unit is installed, upfront
    /// embodied where none arrives, and a per-unit figure whose inputs are
    /// absent (found by evaluating the fleet's figures with every input 1:
    /// they are sums and products of non-negative inputs).
    private static func alwaysZero(_ layout: ResultLayout, fleets: [FleetPlan], sums: PeriodSums, parameters: Int) -> [Bool] {
        var zero = [Bool](repeating: true, count: layout.count)
        for i in layout.demandValues { zero[i] = false }
        let ones = [Double](repeating: 1, count: parameters)
        for (f, fleet) in fleets.enumerated() {
            let structural = ones.withUnsafeBufferPointer { FleetConstants(fleet.inputs, $0) }
            func nonzero(_ metric: Metric, _ p: Int) -> Bool {
                switch metric.definition.formula {
                case .energy, .peak: sums.installed(fleet: f, period: p) != 0
                case let .perUnitHour(field): sums.installed(fleet: f, period: p) != 0 && structural[field] != 0
                case let .perArrival(field): sums.arriving(fleet: f, period: p) != 0 && structural[field] != 0
                case let .sum(parts): parts.contains { nonzero($0, p) }
                }
            }
            for p in 0..<layout.periods {
                for metric in Metric.allCases where nonzero(metric, p) {
                    // The fleet, its site and the total, in the period and the whole horizon.
                    for scope in [layout.index(.fleet(f)), layout.index(.site(fleet.site)), layout.index(.total)] {
                        zero[layout.offset(scope: scope, period: p, metric: metric)] = false
                        zero[layout.offset(scope: scope, period: layout.wholeHorizon, metric: metric)] = false
                    }
                }
            }
        }
        return zero
    }
}

/// The metrics' definitions as the draw loops read them: each formula
/// kind as a list of metrics, energy metrics numbered 0..<E.
struct Formulas: Sendable {
    /// The energy metrics, their rates' formulas, and the index among them
    /// of each peak's energy metric.
    let energy: [Metric]
    let rates: [(flat: [SiteValues.Field]?, trajectory: [SiteValues.Field]?, shaped: [SiteValues.Field]?)]
    /// The rates as a table: energy metric e's part k (flat, trajectory,
    /// shaped) is `values[factors[6e + 2k]] × values[factors[6e + 2k + 1]]`,
    /// `values` a site's values in `SiteValues.Field` order, then 1 (at
    /// `one`), then 0 (at `zero`): a part of one factor a is a × 1, an
    /// empty product 1 × 1, an absent part 0 × 1 — each exactly the value.
    let factors: [Int]
    static let one = SiteValues.Field.allCases.count, zero = one + 1, valueCount = one + 2
    let peaks: [(metric: Metric, energy: Int)]
    let perUnitHour: [(metric: Metric, field: FleetConstants.Field)]
    let perArrival: [(metric: Metric, field: FleetConstants.Field)]
    let sums: [(metric: Metric, parts: [Metric])]

    init() {
        var energy: [Metric] = [], rates: [(flat: [SiteValues.Field]?, trajectory: [SiteValues.Field]?, shaped: [SiteValues.Field]?)] = []
        var perUnitHour: [(Metric, FleetConstants.Field)] = [], perArrival: [(Metric, FleetConstants.Field)] = []
        var peakOf: [(Metric, Metric)] = [], sums: [(Metric, [Metric])] = []
        for m in Metric.allCases {
            switch m.definition.formula {
            case let .energy(flat, trajectory, shaped): energy.append(m); rates.append((flat, trajectory, shaped))
            case let .perUnitHour(field): perUnitHour.append((m, field))
            case let .perArrival(field): perArrival.append((m, field))
            case let .peak(of): peakOf.append((m, of))
            case let .sum(parts): sums.append((m, parts))
            }
        }
        self.energy = energy
        self.rates = rates
        factors = rates.flatMap { rate in
            [rate.flat, rate.trajectory, rate.shaped].flatMap { part -> [Int] in
                guard let part else { return [Self.zero, Self.one] }
                precondition(part.count <= 2, "a rate's part is a product of at most two site values")
                return part.map(\.rawValue) + repeatElement(Self.one, count: 2 - part.count)
            }
        }
        self.perUnitHour = perUnitHour.map { (metric: $0.0, field: $0.1) }
        self.perArrival = perArrival.map { (metric: $0.0, field: $0.1) }
        self.peaks = peakOf.map { peak in
            guard let e = energy.firstIndex(of: peak.1) else { preconditionFailure("\(peak.0.key): a peak is of an energy metric") }
            return (metric: peak.0, energy: e)
        }
        self.sums = sums.map { (metric: $0.0, parts: $0.1) }
    }

    /// Per (fleet, period) sums: one per energy metric (Σ unit-hours ×
    /// rate), then unit-hours, arrivals, and the peak of unit-hours per
    /// hour × the peak metric's rate.
    var width: Int { energy.count + 2 + peaks.count }
    var unitHoursIndex: Int { energy.count }
    var arrivalsIndex: Int { energy.count + 1 }
    /// The first peak's index; peak i is at `peakIndex + i`.
    var peakIndex: Int { energy.count + 2 }
}

/// Numbers the inputs; a path seen twice is the same slot.
struct SlotRegistry {
    var quantities: [Quantity] = []
    var index: [String: Int] = [:]

    mutating func slot(_ q: Quantity) -> Int {
        if let i = index[q.path] { return i }
        quantities.append(q)
        index[q.path] = quantities.count - 1
        return quantities.count - 1
    }

    mutating func slot(_ q: Quantity?) -> Int? { q.map { slot($0) } }
}

/// A time-varying input: one slot, or knots whose value at each step is
/// `(1 − w[t])·v[lo[t]] + w[t]·v[lo[t] + 1]`.
struct SeriesPlan: Sendable {
    let slots: [Int]
    let lower: [Int32]
    let weight: [Double]

    var constantSlot: Int? { slots.count == 1 ? slots[0] : nil }

    init(_ series: SeriesInput, grid: TimeGrid, registry: inout SlotRegistry) throws {
        slots = series.knots.map { registry.slot($0.quantity) }
        guard slots.count > 1 else { lower = []; weight = []; return }
        // Linear interpolation is linear in the knot values, so each step's
        // value is fixed by its fractional knot position: interpolate the knot
        // index itself (GSL, linear, held beyond the ends) at step midpoints.
        let x = series.knots.map { TimeGrid.hoursSinceEpoch($0.date) }
        let position = try Interpolator(x: x, y: x.indices.map(Double.init), kind: .linear)
        var lower: [Int32] = [], weight: [Double] = []
        lower.reserveCapacity(grid.stepCount)
        weight.reserveCapacity(grid.stepCount)
        let last = slots.count - 1
        for t in 0..<grid.stepCount {
            let f = position.clampedValue(at: (grid.boundaries[t] + grid.boundaries[t + 1]) / 2)
            let lo = min(Int(f), last - 1)
            lower.append(Int32(lo))
            weight.append(f - Double(lo))
        }
        self.lower = lower
        self.weight = weight
    }

    /// The value at step t.
    @inline(__always)
    func value(at t: Int, _ values: UnsafeBufferPointer<Double>) -> Double {
        if slots.count == 1 { return values[slots[0]] }
        let k = Int(lower[t]), w = weight[t]
        return (1 - w) * values[slots[k]] + w * values[slots[k + 1]]
    }
}

/// A contract covering a share of consumption.
struct ContractPlan: Sendable {
    let share: SeriesPlan
    let intensity: Int
    /// Counted under hourly matching too (`hourly: true` or `legacy: true`).
    let countsHourly: Bool
}

/// A contract whose supply is matched to consumption hour by hour:
/// capacity (MW, by step) × the capacity factor of each hour.
struct SupplyPlan: Sendable {
    let capacity: SeriesPlan
    /// The capacity factor of each hour of the horizon.
    let factors: [Double]
    /// Σ of the capacity factors over each step's hours (MWh per MW).
    let stepFactors: [Double]
    let intensity: Int
}

struct SitePlan: Sendable {
    let pue: SeriesPlan
    let wue: SeriesPlan?
    let trajectory: SeriesPlan?
    /// The grid's hourly profile averaged over each step (mean 1 over a
    /// year), or nil: a factor on the location-based intensity.
    let profile: [Double]?
    let intensity: Int
    let residual: Int
    let residualIsGridAverage: Bool
    let gridWater: Int?
    let upstream: Int?
    /// Contracts covering a share of consumption.
    let contracts: [ContractPlan]
    /// Contracts matched hour by hour; when any, market-based emissions
    /// depend on the site's total load and are computed after all fleets.
    let supplies: [SupplyPlan]
    let construction: Int?
    let facilityLife: Int?

    init(_ site: Site, grid: TimeGrid, registry: inout SlotRegistry) throws {
        pue = try SeriesPlan(site.pue, grid: grid, registry: &registry)
        wue = try site.wue.map { try SeriesPlan($0, grid: grid, registry: &registry) }
        trajectory = try site.gridTrajectory.map { try SeriesPlan($0, grid: grid, registry: &registry) }
        intensity = registry.slot(site.grid.intensity)
        let residualQuantity = site.residualMix ?? site.grid.residualMix
        residualIsGridAverage = residualQuantity == nil
        residual = registry.slot(residualQuantity ?? site.grid.intensity)
        gridWater = registry.slot(site.grid.water)
        upstream = registry.slot(site.grid.upstream)
        var contracts: [ContractPlan] = [], supplies: [SupplyPlan] = []
        var hourOfYear: [Int32]?
        for c in site.contracts {
            if let share = c.share {
                contracts.append(ContractPlan(share: try SeriesPlan(share, grid: grid, registry: &registry), intensity: registry.slot(c.intensity),
                                              countsHourly: c.hourly || c.legacy))
            } else if let capacity = c.capacityMW, let supply = c.supply {
                if hourOfYear == nil { hourOfYear = Self.hourOfYear(grid) }
                let factors = hourOfYear!.map { supply.values[Int($0)] }
                supplies.append(SupplyPlan(capacity: try SeriesPlan(capacity, grid: grid, registry: &registry), factors: factors,
                                           stepFactors: Self.stepSums(factors, grid), intensity: registry.slot(c.intensity)))
            }
        }
        self.contracts = contracts
        self.supplies = supplies
        construction = registry.slot(site.constructionKgPerMW)
        facilityLife = registry.slot(site.facilityLifeYears)
        profile = site.grid.hourlyProfile.map { Self.stepAverages($0, grid) }
    }

    /// Whether one draw fixes the site's values at every step (one PUE, one
    /// WUE, constant contract shares, no hourly supply): then its fleets
    /// are summed in closed form. The one rule for which path applies.
    var isConstantWithinDraw: Bool {
        pue.constantSlot != nil && (wue.map { $0.constantSlot != nil } ?? true)
            && contracts.allSatisfy { $0.share.constantSlot != nil } && supplies.isEmpty
    }

    /// Σ of hourly values over each step's hours.
    static func stepSums(_ hourly: [Double], _ grid: TimeGrid) -> [Double] {
        let start = Int(grid.boundaries[0])
        return (0..<grid.stepCount).map { t in
            (Int(grid.boundaries[t]) - start ..< Int(grid.boundaries[t + 1]) - start).reduce(0) { $0 + hourly[$1] }
        }
    }

    /// The profile's mean over each step's hours.
    static func stepAverages(_ profile: HourlyProfile, _ grid: TimeGrid) -> [Double] {
        let index = hourOfYear(grid)
        let start = Int(grid.boundaries[0])
        var out: [Double] = []
        out.reserveCapacity(grid.stepCount)
        for t in 0..<grid.stepCount {
            let first = Int(grid.boundaries[t]) - start, end = Int(grid.boundaries[t + 1]) - start
            var sum = 0.0
            for hour in first..<end { sum += profile.values[Int(index[hour])] }
            out.append(end > first ? sum / Double(end - first) : 1)
        }
        return out
    }

    /// For each hour of the horizon, its row in an 8,760-hour profile.
    /// Hour-of-year counts from 1 January 00:00 UTC; 31 December of a leap
    /// year (hours 8,760 to 8,783) reuses the profile's last day.
    static func hourOfYear(_ grid: TimeGrid) -> [Int32] {
        let first = Int(grid.boundaries[0]), end = Int(grid.boundaries[grid.stepCount])
        var out: [Int32] = []
        out.reserveCapacity(end - first)
        var yearStartHour = Int.min, nextYearHour = Int.min
        for hour in first..<end {
            if hour >= nextYearHour || hour < yearStartHour {
                let year = CalendarDate(dayNumber: hour >= 0 ? hour / 24 : (hour - 23) / 24).year
                yearStartHour = CalendarDate.startOf(year: year).dayNumber * 24
                nextYearHour = CalendarDate.startOf(year: year + 1).dayNumber * 24
            }
            let index = hour - yearStartHour
            out.append(Int32(index < HourlyProfile.hours ? index : index - 24))
        }
        return out
    }
}

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
            let whole = Int(y.rounded(.down)), frac = (y - Double(whole)) * 8766
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
/// values (no references): what `FleetConstants` reads in every draw.
struct FleetInputs: Sendable {
    let site: Int
    let avgPower: Int?
    let tdp: Int?, idle: Int?, exponent: Int?, host: Int?, network: Int?
    let utilization: Int?
    let peakTflops: Int?
    let usdPerUnit: Int?
    let costDecline: Int?
    let embodied: Int?, hostEmbodied: Int?, networkEmbodied: Int?
    let serviceLife: Int?, serviceUtilization: Int?
    let construction: Int?, facilityLife: Int?

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
    }
}
