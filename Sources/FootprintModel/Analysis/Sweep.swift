import Foundation
import GSL

/// One varied input of a sweep: a `--set` path and the values it takes.
///
/// `values` are the override texts exactly as they are applied
/// (`PATH=VALUE`), so a variant is reproduced by `footprint run --set` with
/// the values printed in its row. A range also keeps its bounds, which a
/// Latin hypercube samples.
public struct SweepAxis: Sendable, Equatable {
    /// The varied input's path, or several tied paths joined by commas
    /// (`fleets.a.utilization,fleets.b.utilization`: both take each value).
    public let path: String

    /// The inputs this axis sets: one, or the tied ones.
    public var paths: [String] { path.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    public let values: [String]
    /// `lo...hi` for an axis given as a range; nil for a list.
    public let range: ClosedRange<Double>?

    /// A list of values, each applied as written.
    public init(path: String, values: [String]) {
        self.path = path; self.values = values; range = nil
    }

    /// `count` evenly spaced values from `range.lowerBound` to
    /// `range.upperBound`, both included (`count` ≥ 2; for a one-point
    /// range `lo == hi` every value is the same). Each is rounded to 12
    /// significant digits, so `0:1:11` gives 0.1, 0.2, … rather than
    /// 0.30000000000000004, and the value applied is the one printed.
    public init(path: String, range: ClosedRange<Double>, count: Int) {
        precondition(count >= 2, "a range has at least two points")
        self.path = path
        self.range = range
        let (lo, hi) = (range.lowerBound, range.upperBound)
        values = (0..<count).map { i in
            i == count - 1 ? Sweep.text(hi) : Sweep.text(lo + (hi - lo) * Double(i) / Double(count - 1), significant: 12)
        }
    }

    /// A range without grid points, for a Latin hypercube.
    public init(path: String, range: ClosedRange<Double>) {
        self.path = path; self.range = range; values = []
    }
}

/// One point of a sweep: the value of each axis, in axis order.
public struct SweepVariant: Sendable, Equatable {
    /// 1-based, in the order variants are run and printed.
    public let number: Int
    public let values: [String]

    /// The overrides that make this variant: `PATH=VALUE` per axis.
    public func overrides(_ axes: [SweepAxis]) -> [String] {
        zip(axes, values).flatMap { axis, value in axis.paths.map { "\($0)=\(value)" } }
    }
}

/// A sweep's statistics: `stats[variant][metric]`, in the order of
/// `variants` and `metrics`.
public struct SweepResult: Sendable {
    public let axes: [SweepAxis]
    public let variants: [SweepVariant]
    public let metrics: [MetricSelector]
    public let stats: [[Statistic]]
    /// Per variant and metric, whether the metric has an input behind it
    /// (`EvaluationPlan.estimate`); a statistic that is not is no figure.
    public let estimated: [[Bool]]
    /// Draws and seed of each variant (the same for all unless an axis
    /// varies `scenario.samples` or `scenario.seed`).
    public let samples: [Int]
    public let seeds: [UInt64]
    /// The scenario's name (of the first variant).
    public let scenario: String
    /// Whether any variant had distributions and more than one draw.
    public let hasRanges: Bool
}

/// Why a sweep cannot run as asked (the model's own errors come from
/// loading).
public struct SweepError: Error, CustomStringConvertible {
    public let description: String
    init(_ message: String) { description = message }
}

/// Sweeps: the same Monte Carlo over a grid or a Latin hypercube of input
/// values.
///
/// Every variant is a full run with the same seed and number of draws, so
/// the draws of variant A and variant B use the same random numbers
/// (common random numbers): a difference between them is the effect of
/// the varied inputs, not sampling noise. A variant's statistics are those
/// of `MonteCarlo.run` on its plan, so they equal `footprint run --set` with
/// the same values, seed and samples exactly.
public enum Sweep {
    /// Every combination of the axes' values; the last axis varies fastest.
    public static func grid(_ axes: [SweepAxis]) -> [SweepVariant] {
        var combos: [[String]] = [[]]
        for axis in axes { combos = combos.flatMap { c in axis.values.map { c + [$0] } } }
        return combos.enumerated().map { SweepVariant(number: $0.offset + 1, values: $0.element) }
    }

