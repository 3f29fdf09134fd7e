import GSL
/// How much of a figure's variance rests on estimates, on published figures
/// and on the company's own data: Sobol indices of the inputs grouped by
/// their data quality (`Quantity.dataQuality`).
///
/// Each group is one factor of the analysis (grouped indices: Saltelli et
/// al. 2008, §1.2.15): its first-order index is the share of the variance
/// the group explains alone, its total index the share it has a part in,
/// interactions with the other groups included. The groups partition the
/// uncertain inputs, so the first-order indices sum to at most 1 and the
/// total indices to at least 1. A group of correlated inputs belongs to its
/// weakest member's group (estimate before secondary before primary), as
/// its members are drawn together. With k ≤ 3 groups the analysis costs
/// N·(k + 2) evaluations for every figure at once.
public enum QualityShares {
    /// One figure's shares: for each quality with uncertain inputs, its
    /// indices; empty when the figure does not vary.
    public struct Shares: Sendable {
        public let metric: MetricSelector
        public let byQuality: [(quality: DataQuality, index: SobolIndices.Index)]
        /// The analysis's base rows (N) and evaluations (N·(groups + 2)).
        public let rows: Int, evaluations: Int

        public func index(_ q: DataQuality) -> SobolIndices.Index? { byQuality.first { $0.quality == q }?.index }
    }

    /// Base rows of the analysis for a run of `samples` draws: twice the
    /// draws, from 1,024 to 4,096, so that the analysis costs a few times
    /// the Monte Carlo the scenario asked for (an hourly scenario that keeps
    /// its draws few keeps this cheap too). N·(k + 2) evaluations, at most
    /// 20,480 for three groups. On a reverse Halton sequence (GSL's
    /// `reversehalton`, better spread than Halton in the many dimensions of a
    /// scenario's inputs) the default scenario's shares at 4,096 rows lie
    /// within 4 points of those at 65,536; Halton's lay up to 10 points off.
    public static func baseRows(forSamples samples: Int) -> Int { min(4096, max(1024, 2 * samples)) }

    /// The shares of each of `metrics` (whole-horizon or by year), from one
    /// Sobol sample of the quality groups. Throws `Failure.noUncertainInputs`
    /// when nothing is uncertain, and `ShortfallError` when a row leaves an
    /// off-grid site's load unserved.
    public static func compute(_ plan: EvaluationPlan, metrics: [MetricSelector], n: Int, threads: Int,
                               progress: (@Sendable (Int) -> Void)? = nil) throws -> [Shares] {
        for m in metrics { _ = try ScenarioSensitivity.check(plan, m) }
        let (factors, slots) = ScenarioSensitivity.sobolFactors(plan)
        let qualities = ScenarioSensitivity.factorQualities(plan)
        // One factor per quality present: its members' factors side by side.
        var groups: [(quality: DataQuality, members: [Int])] = []
        for q in [DataQuality.estimate, .secondary, .primary] {
            let members = qualities.indices.filter { qualities[$0] == q }
            if !members.isEmpty { groups.append((q, members)) }
        }
        var valueStart: [Int] = [], v = 0
        for f in factors { valueStart.append(v); v += f.width }
        var grouped: [SobolIndices.Factor] = [], groupedSlots: [Int] = []
        for g in groups {
            let parts = g.members.map { factors[$0] }
            let dims = parts.reduce(0) { $0 + $1.dims }, width = parts.reduce(0) { $0 + $1.width }
            grouped.append(SobolIndices.Factor(dims: dims, width: width) { u, values in
                var d = 0, w = 0
                for f in parts {
                    f.map(UnsafeBufferPointer(rebasing: u[d..<(d + f.dims)]), UnsafeMutableBufferPointer(rebasing: values[w..<(w + f.width)]))
                    d += f.dims; w += f.width
                }
            })
            for i in g.members { groupedSlots += slots[valueStart[i]..<(valueStart[i] + factors[i].width)] }
        }
        let shortfall = Locked<Shortfall?>(nil)
        let count = metrics.count, order = groupedSlots
        let outputs = try SobolIndices.evaluate(
            factors: grouped, n: n, rows: 0..<n, outputs: count, threads: threads, sequence: .reverseHalton,
            makeEvaluator: {
                let engine = Engine(plan: plan)
                var values = plan.centralValues
                return { inputs, width, out in
                    for i in 0..<width { values[order[i]] = inputs[i] }
                    values.withUnsafeBufferPointer { engine.evaluate($0) }
                    if let s = engine.shortfall { shortfall.withLock { $0 = $0 ?? s } }
                    for j in 0..<count { out[j] = metrics[j].value(engine.result, plan: plan) }
                }
            }, progress: progress)
        if let s = shortfall.withLock({ $0 }) { throw ShortfallError(s, in: plan, at: "in a row of the data-quality analysis") }
        return metrics.indices.map { j in
            let y = SobolIndices.output(j, outputs, of: count)
            let evaluations = n * (groups.count + 2)
            guard varies(y) else { return Shares(metric: metrics[j], byQuality: [], rows: n, evaluations: evaluations) }
            let indices = SobolIndices.indices(outputs: y, n: n, k: groups.count, bootstrap: 0, seed: 0)
            return Shares(metric: metrics[j], byQuality: zip(groups, indices).map { ($0.0.quality, $0.1) }, rows: n, evaluations: evaluations)
        }
    }

    /// Whether the figure moves at all over the sample (A and B rows);
    /// a spread below one part in 10¹² of its size is rounding.
    static func varies(_ y: [Double]) -> Bool {
        guard let lo = y.min(), let hi = y.max() else { return false }
        return hi - lo > 1e-12 * max(abs(hi), abs(lo))
    }
}

extension ScenarioSensitivity {
    /// Each Sobol factor's data quality, in `sobolFactors` order: an input's
    /// own, a group of correlated inputs' weakest.
    static func factorQualities(_ plan: EvaluationPlan) -> [DataQuality] {
        let copula = plan.copula
        func weakest(_ qs: [DataQuality]) -> DataQuality {
            qs.contains(.estimate) ? .estimate : qs.contains(.secondary) ? .secondary : .primary
        }
        return plan.parameters.indices.filter { plan.parameters[$0].isUncertain && !copula.correlated[$0] }.map { plan.parameters[$0].dataQuality }
            + copula.components.map { weakest($0.slots.map { plan.parameters[$0].dataQuality }) }
    }
}
