import GSL

/// Finds the value of one input that brings a metric to a target, other
/// inputs at central values, with GSL's Brent solver.
public enum GoalSeek {
    public struct Solution: Sendable {
        public let parameter: String
        public let value: Double
        public let metric: MetricSelector
        public let target: Double
        public let achieved: Double
    }

    public enum Failure: Error, CustomStringConvertible {
        case unknownParameter(String, suggestion: String?)
        case yearOutsideHorizon(Int)
        case badBracket(Double, Double, String)
        /// The metric does not reach the target anywhere in the bracket.
        /// `lowerIsLimit`, `upperIsLimit`: whether that end is the input's own
        /// limit (PUE 1, a share's 0 or 1) rather than the end of the range searched.
        case notReachable(parameter: String, lower: Double, upper: Double, atLower: Double, atUpper: Double, target: Double,
                          lowerIsLimit: Bool, upperIsLimit: Bool)

        public var description: String {
            switch self {
            case let .unknownParameter(p, s):
                return "no input '\(p)' in this scenario" + (s.map { " — did you mean '\($0)'?" } ?? "")
                    + ". An input the file leaves at its default is sought when --between LO:HI gives its range (or --set \(p)=VALUE makes it one); `footprint run --list-inputs` lists the inputs"
            case let .yearOutsideHorizon(y): return "\(y) is outside the scenario's horizon"
            case let .badBracket(lo, hi, rule):
                return "the bracket \(formatNumber(lo)):\(formatNumber(hi)) is not inside the input's allowed values (\(rule)) or has lower ≥ upper"
            case let .notReachable(p, lo, hi, flo, fhi, target, _, _):
                return "the target \(formatNumber(target)) cannot be reached with \(p) in [\(formatNumber(lo)), \(formatNumber(hi))]: "
                    + "the metric goes from \(formatNumber(flo)) to \(formatNumber(fhi)) there. Widen the bracket or choose another input."
            }
        }
    }

    /// The default bracket: the input's allowed interval where it is finite
    /// (a share: [0, 1]), else a decade either side of its central value.
    public static func defaultBracket(_ q: Quantity) -> (Double, Double) {
        let b = q.bounds, c = q.central
        if b.lower.isFinite && b.upper.isFinite { return (b.lower, b.upper) }
        if c > 0 { return (max(b.lower, c / 10), min(b.upper, c * 10)) }
        return (max(b.lower, c - 1), min(b.upper, c + 1))
    }

    /// Which statistic of the Monte Carlo a goal seek solves for.
    public enum Statistic: String, Sendable, CaseIterable {
        case mean, p5, p50, p95

        public func of(_ st: FootprintModel.Statistic) -> Double {
            switch self {
            case .mean: st.mean
            case .p5: st.p5
            case .p50: st.p50
            case .p95: st.p95
            }
        }

        /// "P95", "mean".
        public var label: String { self == .mean ? "mean" : rawValue.uppercased() }
    }

    /// The value of `path` that brings `metric` to `target`: on central
    /// values (`statistic` nil), or on a statistic of the Monte Carlo of
    /// `samples` draws from `seed` with the input held at each trial value
    /// in every draw (common random numbers: the statistic is a
    /// deterministic function of the input), by Brent's method.
    public static func solve(_ plan: EvaluationPlan, parameter path: String, metric: MetricSelector, target: Double,
                             between: (Double, Double)? = nil, statistic: Statistic? = nil, samples: Int = 1, seed: UInt64 = 1,
                             threads: Int = 1) throws -> Solution {
        guard let slot = plan.slot(of: path) else {
            throw Failure.unknownParameter(path, suggestion: didYouMean(path, plan.parameters.map(\.path)))
        }
        if let y = metric.year, metric.yearIsOutside(plan) { throw Failure.yearOutsideHorizon(y) }
        try metric.check(plan)
        let q = plan.parameters[slot]
        let (lo, hi) = between ?? defaultBracket(q)
        guard lo < hi, q.bounds.contains(lo), q.bounds.contains(hi) else { throw Failure.badBracket(lo, hi, q.bounds.rule) }
        let engine = Engine(plan: plan)
        var values = plan.centralValues
        let drawn = statistic != nil && samples > 1 && plan.parameters.contains(where: \.isUncertain)
        var shortfall: Shortfall?
        func value(_ x: Double) -> Double {
            if drawn, let statistic {
                let summary = MonteCarlo.run(plan, samples: samples, seed: seed, threads: threads, outputs: .totals, pinned: [(slot, x)])
                shortfall = summary.shortfall
                return metric.stat(in: summary).map { statistic.of($0) } ?? .nan
            }
            values[slot] = x
            let v = metric.value(engine.evaluate(values), plan: plan)
            shortfall = engine.shortfall
            return v
        }
        func f(_ x: Double) -> Double { value(x) - target }
        let scale = max(abs(target), 1)
        func unreachable(_ atLower: Double, _ atUpper: Double) -> Failure {
            .notReachable(parameter: path, lower: lo, upper: hi, atLower: atLower, atUpper: atUpper, target: target,
                          lowerIsLimit: lo == q.bounds.lower, upperIsLimit: hi == q.bounds.upper)
        }
        do {
            let x = try RootFinding.brent(in: lo, hi, absoluteTolerance: 1e-12 * max(abs(hi), abs(lo), 1), relativeTolerance: 1e-10) { f($0) }
            let achieved = value(x)
            // The answer must not leave an off-grid site's load unserved.
            if let s = shortfall { throw ShortfallError(s, in: plan, at: "with \(path) = \(x)") }
            // Brent brackets a sign change; a discontinuity would pass as a root.
            guard abs(achieved - target) <= 1e-6 * scale else { throw unreachable(value(lo), value(hi)) }
            return Solution(parameter: path, value: x, metric: metric, target: target, achieved: achieved)
        } catch let e as RootNotBracketed {
            // An end of the bracket that leaves load unserved caps the metric
            // there: say so rather than report the capped figure as reachable.
            for x in [hi, lo] {
                _ = value(x)
                if let s = shortfall { throw ShortfallError(s, in: plan, at: "with \(path) = \(x)") }
            }
            throw unreachable(e.valueAtLower + target, e.valueAtUpper + target)
        }
    }
}
