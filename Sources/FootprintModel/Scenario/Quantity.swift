import GSL

/// How firm an input is (ESRS's data quality): the company's own measured
/// data, a published figure, or an estimate.
public enum DataQuality: String, Sendable, CaseIterable {
    case primary, secondary, estimate
}

/// How firm a figure about a real project is (`confidence:`): stated by
/// the company or a regulator (official), reported by the press, or an
/// estimate (the modeller's or an analyst's derivation or assumption).
public enum SourceConfidence: String, Sendable, CaseIterable {
    case official, press, estimate
}

/// A numeric input of the model: a fixed number or a distribution, with its
/// unit, its sources (none: an assumption of the scenario's author) and the
/// path by which `--set` and the sensitivity analysis name it.
public struct Quantity: Sendable {
    public enum Value: Sendable {
        case fixed(Double)
        case distribution(ProbabilityDistribution)
    }

    public let value: Value
    /// One reference text per source the value rests on (a record, or a
    /// text such as "assumption: ..."), each numbered once in a report's
    /// reference list; empty: an assumption of the scenario's author.
    public let sources: [String]
    /// The sources as one text ("A | B"), for a table cell or a CSV field;
    /// nil when there are none.
    public var source: String? { sources.isEmpty ? nil : sources.joined(separator: " | ") }
    /// `--set` path, e.g. `sites.us-east.pue` or `accelerators.nvidia-h100-sxm.tdp_w`.
    public let path: String
    /// The unit, as the key's suffix names it (`W`, `kg/kWh`, `USD`, or `` for ratios).
    public let unit: String
    public let position: FilePosition
    /// Values outside this interval are impossible (PUE below 1, a share above 1).
    public let bounds: Bounds
    /// `quality:` as given (primary, secondary or estimate); nil: from the
    /// source (`dataQuality`).
    public var quality: DataQuality?
    /// `confidence:` as given (official, press or estimate); nil: not stated.
    public var confidence: SourceConfidence?

    /// The input's data quality: as given, else an estimate where its
    /// confidence is an estimate, there is no source or a source says it
    /// is an assumption or an estimate, else secondary (a published figure
    /// read by the modeller).
    public var dataQuality: DataQuality {
        if let quality { return quality }
        if let confidence { return confidence == .estimate ? .estimate : .secondary }
        return sources.isEmpty || sources.contains(where: Self.saysEstimate) ? .estimate : .secondary
    }

    /// Whether a source text says the value is assumed or derived rather
    /// than read: it begins "assumption", "estimate", "derived" or
    /// "interpolation", or says "(estimate)" early on.
    public static func saysEstimate(_ source: String) -> Bool {
        let head = source.prefix(40).lowercased()
        return head.hasPrefix("assumption") || head.hasPrefix("estimate") || head.contains("(estimate)") || head.hasPrefix("derived") || head.hasPrefix("interpolation")
    }

    public init(_ value: Value, sources: [String], path: String, unit: String, position: FilePosition, bounds: Bounds = .any) {
        self.value = value; self.sources = sources; self.path = path
        self.unit = unit; self.position = position; self.bounds = bounds
    }

    public init(_ value: Value, source: String?, path: String, unit: String, position: FilePosition, bounds: Bounds = .any) {
        self.init(value, sources: source.map { [$0] } ?? [], path: path, unit: unit, position: position, bounds: bounds)
    }

    /// The value for a run on central values: the number, or the
    /// distribution's mean (its mode for triangular and PERT).
    public var central: Double {
        switch value {
        case let .fixed(x): x
        case let .distribution(d): d.central
        }
    }

    public var isUncertain: Bool {
        if case .distribution = value { return true }
        return false
    }

    /// The value at probability `p` of the input's distribution (the number
    /// itself when fixed), kept within bounds.
    public func quantile(_ p: Double) -> Double {
        switch value {
        case let .fixed(x): x
        case let .distribution(d): bounds.clamp(d.unsafeQuantile(Swift.min(Swift.max(p, 0), 1)))
        }
    }

    /// `1.15`, or `triangular(min 1.08, mode 1.15, max 1.3)`.
    public var valueDescription: String {
        switch value {
        case let .fixed(x): formatNumber(x)
        case let .distribution(d): describe(d)
        }
    }

