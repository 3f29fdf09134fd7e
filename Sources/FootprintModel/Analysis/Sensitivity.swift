import Foundation
import GSL

/// Variance-based (Sobol) sensitivity indices of a function of independent
/// inputs, by Saltelli sampling on a quasi-random sequence.
///
/// With matrices A and B of N points each (the two halves of a 2k-dimensional
/// Sobol sequence, mapped through each input's inverse CDF) and A_B^(i) = A
/// with column i from B, and V the variance of f over A and B:
///
///     S_i  = (1/N) Σ_j (f(B)_j − f₀) · (f(A_B^(i))_j − f(A)_j) / V   (Saltelli et al. 2010, eq. b, centred)
///     ST_i = (1/2N) Σ_j (f(A)_j − f(A_B^(i))_j)² / V               (Jansen 1999)
///
/// f₀ is the mean of f over A and B. Centring f(B) leaves the estimator's
/// expectation as it is (Σ f₀·(f(A_B^(i)) − f(A)) has expectation zero)
/// but removes a term of variance f₀²·Var(f(A_B^(i)) − f(A)) / N, which
/// swamps the index where an output's mean is much larger than its spread
/// (a total of millions of tonnes that varies by a few per cent).
/// N·(k + 2) evaluations (`evaluate`, then `indices`). Bootstrap intervals
/// resample the N rows with replacement (seeded, so they are reproducible).
public enum SobolIndices {
    public struct Index: Sendable {
        public let firstOrder: Double
        public let total: Double
        public let firstOrderInterval: (Double, Double)
        public let totalInterval: (Double, Double)
    }

    /// Evaluates `f` on `rows` input vectors (row-major, `k` values each),
    /// in parallel; `makeEvaluator` gives each worker its own state.
    public typealias BatchEvaluator = (_ inputs: UnsafeBufferPointer<Double>, _ k: Int) -> Double

    /// One factor of the analysis: `dims` uniforms of the quasi-random
    /// point give `width` input values (`map`). A single input is one
    /// uniform through its inverse CDF; a group of correlated inputs is
    /// one factor whose values are drawn together, and A_B^(i) swaps them
    /// together (grouped indices: Jacoby et al., Saltelli et al. 2008, §1.2.15).
    public struct Factor: Sendable {
        public let dims: Int
        public let width: Int
        public let map: @Sendable (_ uniforms: UnsafeBufferPointer<Double>, _ values: UnsafeMutableBufferPointer<Double>) -> Void

        public init(dims: Int, width: Int, map: @escaping @Sendable (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
            self.dims = dims; self.width = width; self.map = map
        }

        /// One input through its inverse CDF.
        public static func single(_ quantile: @escaping @Sendable (Double) -> Double) -> Factor {
            Factor(dims: 1, width: 1) { u, v in v[0] = quantile(u[0]) }
        }
    }