    /// `points` Latin-hypercube points over the axes' ranges: each range is
    /// cut into `points` equal strata, each stratum holds one point of each
    /// axis at a uniform position within it, and the strata are paired at
    /// random across axes (McKay, Beckman & Conover 1979). Random numbers
    /// come from stream `lhsStream` of `seed`, so the same seed gives the
    /// same points. Values are rounded to 8 significant digits (and the
    /// rounded value is the one applied).
    public static func latinHypercube(_ axes: [SweepAxis], points: Int, seed: UInt64) -> [SweepVariant] {
        precondition(points >= 1 && axes.allSatisfy { $0.range != nil }, "a Latin hypercube needs ranges")
        let stream = RandomStream(seed: seed, stream: lhsStream)
        let columns = axes.map { axis -> [String] in
            let r = axis.range!
            var strata = Array(0..<points)
            // Fisher–Yates with GSL's generator (not Swift's, whose
            // shuffle is not reproducible across versions).
            for i in stride(from: points - 1, to: 0, by: -1) {
                let j = Int(stream.uniform() * Double(i + 1))
                strata.swapAt(i, j)
            }
            return strata.map { k in
                let u = (Double(k) + stream.uniform()) / Double(points)
                return text(r.lowerBound + (r.upperBound - r.lowerBound) * u, significant: 8)
            }
        }
        return (0..<points).map { p in SweepVariant(number: p + 1, values: columns.map { $0[p] }) }
    }

    /// The stream of the seed that Latin-hypercube points use; Monte Carlo
    /// blocks use streams 0, 1, 2, … so this one is far from them.
    public static let lhsStream: UInt64 = 0x5357_4545_5000_0000

