import Foundation

/// What `run`, `runPart` and `merge` share: the central evaluation and the
/// columns the draws keep.
struct SummaryPlan {
    let plan: EvaluationPlan
    let samples: Int
    let outputs: OutputSelection
    let central: Evaluation
    let hourlyMatching: [[Double]?]
    /// Where central values leave an off-grid site's load unserved.
    let centralShortfall: Shortfall?
    /// Nil when there is nothing to draw (one sample, or no distribution).
    let columns: KeptColumns?
    /// Outputs zero in every draw: not kept (their statistic is 0).
    let zeros: [Int]

    init(_ plan: EvaluationPlan, samples: Int, outputs: OutputSelection) {
        self.plan = plan; self.samples = samples; self.outputs = outputs
        let engine = Engine(plan: plan)
        central = engine.evaluateCentral()
        centralShortfall = engine.shortfall
        hourlyMatching = plan.sites.indices.map { engine.hourlyMatching(site: $0) }
        let layout = plan.layout
        // Outputs with percentiles, then outputs with a mean only.
        var percentiles: [Int] = [], means: [Int] = [], zeros: [Int] = []
        func keep(_ i: Int, percentiles withPercentiles: Bool) {
            if i < plan.alwaysZero.count && plan.alwaysZero[i] { zeros.append(i) } else if withPercentiles { percentiles.append(i) } else { means.append(i) }
        }
        for scope in 0..<layout.scopes where outputs.wholeHorizon(ofScope: scope) {
            for p in 0...layout.wholeHorizon where p == layout.wholeHorizon || outputs.periods(ofScope: scope, fleets: layout.fleets) {
                for m in Metric.allCases {
                    keep(layout.offset(scope: scope, period: p, metric: m), percentiles: p == layout.wholeHorizon || outputs.periodPercentiles)
                }
            }
        }
        // Services and the demand block, every period (a ratio undefined in
        // some draw has no statistic).
        for p in 0...layout.wholeHorizon {
            let withPercentiles = p == layout.wholeHorizon || outputs.periodPercentiles
            for s in 0..<layout.services {
                for m in ServiceMetric.allCases { keep(layout.offset(service: s, period: p, metric: m), percentiles: withPercentiles) }
            }
            if layout.hasDemand {
                for m in DemandMetric.allCases { keep(layout.offset(demand: m, period: p), percentiles: withPercentiles) }
            }
        }
        self.zeros = zeros
        let uncertain = plan.parameters.contains(where: \.isUncertain)
        columns = samples <= 1 || !uncertain ? nil
            : KeptColumns(layout: layout, percentiles: percentiles, intensities: outputs.scopes, means: means)
    }

    func centralSummary(seed: UInt64) -> RunSummary {
        let layout = plan.layout
        let stats = central.values.map { $0.isNaN ? nil : Statistic(exactly: $0) }
        let intensities = (0..<layout.scopes).map { scope in
            IntensityMetric.allCases.map { im in
                im.compute { central.values[layout.offset(scope: scope, period: layout.wholeHorizon, metric: $0)] }
                    .map(Statistic.init(exactly:))
            }
        }
        return RunSummary(plan: plan, samples: samples, seed: seed, central: central, outputs: .all, stats: stats,
                          intensities: intensities, hourlyMatching: hourlyMatching)
    }

    /// The statistics from each column's sum over all draws (in block
    /// order), minimum, maximum and the bands of every part
    /// (`bands(column × probabilities + j)`); throws when the bands do not
    /// determine a rank.
    func summary(seed: UInt64, sums: [Double], low: [Double], high: [Double],
                 bands: (Int) -> [QuantileBand]) throws(MonteCarlo.MergeFailure) -> RunSummary {
        let columns = columns!
        let layout = plan.layout
        let ps = MonteCarlo.probabilities
        var columnStats = [Statistic?](repeating: nil, count: columns.row)
        for c in 0..<columns.row {
            // Nil when any draw is undefined (a NaN makes the sum NaN).
            if sums[c].isNaN { continue }
            // Many outputs do not vary (a fleet's years before it arrives).
            if low[c] == high[c] { columnStats[c] = Statistic(exactly: low[c]); continue }
            // An output whose mean only was asked for.
            if c >= columns.percentileColumns {
                columnStats[c] = Statistic(mean: sums[c] / Double(samples), p5: .nan, p50: .nan, p95: .nan)
                continue
            }
            var q = (0.0, 0.0, 0.0)
            for (j, p) in ps.enumerated() {
                let rank = QuantileRank(p, of: samples)
                let parts = bands(c * ps.count + j)
                guard let lower = QuantileBand.value(ofRank: rank.lower, in: parts),
                      let upper = QuantileBand.value(ofRank: rank.upper, in: parts) else {
                    throw .bandsDoNotMeet(column: c)
                }
                let x = rank.interpolate(lower, upper)
                switch j { case 0: q.0 = x; case 1: q.1 = x; default: q.2 = x }
            }
            columnStats[c] = Statistic(mean: sums[c] / Double(samples), p5: q.0, p50: q.1, p95: q.2)
        }
        var stats = [Statistic?](repeating: nil, count: central.values.count)
        for i in zeros { stats[i] = Statistic(exactly: 0) }
        for (c, i) in columns.percentiles.enumerated() { stats[i] = columnStats[c] }
        for (c, i) in columns.means.enumerated() { stats[i] = columnStats[columns.percentileColumns + c] }
        let intensityCount = IntensityMetric.allCases.count
        let intensities = (0..<layout.scopes).map { scope in
            (0..<intensityCount).map { columns.intensities ? columnStats[columns.percentiles.count + scope * intensityCount + $0] : nil }
        }
        return RunSummary(plan: plan, samples: samples, seed: seed, central: central, outputs: outputs, stats: stats,
                          intensities: intensities, hourlyMatching: hourlyMatching)
    }
}

/// Which values of a draw's evaluation are kept, in column order: the
/// outputs with percentiles, then (with `intensities`) the intensities of
/// each scope from its whole-horizon values, which have percentiles too,
/// then the outputs with a mean only.
struct KeptColumns: Sendable {
    let layout: ResultLayout
    /// Value indices.
    let percentiles: [Int]
    let intensities: Bool
    let means: [Int]

    /// Columns with percentiles: they come first.
    var percentileColumns: Int { percentiles.count + (intensities ? layout.scopes * IntensityMetric.allCases.count : 0) }
    var row: Int { percentileColumns + means.count }

    /// One draw's row.
    func gather(_ v: UnsafeBufferPointer<Double>, into row: UnsafeMutablePointer<Double>) {
        var x = row
        percentiles.withUnsafeBufferPointer { columns in
            for i in columns { x.pointee = v[i]; x += 1 }
        }
        if intensities {
            for scope in 0..<layout.scopes {
                for im in IntensityMetric.allCases {
                    x.pointee = im.compute { v[layout.offset(scope: scope, period: layout.wholeHorizon, metric: $0)] } ?? .nan
                    x += 1
                }
            }
        }
        means.withUnsafeBufferPointer { columns in
            for i in columns { x.pointee = v[i]; x += 1 }
        }
    }
}
