/// A site's generation units as slots, and how they split the site's
/// facility energy between themselves and the grid at a step.
struct GenerationPlan: Sendable {
    struct Unit: Sendable {
        enum Mode: Sendable {
            case primary
            case share(Int)
            case backup(hours: Int, fraction: Int)
        }
        let mode: Mode
        let capacity: Int
        let heatRate: Int
        /// The fuel's kg CO2, g CH4, g N2O and kg CO2e upstream per MMBtu.
        let co2: Int, ch4: Int, n2o: Int
        let upstream: Int?
        /// lb NOx per MMBtu.
        let nox: Int?
        /// Run by a supplier: its combustion is bought electricity (Scope 2).
        let bySupplier: Bool
        /// The share of each step the unit runs (`from`, `until`); nil:
        /// every step whole.
        let active: [Double]?
    }

    let units: [Unit]
    /// GWP of CH4 and N2O (the scenario's set).
    let ch4GWP: Int, n2oGWP: Int
    /// Hours of the calendar year of each step: a backup unit's hours a
    /// year spread over it (empty without backup units).
    let yearHours: [Double]

    init(_ site: Site, gwp: GWP, grid: TimeGrid, registry: inout SlotRegistry) {
        units = site.generation.map { u in
            let g = u.generator, f = g.fuel
            let mode: Unit.Mode = switch u.mode {
            case .primary: .primary
            case let .share(s): .share(registry.slot(s))
            case let .backup(h, lf): .backup(hours: registry.slot(h), fraction: registry.slot(lf))
            }
            return Unit(mode: mode, capacity: registry.slot(u.capacityMW), heatRate: registry.slot(g.heatRate),
                        co2: registry.slot(f.co2KgPerMMBtu), ch4: registry.slot(f.ch4GPerMMBtu), n2o: registry.slot(f.n2oGPerMMBtu),
                        upstream: registry.slot(f.upstreamKgPerMMBtu), nox: registry.slot(g.noxLbPerMMBtu), bySupplier: u.bySupplier,
                        active: Self.activeShares(from: u.from, until: u.until, grid: grid))
        }
        ch4GWP = registry.slot(gwp.ch4)
        n2oGWP = registry.slot(gwp.n2o)
        let backup = units.contains { if case .backup = $0.mode { true } else { false } }
        yearHours = backup ? (0..<grid.stepCount).map { t in
            let year = CalendarDate(dayNumber: Int(grid.boundaries[t] / 24)).year
            return TimeGrid.hoursSinceEpoch(.startOf(year: year + 1)) - TimeGrid.hoursSinceEpoch(.startOf(year: year))
        } : []
    }

    var isEmpty: Bool { units.isEmpty }

    /// Whether a unit runs for part of the horizon only: then the split
    /// changes from step to step.
    var isDated: Bool { units.contains { $0.active != nil } }

    /// The share of each step's hours inside [from, until); nil when the
    /// unit runs through every step.
    static func activeShares(from: CalendarDate?, until: CalendarDate?, grid: TimeGrid) -> [Double]? {
        guard from != nil || until != nil else { return nil }
        let lo = from.map(TimeGrid.hoursSinceEpoch) ?? -.infinity, hi = until.map(TimeGrid.hoursSinceEpoch) ?? .infinity
        let shares = (0..<grid.stepCount).map { t -> Double in
            let a = grid.boundaries[t], b = grid.boundaries[t + 1]
            return Swift.max(0, Swift.min(b, hi) - Swift.max(a, lo)) / (b - a)
        }
        return shares.allSatisfy { $0 == 1 } ? nil : shares
    }

    /// Whether what the units serve depends on the site's load (primary
    /// and backup units do; shares do not).
    var needsLoad: Bool { units.contains { if case .share = $0.mode { false } else { true } } }

