/// One shard's share of a sensitivity analysis (`sensitivity --shard I/N`).
///
/// Sobol splits the base-sample rows j of `0..<n`: a part holds the metric
/// on its rows of A, B and every A_B^(i), `(k + 2) × items.count` values
/// matrix by matrix (`SobolIndices.evaluate`). Tornado splits the
/// uncertain inputs: a part holds, per input of `items`, its P10 and P90
/// and the metric at each. Every value depends only on its row or input,
/// so the joined parts are the unsharded values bit for bit, and the
/// indices, intervals and order computed from them are the same.
public struct SensitivityPart: Sendable, Equatable {
    public enum Method: Int, Sendable {
        case sobol = 0, tornado = 1
    }

    public let method: Method
    public let shard: Shard
    /// How many items the analysis splits: Sobol's n, or the uncertain inputs.
    public let total: Int
    /// This part's items: `shard.range(of: total)`.
    public let items: Range<Int>
    public let values: [Double]

    public init(method: Method, shard: Shard, total: Int, items: Range<Int>, values: [Double]) {
        self.method = method; self.shard = shard; self.total = total; self.items = items; self.values = values
    }

    /// Values per item of a tornado part: low input, high input, metric at each.
    static let tornadoWidth = 4
}

extension ScenarioSensitivity {
    /// `shard`'s part of `sobol(plan, metric:n:…)`.
    public static func sobolPart(_ plan: EvaluationPlan, metric: MetricSelector, n: Int, shard: Shard, threads: Int,
                                 progress: (@Sendable (Int) -> Void)? = nil) throws -> SensitivityPart {
        let rows = shard.range(of: n)
        let outputs = try sobolOutputs(plan, metric: metric, n: n, rows: rows, threads: threads, progress: progress)
        return SensitivityPart(method: .sobol, shard: shard, total: n, items: rows, values: outputs)
    }

    /// `shard`'s part of `tornado(plan, metric:)`.
    public static func tornadoPart(_ plan: EvaluationPlan, metric: MetricSelector, shard: Shard) throws -> SensitivityPart {
        _ = try check(plan, metric)
        let factors = tornadoFactors(plan)
        let items = shard.range(of: factors.count)
        let entries = try tornadoEntries(plan, metric: metric, factors: factors[items])
        return SensitivityPart(method: .tornado, shard: shard, total: factors.count, items: items,
                               values: entries.flatMap { [$0.lowInput, $0.highInput, $0.atLow, $0.atHigh] })
    }

    /// `sobol(plan, metric:n:seed:threads:bootstrap:)` from every shard's
    /// part, in any order.
    public static func mergeSobol(_ plan: EvaluationPlan, metric: MetricSelector, n: Int, seed: UInt64, bootstrap: Int,
                                  parts: [SensitivityPart]) throws -> [SobolEntry] {
        _ = try check(plan, metric)
        let k = factorNames(plan).count
        let parts = try ordered(parts, method: .sobol, total: n, width: k + 2)
        let outputs = SobolIndices.join(parts.map { ($0.items, $0.values) }, n: n, k: k)
        return try sobol(plan, metric: metric, n: n, outputs: outputs, seed: seed, bootstrap: bootstrap)
    }

    /// `tornado(plan, metric:)` from every shard's part, in any order.
    public static func mergeTornado(_ plan: EvaluationPlan, metric: MetricSelector,
                                    parts: [SensitivityPart]) throws -> [TornadoEntry] {
        _ = try check(plan, metric)
        let names = factorNames(plan)
        let parts = try ordered(parts, method: .tornado, total: names.count, width: SensitivityPart.tornadoWidth)
        var entries: [TornadoEntry] = []
        for p in parts {
            for (r, i) in p.items.enumerated() {
                let v = p.values[(r * SensitivityPart.tornadoWidth)...]
                let at = v.startIndex
                entries.append(TornadoEntry(parameter: names[i], lowInput: v[at], highInput: v[at + 1],
                                            atLow: v[at + 2], atHigh: v[at + 3]))
            }
        }
        return sortedBySwing(entries)
    }

    /// The parts in shard order, after checking that they are every shard
    /// of one analysis of `total` items with `width` values per item.
    static func ordered(_ parts: [SensitivityPart], method: SensitivityPart.Method, total: Int,
                        width: Int) throws(MonteCarlo.MergeFailure) -> [SensitivityPart] {
        guard let first = parts.first else { throw .mismatch("no parts to merge") }
        let parts = parts.sorted { $0.shard.index < $1.shard.index }
        let count = first.shard.count
        if let problem = Shard.incompleteness(parts.map(\.shard.index), count: count) { throw .mismatch(problem) }
        for p in parts {
            guard p.method == method, p.shard.count == count, p.total == total else {
                throw .mismatch("part \(p.shard) is not a \(method) part of \(total) items in \(count) parts")
            }
            guard p.items == p.shard.range(of: total), p.values.count == p.items.count * width else {
                throw .mismatch("part \(p.shard) does not hold the values of its share of the \(total) items")
            }
        }
        return parts
    }
}
