import Foundation
import GSL

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

/// The company's share of a site's emissions in each boundary: Scope 2
/// (and categories 2 and 3) for a site it operates, Scope 3 category 1 for
/// capacity it rents; each × its equity share under the equity share
/// approach, × 1 under operational control.
struct BoundaryPlan: Sendable, BitwiseCopyable {
    /// 1 for an owned or leased site, 0 for a cloud one.
    let operated: Double
    /// 1 for a cloud site, 0 otherwise.
    let rented: Double
    /// The site's `equity_share` slot, under the equity share approach.
    let equity: Int?

    init(_ site: Site, consolidation: Consolidation, registry: inout SlotRegistry) {
        operated = site.control == .cloud ? 0 : 1
        rented = site.control == .cloud ? 1 : 0
        equity = consolidation == .equityShare ? registry.slot(site.equityShare) : nil
    }

    /// The shares in the draw `v`: (operated, rented).
    @inline(__always)
    func shares(_ v: UnsafeBufferPointer<Double>) -> (operated: Double, rented: Double) {
        guard let equity else { return (operated, rented) }
        return (operated * v[equity], rented * v[equity])
    }
}

struct SitePlan: Sendable {
    let boundary: BoundaryPlan
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
    /// On-site generation; `offGrid`: no grid serves what it does not.
    let generation: GenerationPlan
    let offGrid: Bool

    init(_ site: Site, grid: TimeGrid, consolidation: Consolidation, gwp: GWP, registry: inout SlotRegistry) throws {
        boundary = BoundaryPlan(site, consolidation: consolidation, registry: &registry)
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
        generation = GenerationPlan(site, gwp: gwp, grid: grid, registry: &registry)
        offGrid = site.offGrid
    }

    /// Whether one draw fixes the site's values at every step (one PUE, one
    /// WUE, constant contract shares, no hourly supply, no generation that
    /// depends on the load or runs for part of the horizon): then its fleets
    /// are summed in closed form. The one rule for which path applies.
    var isConstantWithinDraw: Bool {
        pue.constantSlot != nil && (wue.map { $0.constantSlot != nil } ?? true)
            && contracts.allSatisfy { $0.share.constantSlot != nil } && supplies.isEmpty && !generation.needsLoad && !generation.isDated
    }

    /// Whether the site's values need its facility load at each step.
    var needsLoad: Bool { !supplies.isEmpty || generation.needsLoad }

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