    /// Runs every variant: `compile` turns a variant's overrides into its
    /// plan (loading lives outside this module); samples and seed default
    /// to each variant's scenario, as `footprint run` does. `progress`
    /// receives draws done, as in `MonteCarlo.run`.
    ///
    /// Every variant is compiled before any is run, so a bad value fails
    /// at once rather than after hours of draws; `compile`'s errors are
    /// rethrown as they are, a metric's year outside a variant's horizon
    /// is a `SweepError`.
    public static func run(
        _ axes: [SweepAxis], _ variants: [SweepVariant], metrics: [MetricSelector],
        samples: Int?, seed: UInt64?, threads: Int,
        compile: ([String]) throws -> EvaluationPlan,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> SweepResult {
        try check(axes, variants, metrics: metrics, compile: compile)
        return try collect(axes, variants, metrics: metrics, compile: compile) { i, plan in
            let summary = MonteCarlo.run(plan, samples: samples ?? plan.scenario.samples, seed: seed ?? plan.scenario.seed,
                                         threads: threads, outputs: .totals, progress: progress)
            if let s = summary.shortfall {
                throw SweepError("variant \(i + 1) (\(variants[i].overrides(axes).joined(separator: ", "))): " + s.describe(in: plan))
            }
            return summary
        }
    }

    /// `shard`'s part of `run`: every variant's `MonteCarlo.runPart`, in
    /// variant order, after the same checks.
    public static func runParts(
        _ axes: [SweepAxis], _ variants: [SweepVariant], metrics: [MetricSelector],
        samples: Int?, seed: UInt64?, shard: Shard, threads: Int,
        compile: ([String]) throws -> EvaluationPlan,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> [MonteCarloPart] {
        try check(axes, variants, metrics: metrics, compile: compile)
        var parts: [MonteCarloPart] = []
        for (i, v) in variants.enumerated() {
            let plan = try compile(v.overrides(axes))
            for m in metrics { try m.check(plan) }
            do {
                parts.append(try MonteCarlo.runPart(plan, samples: samples ?? plan.scenario.samples, seed: seed ?? plan.scenario.seed,
                                                    shard: shard, threads: threads, outputs: .totals, progress: progress))
            } catch {
                throw SweepError("variant \(i + 1) (\(v.overrides(axes).joined(separator: ", "))): " + error.description)
            }
        }
        return parts
    }

    /// `run` from the parts of every shard: `parts[variant]` holds that
    /// variant's part from each shard (`runParts`), in any order.
    public static func merge(
        _ axes: [SweepAxis], _ variants: [SweepVariant], metrics: [MetricSelector],
        parts: [[MonteCarloPart]], compile: ([String]) throws -> EvaluationPlan
    ) throws -> SweepResult {
        guard parts.count == variants.count else {
            throw SweepError("the parts hold \(parts.count) variants but the sweep has \(variants.count)")
        }
        try check(axes, variants, metrics: metrics, compile: compile)
        return try collect(axes, variants, metrics: metrics, compile: compile) { v, plan in
            try MonteCarlo.merge(plan, parts: parts[v])
        }
    }

    /// Compiles every variant and checks the metrics' years against it.
    static func check(_ axes: [SweepAxis], _ variants: [SweepVariant], metrics: [MetricSelector],
                      compile: ([String]) throws -> EvaluationPlan) throws {
        for v in variants {
            let plan = try compile(v.overrides(axes))
            for m in metrics where m.yearIsOutside(plan) {
                let years = plan.grid.periods.map(\.year)
                throw SweepError("\(m) asks for a year outside the horizon of variant \(v.number) "
                    + "(\(v.overrides(axes).joined(separator: " "))): its years are \(years.first ?? 0) to \(years.last ?? 0)")
            }
        }
    }

    /// The result from each variant's summary (`summary(variant index, plan)`),
    /// variant by variant; a plan lives only while its variant is summarised.
    static func collect(_ axes: [SweepAxis], _ variants: [SweepVariant], metrics: [MetricSelector],
                        compile: ([String]) throws -> EvaluationPlan,
                        summary: (Int, EvaluationPlan) throws -> RunSummary) throws -> SweepResult {
        var stats: [[Statistic]] = [], estimated: [[Bool]] = [], sampleCounts: [Int] = [], seeds: [UInt64] = []
        var scenario = "", hasRanges = false
        for (i, v) in variants.enumerated() {
            let plan = try compile(v.overrides(axes))
            let summary = try summary(i, plan)
            if scenario.isEmpty { scenario = plan.scenario.name }
            hasRanges = hasRanges || summary.hasRanges
            for m in metrics { try m.check(plan) }
            // A value undefined in some draw (a ratio with no prompts) is NaN.
            stats.append(metrics.map { m in m.stat(in: summary) ?? Statistic(exactly: .nan) })
            estimated.append(metrics.map { $0.isEstimated(plan) })
            sampleCounts.append(summary.samples); seeds.append(summary.seed)
        }
        return SweepResult(axes: axes, variants: variants, metrics: metrics, stats: stats, estimated: estimated, samples: sampleCounts,
                           seeds: seeds, scenario: scenario, hasRanges: hasRanges)
    }

    /// The metrics a sweep reports when none are asked for: every metric
    /// over the whole horizon.
    public static var defaultMetrics: [MetricSelector] { Metric.allCases.map { MetricSelector($0.key)! } }

    /// `x` as the shortest text that reads back as the same double (after
    /// rounding to `significant` digits when given).
    static func text(_ x: Double, significant: Int? = nil) -> String {
        var v = x
        if let significant, x != 0, x.isFinite, let r = Double(String(format: "%.\(significant)g", x)) { v = r }
        if v == 0 { v = 0 }  // no "-0.0"
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
