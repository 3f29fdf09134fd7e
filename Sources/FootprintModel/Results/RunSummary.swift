import Foundation

/// Mean and percentiles of one output over the draws.
public struct Statistic: Sendable, Equatable {
    public let mean: Double
    public let p5: Double
    public let p50: Double
    public let p95: Double

    public init(mean: Double, p5: Double, p50: Double, p95: Double) {
        self.mean = mean; self.p5 = p5; self.p50 = p50; self.p95 = p95
    }

    /// A statistic of one value (a run on central values).
    public init(exactly x: Double) { self.init(mean: x, p5: x, p50: x, p95: x) }
}

/// Which statistics a run computes. The total's whole horizon and its
/// periods, and the services and demand block, always; the fleets' and
/// sites' whole horizon and every scope's intensities unless `scopes` is
/// false; the fleets' and the sites' periods when asked for. With
/// `periodPercentiles` false, periods get their mean only (the table prints
/// no more), which spares the percentile work of most outputs. Quantiles
/// are computed output by output, so a statistic does not depend on which
/// others were computed.
public struct OutputSelection: Sendable, Equatable {
    public var fleetPeriods: Bool
    public var sitePeriods: Bool
    public var scopes: Bool
    public var periodPercentiles: Bool

    public init(fleetPeriods: Bool, sitePeriods: Bool, scopes: Bool = true, periodPercentiles: Bool = true) {
        self.fleetPeriods = fleetPeriods; self.sitePeriods = sitePeriods
        self.scopes = scopes || fleetPeriods || sitePeriods; self.periodPercentiles = periodPercentiles
    }

    public static let all = OutputSelection(fleetPeriods: true, sitePeriods: true)
    /// The whole horizon of every scope and the total's periods.
    public static let totals = OutputSelection(fleetPeriods: false, sitePeriods: false)
    /// What `footprint run`'s table prints: the total's whole horizon, the
    /// means of its periods, the services and the demand block.
    public static let table = OutputSelection(fleetPeriods: false, sitePeriods: false, scopes: false, periodPercentiles: false)

    /// Whether `scope`'s whole horizon is computed.
    func wholeHorizon(ofScope scope: Int) -> Bool { scope == 0 || scopes }

    /// Whether `scope`'s periods (not only its whole horizon) are computed.
    func periods(ofScope scope: Int, fleets: Int) -> Bool {
        scope == 0 || (scope <= fleets ? fleetPeriods : sitePeriods)
    }
}

/// The outcome of a run: statistics of every metric for every scope and
/// period (same layout as `Evaluation`) that its `OutputSelection` asked
/// for, plus intensity metrics over the whole horizon per scope.
public struct RunSummary: Sendable {
    public let plan: EvaluationPlan
    public let samples: Int
    public let seed: UInt64
    /// The evaluation at central values (mode/mean of every input).
    public let central: Evaluation
    public let outputs: OutputSelection
    /// Nil where the selection left an output out.
    let stats: [Statistic?]
    /// `intensities[scope][IntensityMetric.rawValue]`, nil where undefined.
    let intensities: [[Statistic?]]
    /// Per site, at central values: the share of its load matched hour by
    /// hour by its hourly supplies, by calendar month and UTC hour of day
    /// (`[month * 24 + hour]`, NaN where no hour had load); nil for a site
    /// without hourly supplies.
    public let hourlyMatching: [[Double]?]
    /// The first draw (lowest index) in which an off-grid site's generation
    /// could not serve its load, or nil. A run with one is not a result:
    /// callers refuse it (`footprint run` prints the site, the step and
    /// the shortfall, and writes nothing).
    public internal(set) var shortfall: Shortfall?

    /// A statistic the run's `OutputSelection` includes (asking for one it
    /// left out, or for the percentiles of an output whose mean only was
    /// computed, is a programming error).
    public func stat(_ metric: Metric, _ scope: Evaluation.Scope = .total, period: Int? = nil) -> Statistic {
        guard let s = stats[central.layout.offset(metric, scope, period: period)], !s.p5.isNaN else {
            preconditionFailure("\(metric.key) of \(scope) for period \(period.map(String.init) ?? "all") was not computed: run with OutputSelection.all")
        }
        return s
    }

    /// The mean of an output the run's `OutputSelection` includes, with or
    /// without its percentiles.
    public func mean(_ metric: Metric, _ scope: Evaluation.Scope = .total, period: Int? = nil) -> Double {
        guard let s = stats[central.layout.offset(metric, scope, period: period)] else {
            preconditionFailure("\(metric.key) of \(scope) for period \(period.map(String.init) ?? "all") was not computed: run with OutputSelection.all")
        }
        return s.mean
    }

    /// Service s's `metric` in `period` (nil: the whole horizon); nil where
    /// it is undefined in some draw (no prompts, no served energy, no
    /// `fleet_share`).
    public func stat(_ metric: ServiceMetric, service s: Int, period: Int? = nil) -> Statistic? {
        stats[central.layout.offset(service: s, period: period ?? central.layout.wholeHorizon, metric: metric)]
    }

    /// The demand block's `metric` in `period` (nil: the whole horizon); nil
    /// without demand, or where undefined (no revenue, no users).
    public func stat(_ metric: DemandMetric, period: Int? = nil) -> Statistic? {
        guard central.layout.hasDemand else { return nil }
        return stats[central.layout.offset(demand: metric, period: period ?? central.layout.wholeHorizon)]
    }

    public func intensity(_ metric: IntensityMetric, _ scope: Evaluation.Scope = .total) -> Statistic? {
        intensities[central.layout.index(scope)][metric.rawValue]
    }

    /// True when any input is a distribution and more than one draw ran.
    public var hasRanges: Bool { samples > 1 && plan.parameters.contains(where: \.isUncertain) }
}