    /// What generation serves at step t, per MWh of the site's facility
    /// energy, for a facility load of `loadMW` (ignored when `needsLoad`
    /// is false). Shares first (scaled down together if they exceed 1),
    /// then primary units up to their capacity, pro rata to it, then
    /// backup units for their hours; the grid serves the rest. A dated
    /// unit counts for the share of the step it runs.
    @inline(__always)
    func split(_ v: UnsafeBufferPointer<Double>, at t: Int, loadMW: Double) -> GenerationSplit {
        var out = GenerationSplit()
        var shares = 0.0, primary = 0.0
        for u in units {
            let a = u.active?[t] ?? 1
            switch u.mode {
            case let .share(s): shares += v[s] * a
            case .primary: primary += v[u.capacity] * a
            case .backup: break
            }
        }
        let shareScale = shares > 1 ? 1 / shares : 1
        var remaining = 1 - shares * shareScale
        let primaryServed = loadMW > 0 && primary > 0 ? Swift.min(remaining, primary / loadMW) : 0
        remaining -= primaryServed
        for u in units {
            let a = u.active?[t] ?? 1
            let served: Double
            switch u.mode {
            case let .share(s): served = v[s] * a * shareScale
            case .primary: served = primary > 0 ? primaryServed * v[u.capacity] * a / primary : 0
            case let .backup(hours, fraction):
                guard loadMW > 0 else { served = 0; break }
                let mw = v[u.capacity] * v[fraction] * v[hours] * a / yearHours[t]
                served = Swift.min(remaining, mw / loadMW)
                remaining -= served
            }
            guard served > 0 else { continue }
            let fuel = served * v[u.heatRate]
            out.onsite += served
            out.fuel += fuel
            if u.bySupplier {
                out.supplierCO2e += fuel * (v[u.co2] * 1e-3 + v[u.ch4] * 1e-6 * v[ch4GWP] + v[u.n2o] * 1e-6 * v[n2oGWP])
            } else {
                out.co2 += fuel * v[u.co2] * 1e-3
                out.ch4 += fuel * v[u.ch4] * 1e-6
                out.n2o += fuel * v[u.n2o] * 1e-6
            }
            if let up = u.upstream { out.upstream += fuel * v[up] * 1e-3 }
            // lb → t: × 0.45359237 kg/lb ÷ 1,000.
            if let nox = u.nox { out.nox += fuel * v[nox] * 0.45359237e-3 }
        }
        out.unserved = Swift.max(0, remaining)
        out.co2e = out.co2 + out.ch4 * v[ch4GWP] + out.n2o * v[n2oGWP]
        return out
    }
}

/// What on-site generation serves at a step, per MWh of facility energy:
/// its share, the fuel it burns (MMBtu), what that emits (t of each gas,
/// t CO2e under the scenario's GWPs, t NOx, t CO2e upstream of the fuel),
/// and the share of the load neither it nor (off grid) a grid serves.
struct GenerationSplit {
    /// Gases and CO2e of the site operator's own units; `supplierCO2e`, the
    /// CO2e of units a supplier runs (bought electricity).
    var onsite = 0.0, fuel = 0.0, co2 = 0.0, ch4 = 0.0, n2o = 0.0, co2e = 0.0, nox = 0.0, upstream = 0.0, supplierCO2e = 0.0
    var unserved = 0.0
}

/// A draw in which an off-grid site's generation could not serve its load:
/// a scenario error, never silently unserved energy.
public struct Shortfall: Sendable, Equatable {
    /// The site and the step (the first of the draw).
    public let site: Int
    public let step: Int
    /// The load generation did not serve, MW (as an average over the step).
    public let unservedMW: Double
    /// The draw (0 for central values).
    public let draw: Int

    public init(site: Int, step: Int, unservedMW: Double, draw: Int) {
        self.site = site; self.step = step; self.unservedMW = unservedMW; self.draw = draw
    }

    func inDraw(_ d: Int) -> Shortfall { Shortfall(site: site, step: step, unservedMW: unservedMW, draw: d) }
}

extension Shortfall {
    /// "sites.NAME: the site is off-grid (grid: none) and in draw 3, its
    /// generation leaves 10 MW of its load unserved in the step …".
    public func describe(in plan: EvaluationPlan, at: String? = nil) -> String {
        let site = plan.scenario.sites[site].name, grid = plan.grid
        func time(_ h: Double) -> String {
            let day = CalendarDate(dayNumber: Int((h / 24).rounded(.down))), hour = Int(h) - day.dayNumber * 24
            return plan.scenario.resolution == .hour ? "\(day) \(hour < 10 ? "0" : "")\(hour):00 UTC" : day.description
        }
        let which = at ?? (plan.scenario.samples > 1 || draw > 0 ? "in draw \(draw)" : "at central values")
        return "sites.\(site): the site is off-grid (grid: none) and \(which), its generation leaves \(formatMW(unservedMW)) MW "
            + "of its load unserved in the step \(time(grid.boundaries[step])) to \(time(grid.boundaries[step + 1])); an off-grid site's generation must serve its whole load"
    }

    private func formatMW(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// An analysis that met a shortfall (`Shortfall`): its result would count
/// unserved load as if it were served.
public struct ShortfallError: Error, CustomStringConvertible {
    public let shortfall: Shortfall
    public let description: String

    public init(_ shortfall: Shortfall, in plan: EvaluationPlan, at: String? = nil) {
        self.shortfall = shortfall
        description = shortfall.describe(in: plan, at: at)
    }
}