    /// `f` on base-sample rows `rows` (a part of `0..<n`) of A, B and each
    /// A_B^(i): `(k + 2) × rows.count` outputs, matrix by matrix (A's rows,
    /// then B's, then A_B^(1)'s, …). Over `0..<n` this is `y` of `indices`;
    /// `join` assembles it from the parts. Each output depends only on its
    /// row, so neither `threads` nor the split changes any of them.
    public static func evaluate(
        quantiles: [@Sendable (Double) -> Double], n: Int, rows: Range<Int>, threads: Int = 1,
        makeEvaluator: @Sendable () -> BatchEvaluator, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> [Double] {
        try evaluate(factors: quantiles.map { Factor.single($0) }, n: n, rows: rows, threads: threads, makeEvaluator: makeEvaluator, progress: progress)
    }

    /// `evaluate` with factors (k of them): the evaluator receives every
    /// factor's values, in factor order (Σ widths values).
    public static func evaluate(
        factors: [Factor], n: Int, rows: Range<Int>, threads: Int = 1,
        makeEvaluator: @Sendable () -> BatchEvaluator, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> [Double] {
        try evaluate(factors: factors, n: n, rows: rows, outputs: 1, threads: threads, makeEvaluator: {
            let f = makeEvaluator()
            return { inputs, k, out in out[0] = f(inputs, k) }
        }, progress: progress)
    }

    /// Evaluates several outputs of one function at once (`outputs` of
    /// them per row, written by the evaluator into its third argument).
    public typealias MultiEvaluator = (_ inputs: UnsafeBufferPointer<Double>, _ k: Int, _ out: UnsafeMutableBufferPointer<Double>) -> Void

    /// `evaluate` with `outputs` outputs per row: row r's output j is at
    /// `r × outputs + j`, rows in the order of the single-output form
    /// (`output(_:_:of:)` takes one output's column out).
    public static func evaluate(
        factors: [Factor], n: Int, rows: Range<Int>, outputs: Int, threads: Int = 1, sequence: QuasiRandomSequence.Kind? = nil,
        makeEvaluator: @Sendable () -> MultiEvaluator, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> [Double] {
        let k = factors.count
        let dims = factors.reduce(0) { $0 + $1.dims }, width = factors.reduce(0) { $0 + $1.width }
        precondition(k >= 1 && n >= 2 && rows.lowerBound >= 0 && rows.upperBound <= n)
        // Each factor's first uniform and first value.
        var dimStart: [Int] = [], valueStart: [Int] = []
        var d0 = 0, v0 = 0
        for f in factors { dimStart.append(d0); valueStart.append(v0); d0 += f.dims; v0 += f.width }
        // Inputs: rows of A, then B, then A_B^(i) for each i.
        let kind = sequence ?? QuasiRandomSequence.Kind.preferred(forDimensions: 2 * dims)
        let sequence = try QuasiRandomSequence(kind: kind, dimensions: 2 * dims)
        let m = rows.count, count = m * (k + 2)
        var inputs = [Double](repeating: 0, count: count * width)
        var point = [Double](repeating: 0, count: 2 * dims)
        for j in 0..<rows.upperBound {
            // The sequence is sequential: a part skips the points before its rows.
            try sequence.next(into: &point)
            guard j >= rows.lowerBound else { continue }
            let r = j - rows.lowerBound
            for i in 0..<2 * dims { point[i] = clampUnit(point[i]) }
            point.withUnsafeBufferPointer { p in
                inputs.withUnsafeMutableBufferPointer { x in
                    for (i, f) in factors.enumerated() {
                        f.map(UnsafeBufferPointer(rebasing: p[dimStart[i]..<(dimStart[i] + f.dims)]),
                              UnsafeMutableBufferPointer(rebasing: x[(r * width + valueStart[i])..<(r * width + valueStart[i] + f.width)]))
                        f.map(UnsafeBufferPointer(rebasing: p[(dims + dimStart[i])..<(dims + dimStart[i] + f.dims)]),
                              UnsafeMutableBufferPointer(rebasing: x[((m + r) * width + valueStart[i])..<((m + r) * width + valueStart[i] + f.width)]))
                    }
                }
            }
            for c in 0..<k {
                let base = ((2 + c) * m + r) * width
                for i in 0..<width { inputs[base + i] = inputs[r * width + i] }
                for i in valueStart[c]..<(valueStart[c] + factors[c].width) { inputs[base + i] = inputs[(m + r) * width + i] }
            }
        }
        guard count > 0 else { return [] }
        // Each output depends only on its row: any worker may take any chunk.
        let chunk = 256, chunks = (count + chunk - 1) / chunk
        let input = inputs, output = SharedBuffer(repeating: 0.0, count: count * outputs)
        _ = ParallelBlocks.run(chunks, threads: threads, state: makeEvaluator) { evaluate, c in
            input.withUnsafeBufferPointer { rows in
                for r in (c * chunk)..<min(count, (c + 1) * chunk) {
                    evaluate(UnsafeBufferPointer(rebasing: rows[(r * width)..<(r * width + width)]), width,
                             UnsafeMutableBufferPointer(start: output.base + r * outputs, count: outputs))
                }
            }
            progress?(min(count, (c + 1) * chunk) - c * chunk)
        }
        return output.array
    }

    /// Output `j` of every row from `evaluate`'s multi-output form.
    public static func output(_ j: Int, _ all: [Double], of outputs: Int) -> [Double] {
        stride(from: j, to: all.count, by: outputs).map { all[$0] }
    }

    /// The outputs of every row, `y[matrix × n + j]`, from parts of
    /// `evaluate` whose rows, in order, cover `0..<n`.
    public static func join(_ parts: [(rows: Range<Int>, outputs: [Double])], n: Int, k: Int) -> [Double] {
        var y = [Double](repeating: 0, count: n * (k + 2))
        for (rows, outputs) in parts {
            precondition(outputs.count == rows.count * (k + 2))
            for matrix in 0..<(k + 2) {
                for r in 0..<rows.count { y[matrix * n + rows.lowerBound + r] = outputs[matrix * rows.count + r] }
            }
        }
        return y
    }

    /// The indices and their bootstrap intervals from the outputs `y` of
    /// every row (`evaluate` over `0..<n`).
    public static func indices(outputs: [Double], n: Int, k: Int, bootstrap: Int, seed: UInt64) -> [Index] {
        precondition(outputs.count == n * (k + 2))
        let all = Array(0..<n)
        let point0 = estimate(outputs, n: n, k: k, rows: all)
        var firstSamples = [[Double]](repeating: [], count: k), totalSamples = firstSamples
        if bootstrap > 0 {
            let stream = RandomStream(seed: seed, stream: 0xB007)
            var pick = [Int](repeating: 0, count: n)
            for _ in 0..<bootstrap {
                for j in 0..<n { pick[j] = Int(stream.uniform() * Double(n)) }
                let e = estimate(outputs, n: n, k: k, rows: pick)
                for i in 0..<k { firstSamples[i].append(e[i].0); totalSamples[i].append(e[i].1) }
            }
        }
        return (0..<k).map { i in
            func interval(_ xs: [Double], _ x: Double) -> (Double, Double) {
                guard !xs.isEmpty, let q = try? Statistics.quantiles(xs, [0.025, 0.975]) else { return (x, x) }
                return (q[0], q[1])
            }
            return Index(firstOrder: point0[i].0, total: point0[i].1,
                         firstOrderInterval: interval(firstSamples[i], point0[i].0),
                         totalInterval: interval(totalSamples[i], point0[i].1))
        }
    }

    /// (S_i, ST_i) from the outputs, over the chosen rows of A and B.
    static func estimate(_ y: [Double], n: Int, k: Int, rows: [Int]) -> [(Double, Double)] {
        var mean = 0.0
        for j in rows { mean += y[j] + y[n + j] }
        mean /= Double(2 * rows.count)
        var variance = 0.0
        for j in rows {
            let a = y[j] - mean, b = y[n + j] - mean
            variance += a * a + b * b
        }
        variance /= Double(2 * rows.count - 1)
        guard variance > 0 else { return Array(repeating: (0, 0), count: k) }
        return (0..<k).map { i in
            var first = 0.0, total = 0.0
            let base = (2 + i) * n
            for j in rows {
                let fa = y[j], fb = y[n + j], fab = y[base + j]
                first += (fb - mean) * (fab - fa)
                total += (fa - fab) * (fa - fab)
            }
            let m = Double(rows.count)
            return (first / m / variance, total / (2 * m) / variance)
        }
    }

    private static func clampUnit(_ u: Double) -> Double { min(max(u, 1e-12), 1 - 1e-12) }
}

/// Sensitivity of a scenario's metric to each uncertain input.
public enum ScenarioSensitivity {
    public struct SobolEntry: Sendable {
        public let parameter: String
        public let index: SobolIndices.Index
    }

    public struct TornadoEntry: Sendable {
        public let parameter: String
        public let lowInput: Double, highInput: Double
        /// The metric with the input at its P10 and at its P90, others central.
        public let atLow: Double, atHigh: Double
        public var swing: Double { abs(atHigh - atLow) }
    }

    public enum Failure: Error, CustomStringConvertible {
        case noUncertainInputs
        case yearOutsideHorizon(Int)
        case noDemand(String)
        case unknownService(String, known: [String])

        public var description: String {
            switch self {
            case .noUncertainInputs: "the scenario has no uncertain inputs (no value is a distribution): nothing to analyse"
            case let .yearOutsideHorizon(y): "\(y) is outside the scenario's horizon"
            case let .noDemand(key): "\(key) needs a demand block in the scenario (revenue, users or services); it has none"
            case let .unknownService(name, known):
                "the scenario has no service '\(name)'" + (known.isEmpty ? "" : ": use one of \(known.joined(separator: ", "))")
            }
        }
    }

    static func check(_ plan: EvaluationPlan, _ metric: MetricSelector) throws -> [Int] {
        if let y = metric.year, metric.yearIsOutside(plan) { throw Failure.yearOutsideHorizon(y) }
        try metric.check(plan)
        let uncertain = plan.parameters.indices.filter { plan.parameters[$0].isUncertain }
        if uncertain.isEmpty { throw Failure.noUncertainInputs }
        return uncertain
    }

    /// One-at-a-time swings from P10 to P90, sorted by swing, largest first.
    /// A group of correlated inputs moves together (`tornadoFactors`).
    public static func tornado(_ plan: EvaluationPlan, metric: MetricSelector) throws -> [TornadoEntry] {
        _ = try check(plan, metric)
        let factors = tornadoFactors(plan)
        return sortedBySwing(try tornadoEntries(plan, metric: metric, factors: factors[...]))
    }

    /// What the tornado moves: each uncertain input in no correlation alone,
    /// then each group of correlated inputs together — every member to its
    /// own P10 and P90, or to its P90 and P10 where it moves against the
    /// group's first inputs (a negative loading in the copula's factor).
    /// Named as `factorNames`.
    static func tornadoFactors(_ plan: EvaluationPlan) -> [(name: String, members: [(slot: Int, rising: Bool)])] {
        let copula = plan.copula, names = factorNames(plan)
        var out: [(name: String, members: [(slot: Int, rising: Bool)])] = []
        for s in plan.parameters.indices where plan.parameters[s].isUncertain && !copula.correlated[s] {
            out.append((names[out.count], [(s, true)]))
        }
        for component in copula.components {
            let n = component.clusters.count
            let members = component.clusters.enumerated().flatMap { a, cluster in
                cluster.map { (slot: $0.slot, rising: component.cholesky[a * n] >= 0) }
            }
            out.append((names[out.count], members))
        }
        return out
    }

    /// The swings of `factors`, in their order. Each entry depends only on
    /// its factor: every other input is at its central value. A factor
    /// whose P10 or P90 leaves an off-grid site's load unserved throws
    /// `ShortfallError`. A group's entry gives its first member's inputs.
    static func tornadoEntries(_ plan: EvaluationPlan, metric: MetricSelector,
                               factors: ArraySlice<(name: String, members: [(slot: Int, rising: Bool)])>) throws -> [TornadoEntry] {
        let engine = Engine(plan: plan)
        var values = plan.centralValues
        var entries: [TornadoEntry] = []
        for factor in factors {
            func set(_ p: Double) {
                for m in factor.members { values[m.slot] = plan.parameters[m.slot].quantile(m.rising ? p : 1 - p) }
            }
            set(0.1)
            let lo = values[factor.members[0].slot]
            let atLow = metric.value(engine.evaluate(values), plan: plan)
            if let short = engine.shortfall { throw ShortfallError(short, in: plan, at: "with \(factor.name) at its P10") }
            set(0.9)
            let hi = values[factor.members[0].slot]
            let atHigh = metric.value(engine.evaluate(values), plan: plan)
            if let short = engine.shortfall { throw ShortfallError(short, in: plan, at: "with \(factor.name) at its P90") }
            for m in factor.members { values[m.slot] = plan.parameters[m.slot].central }
            entries.append(TornadoEntry(parameter: factor.name, lowInput: lo, highInput: hi, atLow: atLow, atHigh: atHigh))
        }
        return entries
    }

    /// Largest swing first; equal swings keep the inputs' order.
    static func sortedBySwing(_ entries: [TornadoEntry]) -> [TornadoEntry] {
        entries.enumerated().sorted { ($0.element.swing, -$0.offset) > ($1.element.swing, -$1.offset) }.map(\.element)
    }

    /// Sobol indices of every uncertain input (others at their central values
    /// are not inputs: they do not vary).
    public static func sobol(_ plan: EvaluationPlan, metric: MetricSelector, n: Int, seed: UInt64, threads: Int,
                             bootstrap: Int = 200, progress: (@Sendable (Int) -> Void)? = nil) throws -> [SobolEntry] {
        let outputs = try sobolOutputs(plan, metric: metric, n: n, rows: 0..<n, threads: threads, progress: progress)
        return try sobol(plan, metric: metric, n: n, outputs: outputs, seed: seed, bootstrap: bootstrap)
    }

    /// The metric on base-sample rows `rows` of Sobol's matrices
    /// (`SobolIndices.evaluate`).
    static func sobolOutputs(_ plan: EvaluationPlan, metric: MetricSelector, n: Int, rows: Range<Int>, threads: Int,
                             progress: (@Sendable (Int) -> Void)?) throws -> [Double] {
        _ = try check(plan, metric)
        let (factors, uncertain) = sobolFactors(plan)
        // The first evaluation (in any thread) that left an off-grid site's
        // load unserved: the indices would count it as served.
        let shortfall = Locked<Shortfall?>(nil)
        let outputs = try SobolIndices.evaluate(
            factors: factors, n: n, rows: rows, threads: threads,
            makeEvaluator: {
                let engine = Engine(plan: plan)
                var values = plan.centralValues
                return { inputs, k in
                    for i in 0..<k { values[uncertain[i]] = inputs[i] }
                    values.withUnsafeBufferPointer { engine.evaluate($0) }
                    if let s = engine.shortfall { shortfall.withLock { $0 = $0 ?? s } }
                    return metric.value(engine.result, plan: plan)
                }
            }, progress: progress)
        if let s = shortfall.withLock({ $0 }) { throw ShortfallError(s, in: plan, at: "in a row of Sobol's sample") }
        return outputs
    }

    /// The indices from the metric on every row (`sobolOutputs` over `0..<n`).
    static func sobol(_ plan: EvaluationPlan, metric: MetricSelector, n: Int, outputs: [Double], seed: UInt64,
                      bootstrap: Int) throws -> [SobolEntry] {
        _ = try check(plan, metric)
        let names = factorNames(plan)
        let indices = SobolIndices.indices(outputs: outputs, n: n, k: names.count, bootstrap: bootstrap, seed: seed)
        return zip(names, indices).map { SobolEntry(parameter: $0.0, index: $0.1) }
    }

    /// The analysis's factors, in order: each uncertain input in no
    /// correlation, alone (slot order), then each group of correlated
    /// inputs as one factor; and the slots their values go to, in order.
    static func sobolFactors(_ plan: EvaluationPlan) -> (factors: [SobolIndices.Factor], slots: [Int]) {
        let copula = plan.copula
        var factors: [SobolIndices.Factor] = [], slots: [Int] = []
        for s in plan.parameters.indices where plan.parameters[s].isUncertain && !copula.correlated[s] {
            let q = plan.parameters[s]
            factors.append(.single { q.quantile($0) })
            slots.append(s)
        }
        for component in copula.components {
            let members = component.clusters.flatMap { $0 }
            let n = component.clusters.count, sizes = component.clusters.map(\.count), l = component.cholesky
            factors.append(SobolIndices.Factor(dims: n, width: members.count) { u, values in
                // Independent normals from the uniforms, correlated by L, back to uniforms.
                var z = [Double](repeating: 0, count: n)
                for a in 0..<n {
                    var sum = 0.0
                    for b in 0...a { sum += l[a * n + b] * standardNormalQuantile(u[b]) }
                    z[a] = min(max(standardNormalCDF(sum), 1e-12), 1 - 1e-12)
                }
                var i = 0
                for a in 0..<n {
                    for _ in 0..<sizes[a] {
                        let m = members[i]
                        values[i] = min(max(m.distribution.unsafeQuantile(z[a]), m.lower), m.upper)
                        i += 1
                    }
                }
            })
            slots += members.map(\.slot)
        }
        return (factors, slots)
    }

    /// Each factor's name: an input's path, or a group's members joined by " + ".
    public static func factorNames(_ plan: EvaluationPlan) -> [String] {
        let copula = plan.copula
        return plan.parameters.indices.filter { plan.parameters[$0].isUncertain && !copula.correlated[$0] }.map { plan.parameters[$0].path }
            + copula.components.map { $0.slots.map { plan.parameters[$0].path }.joined(separator: " + ") }
    }
}