    /// The tail probability beyond which a distribution's draws are treated
    /// as not happening: the loader checks bounds, and the idle/TDP rule
    /// compares ranges, at this tail of unbounded distributions.
    public static let negligibleTail = 1e-6

    /// Where a draw can fall: the number itself when fixed; the support of a
    /// bounded distribution (uniform, beta, triangular, PERT: min to max);
    /// for unbounded ones (normal, lognormal, gamma) the quantiles at
    /// `negligibleTail` and `1 − negligibleTail` (a normal's mean ± 4.75 sd).
    /// Kept within `bounds`, as draws are.
    public var reach: ClosedRange<Double> {
        switch value {
        case let .fixed(x): return x...x
        case let .distribution(d):
            let lo: Double, hi: Double
            switch d {
            case let .uniform(a, b), let .beta(_, _, a, b), let .triangular(a, _, b), let .pert(a, _, b):
                lo = a; hi = b
            case .normal, .lognormal, .gamma:
                lo = d.unsafeQuantile(Quantity.negligibleTail); hi = d.unsafeQuantile(1 - Quantity.negligibleTail)
            }
            return bounds.clamp(lo)...bounds.clamp(hi)
        }
    }

    /// The mean of the input's distribution (the number itself when fixed).
    public var mean: Double {
        switch value {
        case let .fixed(x): x
        case let .distribution(d): d.mean
        }
    }
}

/// The interval of possible values of an input.
public struct Bounds: Sendable {
    public let lower: Double
    public let upper: Double
    /// How to say it: "≥ 1", "between 0 and 1".
    public let rule: String

    public init(lower: Double, upper: Double, rule: String) {
        self.lower = lower; self.upper = upper; self.rule = rule
    }

    public static let any = Bounds(lower: -.infinity, upper: .infinity, rule: "any number")
    public static let nonNegative = Bounds(lower: 0, upper: .infinity, rule: "zero or more")
    public static let positive = Bounds(lower: .leastNonzeroMagnitude, upper: .infinity, rule: "greater than zero")
    public static let fraction = Bounds(lower: 0, upper: 1, rule: "between 0 and 1")
    public static let pue = Bounds(lower: 1, upper: .infinity, rule: "1 or more (PUE is facility energy over IT energy)")

    public func contains(_ x: Double) -> Bool { x >= lower && x <= upper }
    func clamp(_ x: Double) -> Double { Swift.min(Swift.max(x, lower), upper) }
}

/// A value that may change over time: knots at dates (a year `2030` means
/// 2030-01-01), linearly interpolated between them and held beyond the
/// first and last. One knot is a constant.
public struct SeriesInput: Sendable {
    public struct Knot: Sendable {
        public let date: CalendarDate
        public let quantity: Quantity

        public init(date: CalendarDate, quantity: Quantity) { self.date = date; self.quantity = quantity }
    }
    public let knots: [Knot]

    public init(knots: [Knot]) { self.knots = knots }
    public init(constant: Quantity) { self.knots = [Knot(date: .startOf(year: 2000), quantity: constant)] }

    public var isConstant: Bool { knots.count == 1 }
}

/// A number as inputs are echoed (errors, assumption tables): integers
/// without a decimal point, others in Swift's shortest round-trip form.
/// Locale-free and deterministic.
public func formatNumber(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}

func describe(_ d: ProbabilityDistribution) -> String {
    let f = formatNumber
    switch d {
    case let .uniform(a, b): return "uniform(min \(f(a)), max \(f(b)))"
    case let .normal(m, s): return "normal(mean \(f(m)), sd \(f(s)))"
    case let .lognormal(mu, s): return "lognormal(mu \(f(mu)), sigma \(f(s)))"
    case let .beta(al, be, a, b): return "beta(alpha \(f(al)), beta \(f(be)), min \(f(a)), max \(f(b)))"
    case let .gamma(k, th): return "gamma(shape \(f(k)), scale \(f(th)))"
    case let .triangular(a, c, b): return "triangular(min \(f(a)), mode \(f(c)), max \(f(b)))"
    case let .pert(a, c, b): return "PERT(min \(f(a)), mode \(f(c)), max \(f(b)))"
    }
}
