/// Where each (scope, period, metric) lives in a flat array of results —
/// the only place that knows.
///
/// Scopes are the total, then each fleet, then each site; each scope has
/// one block of `periods + 1` rows (the calendar-year periods, then the
/// whole horizon), each row one value per metric in `Metric` order: the
/// value of metric m is at `row(scope:period:) + m.rawValue`, and a row's
/// values are contiguous (the engine adds rows as vectors).
public struct ResultLayout: Sendable, Equatable {
    public let periods: Int
    public let fleets: Int
    public let sites: Int
    /// Services of the scenario's demand, and whether it has demand (the
    /// economic intensities' block).
    public let services: Int
    public let hasDemand: Bool

    public enum Scope: Sendable, Hashable {
        case total
        case fleet(Int)
        case site(Int)
    }

    public static let metrics = Metric.allCases.count
    /// `metrics`, held here so offsets need no global look-up.
    private let metricCount: Int
    /// Values per scope: every period and the whole horizon.
    public let scopeStride: Int

    public init(periods: Int, fleets: Int, sites: Int, services: Int = 0, hasDemand: Bool = false) {
        self.periods = periods; self.fleets = fleets; self.sites = sites
        self.services = services; self.hasDemand = hasDemand
        metricCount = Self.metrics
        scopeStride = (periods + 1) * Self.metrics
    }

    public var scopes: Int { 1 + fleets + sites }
    /// After the scopes: each service's block, then the demand block.
    var serviceStart: Int { scopes * scopeStride }
    var serviceStride: Int { (periods + 1) * ServiceMetric.allCases.count }
    var demandStart: Int { serviceStart + services * serviceStride }
    public var count: Int { demandStart + (hasDemand ? (periods + 1) * DemandMetric.allCases.count : 0) }

    /// The services' and the demand block's values.
    public var demandValues: Range<Int> { serviceStart..<count }

    /// Service s's `metric` in `period` (`periods`: the whole horizon).
    public func offset(service s: Int, period: Int, metric: ServiceMetric) -> Int {
        serviceStart + s * serviceStride + period * ServiceMetric.allCases.count + metric.rawValue
    }

    /// The demand block's `metric` in `period` (`periods`: the whole horizon).
    public func offset(demand metric: DemandMetric, period: Int) -> Int {
        precondition(hasDemand, "no demand block")
        return demandStart + period * DemandMetric.allCases.count + metric.rawValue
    }
    /// The row index of the whole horizon.
    public var wholeHorizon: Int { periods }

    /// A scope's position among `scopes`.
    @inline(__always)
    public func index(_ scope: Scope) -> Int {
        switch scope {
        case .total: 0
        case let .fleet(f): 1 &+ f
        case let .site(s): 1 &+ fleets &+ s
        }
    }

    // Offsets use wrapping arithmetic: for a scope, period and metric of
    // the layout they are below `count`, which `init` computed without
    // overflow, so no check is needed in the engine's loops.

    /// The offset of a row: the first metric of `period` (or the whole
    /// horizon, `periods`) in the scope at `scope` (see `index`).
    @inline(__always)
    public func row(scope: Int, period: Int) -> Int { scope &* scopeStride &+ period &* metricCount }

    @inline(__always)
    public func offset(scope: Int, period: Int, metric: Metric) -> Int { row(scope: scope, period: period) &+ metric.rawValue }

    public func offset(_ metric: Metric, _ scope: Scope, period: Int?) -> Int {
        offset(scope: index(scope), period: period ?? wholeHorizon, metric: metric)
    }

    /// What the value at `offset` belongs to.
    public enum Place: Sendable, Equatable {
        /// A scope's row: a period, or the whole horizon (`periods`).
        case row(scope: Int, period: Int)
        case service(Int)
        case demand
    }

    /// The row, service or demand block that holds the value at `offset`.
    public func place(of offset: Int) -> Place {
        precondition(offset >= 0 && offset < count, "\(offset) is not a value of the layout")
        if offset < serviceStart { return .row(scope: offset / scopeStride, period: offset % scopeStride / metricCount) }
        if offset < demandStart { return .service((offset - serviceStart) / serviceStride) }
        return .demand
    }
}

/// The metrics of one evaluation, for every scope (the whole scenario, each
/// fleet, each site) and every period plus the whole horizon, in
/// `ResultLayout` order.
public struct Evaluation: Sendable {
    public let layout: ResultLayout
    public internal(set) var values: [Double]

    public typealias Scope = ResultLayout.Scope

    init(_ layout: ResultLayout) {
        self.layout = layout
        values = [Double](repeating: 0, count: layout.count)
    }

    /// The value of `metric` for `scope` in `period` (nil: the whole horizon).
    public func value(_ metric: Metric, _ scope: Scope = .total, period: Int? = nil) -> Double {
        values[layout.offset(metric, scope, period: period)]
    }

    /// Service s's `metric` in `period` (nil: the whole horizon); NaN where undefined.
    public func value(_ metric: ServiceMetric, service s: Int, period: Int? = nil) -> Double {
        values[layout.offset(service: s, period: period ?? layout.wholeHorizon, metric: metric)]
    }

    /// The demand block's `metric` in `period` (nil: the whole horizon).
    public func value(_ metric: DemandMetric, period: Int? = nil) -> Double {
        values[layout.offset(demand: metric, period: period ?? layout.wholeHorizon)]
    }
}
