import Foundation

/// What a sensitivity analysis or goal seek measures: a results key over
/// the whole horizon, or in one calendar year (`emissions_location_tco2e:2030`).
/// The key is a metric of the totals, an economic intensity of the demand
/// block (`tco2e_per_musd_revenue_location`), or a service's value
/// (`services.chat.share_of_served_energy`).
public struct MetricSelector: Sendable, CustomStringConvertible {
    public enum Target: Sendable {
        case metric(Metric)
        case demand(DemandMetric)
        case service(name: String, ServiceMetric)
    }

    public let target: Target
    public let year: Int?

    var key: String {
        switch target {
        case let .metric(m): m.key
        case let .demand(m): m.key
        case let .service(name, m): "services.\(name).\(m.key)"
        }
    }

    public var description: String { year.map { "\(key):\($0)" } ?? key }

    /// The index of its year's period in `plan`; nil for the whole
    /// horizon, and for a year the horizon does not have (which callers
    /// refuse first: `yearIsOutside`).
    func period(in plan: EvaluationPlan) -> Int? {
        guard let year else { return nil }
        return plan.grid.periods.firstIndex { $0.year == year }
    }

    /// Whether it asks for a year that `plan`'s horizon does not have.
    public func yearIsOutside(_ plan: EvaluationPlan) -> Bool { year != nil && period(in: plan) == nil }

    /// The service's index, for a service's value (nil when the plan has no such service).
    func serviceIndex(in plan: EvaluationPlan) -> Int? {
        guard case let .service(name, _) = target else { return nil }
        return plan.scenario.demand?.services.firstIndex { $0.name == name }
    }

    /// Where its value is in an evaluation's values (`check` first: a
    /// service the plan has, a year inside the horizon).
    public func offset(in plan: EvaluationPlan) -> Int {
        let layout = plan.layout, p = period(in: plan) ?? layout.wholeHorizon
        switch target {
        case let .metric(m): return layout.offset(scope: 0, period: p, metric: m)
        case let .demand(m): return layout.offset(demand: m, period: p)
        case let .service(_, m): return layout.offset(service: serviceIndex(in: plan)!, period: p, metric: m)
        }
    }

    public func value(_ e: Evaluation, plan: EvaluationPlan) -> Double {
        let p = period(in: plan) ?? e.layout.wholeHorizon
        switch target {
        case let .metric(m): return e.values[e.layout.offset(scope: 0, period: p, metric: m)]
        case let .demand(m): return e.values[e.layout.offset(demand: m, period: p)]
        case let .service(_, m): return e.values[e.layout.offset(service: serviceIndex(in: plan)!, period: p, metric: m)]
        }
    }

    /// Whether the total it selects has an input behind it (a metric:
    /// `EvaluationPlan.estimate`; the demand block's and services' values
    /// always do).
    public func isEstimated(_ plan: EvaluationPlan) -> Bool {
        if case let .metric(m) = target { return plan.estimate(m, .total).isEstimated }
        return true
    }

    /// The unit of its values.
    public var unit: String {
        switch target {
        case let .metric(m): m.unit
        case let .demand(m): m.unit
        case let .service(_, m): m.unit
        }
    }

    /// Its statistic in a run (nil where undefined in some draw).
    public func stat(in r: RunSummary) -> Statistic? {
        let p = period(in: r.plan)
        switch target {
        case let .metric(m): return r.stat(m, period: p)
        case let .demand(m): return r.stat(m, period: p)
        case .service(_, let m): return serviceIndex(in: r.plan).flatMap { r.stat(m, service: $0, period: p) }
        }
    }

    /// Throws when the plan has no such demand value or service.
    public func check(_ plan: EvaluationPlan) throws {
        switch target {
        case .metric: return
        case .demand: if plan.scenario.demand == nil { throw ScenarioSensitivity.Failure.noDemand(key) }
        case let .service(name, _):
            if serviceIndex(in: plan) == nil {
                throw ScenarioSensitivity.Failure.unknownService(name, known: plan.scenario.demand?.services.map(\.name) ?? [])
            }
        }
    }

    public static var allowed: String {
        (Metric.allCases.map(\.key) + DemandMetric.allCases.map(\.key) + ["services.NAME." + ServiceMetric.allCases.map(\.key).joined(separator: "|")])
            .joined(separator: ", ")
    }
}
