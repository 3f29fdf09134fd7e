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
    /// The sites with refrigerant charges.
    let refrigerants: [RefrigerantPlan]
    /// Inputs that move together (`correlations:` and series' knots).
    let copula: CopulaPlan

    /// The groups of inputs drawn together (parameter slots), each one
    /// factor of Sobol's indices and moved together by the tornado.
    public var correlationGroups: [[Int]] { copula.groups }

    /// The dependences the draws carry: the scenario's `correlations:`,
    /// then the series whose knots move as one by default.
    public var correlations: [CorrelationStatement] { copula.statements }
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
        zip(scenario.sites, sites).filter { $0.1.residualIsGridAverage && !$0.0.offGrid }.map { $0.0.name }
    }

    /// Sites whose grid has no water of generation: their water is on-site
    /// only (when any site has a figure, a reader would otherwise assume
    /// all do).
    public var sitesWithoutGridWater: [String] {
        zip(scenario.sites, sites).filter { $0.1.gridWater == nil && !$0.0.offGrid }.map { $0.0.name }
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
        let grid = TimeGrid(start: scenario.start, end: scenario.end, resolution: scenario.resolution, fiscalYearStart: scenario.fiscalYearStart)
        self.grid = grid
        var registry = SlotRegistry()
        var sitePlans: [SitePlan] = []
        for site in scenario.sites {
            sitePlans.append(try SitePlan(site, grid: grid, consolidation: scenario.consolidation, gwp: scenario.gwp, registry: &registry))
        }
        var fleetPlans: [FleetPlan] = []
        for fleet in scenario.fleets {
            fleetPlans.append(FleetPlan(fleet, site: sitePlans[fleet.siteIndex], grid: grid, registry: &registry))
        }
        refrigerants = scenario.sites.indices.compactMap {
            RefrigerantPlan(scenario.sites[$0], index: $0, grid: grid, fleets: fleetPlans, registry: &registry)
        }
        demand = try scenario.demand.map { try DemandPlan($0, grid: grid, fleets: fleetPlans, registry: &registry) }
        parameters = registry.quantities
        copula = try CopulaPlan(scenario, parameters: registry.quantities)
        sites = sitePlans
        fleets = fleetPlans
        fleetInputs = fleetPlans.map(\.inputs)
        layout = ResultLayout(periods: grid.periods.count, fleets: fleetPlans.count, sites: sitePlans.count,
                              services: scenario.demand?.services.count ?? 0, hasDemand: scenario.demand != nil)
        periodSums = PeriodSums(grid: grid, sites: sitePlans, fleets: fleetPlans)
        formulas = Formulas()
        alwaysZero = Self.alwaysZero(layout, fleets: fleetPlans, sums: periodSums, refrigerants: refrigerants, parameters: registry.quantities.count)
    }

    /// An output is zero in every draw when its formula's factors are: a
    /// fleet's energy, hours and peaks where no unit is installed, upfront
    /// embodied where none arrives, and a per-unit figure whose inputs are
    /// absent (found by evaluating the fleet's figures with every input 1:
    /// they are sums and products of non-negative inputs).
    private static func alwaysZero(_ layout: ResultLayout, fleets: [FleetPlan], sums: PeriodSums, refrigerants: [RefrigerantPlan],
                                   parameters: Int) -> [Bool] {
        var zero = [Bool](repeating: true, count: layout.count)
        for i in layout.demandValues { zero[i] = false }
        let ones = [Double](repeating: 1, count: parameters)
        for (f, fleet) in fleets.enumerated() {
            let structural = ones.withUnsafeBufferPointer { FleetDraw(fleet.inputs, $0) }
            func nonzero(_ metric: Metric, _ p: Int) -> Bool {
                switch metric.definition.formula {
                case .energy, .peak: sums.installed(fleet: f, period: p) != 0
                case let .perUnitHour(field): sums.installed(fleet: f, period: p) != 0 && structural[field] != 0
                case let .perArrival(field): sums.arriving(fleet: f, period: p) != 0 && structural[field] != 0
                case let .sum(parts): parts.contains { nonzero($0, p) }
                case .site: false
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
        // A site's refrigerants: its and the total's rows while it has hardware.
        for r in refrigerants {
            for p in 0..<layout.periods where r.periodYears[p] > 0 {
                for scope in [layout.index(.site(r.site)), layout.index(.total)] {
                    for metric in [Metric.emissionsScope1RefrigerantsTCO2e, .emissionsScope1TCO2e, .emissionsGrossLocationTCO2e, .emissionsGrossMarketTCO2e] {
                        zero[layout.offset(scope: scope, period: p, metric: metric)] = false
                        zero[layout.offset(scope: scope, period: layout.wholeHorizon, metric: metric)] = false
                    }
                }
            }
        }
        return zero
    }
}
