import Foundation
import GSL

/// What every worker needs to evaluate draws.
struct DrawSampling: Sendable {
    let plan: EvaluationPlan
    let seed: UInt64
    let columns: KeptColumns
    let samplers: [Sampler]
    /// The lowest-numbered draw whose off-grid generation fell short.
    let shortfall = Locked<Shortfall?>(nil)
    /// Inputs held at a value in every draw (goal seek on a statistic):
    /// each is still sampled (and its variate dropped), so every other
    /// input draws what it would without the pin — common random numbers.
    let pinned: [(slot: Int, value: Double)]

    init(plan: EvaluationPlan, seed: UInt64, columns: KeptColumns, pinned: [(slot: Int, value: Double)] = []) {
        self.plan = plan; self.seed = seed; self.columns = columns; self.pinned = pinned
        samplers = plan.parameters.indices.compactMap { s in
            guard plan.parameters[s].isUncertain, case let .distribution(d) = plan.parameters[s].value else { return nil }
            let b = plan.parameters[s].bounds
            return Sampler(slot: s, distribution: d, lower: b.lower, upper: b.upper, correlated: plan.copula.correlated[s])
        }
    }

    func worker(draws: (any DrawObserver)?) -> DrawWorker { DrawWorker(self, draws: draws) }
}

/// One worker's engine and scratch rows (not shared between threads).
final class DrawWorker {
    let sampling: DrawSampling
    let engine: Engine
    var values: [Double]
    /// A block's rows, `blockSize × columns`, row-major.
    let rows: UnsafeMutablePointer<Double>
    private let sums: UnsafeMutablePointer<Double>
    /// Per column, the least and greatest value of the blocks summed.
    let low: UnsafeMutablePointer<Double>, high: UnsafeMutablePointer<Double>
    private let drawRows: DrawRows?
    /// The copula's standard normals (one per cluster of a component).
    private let normals: UnsafeMutablePointer<Double>

    init(_ sampling: DrawSampling, draws: (any DrawObserver)?) {
        self.sampling = sampling
        // The engine computes only what is gathered and observed.
        let columns = sampling.columns, layout = columns.layout
        let whole = { (scope: Int) in Metric.allCases.map { layout.offset(scope: scope, period: layout.wholeHorizon, metric: $0) } }
        engine = Engine(plan: sampling.plan, reads: columns.percentiles + columns.means
            + (columns.intensities ? (0..<layout.scopes).flatMap(whole) : []) + (draws == nil ? [] : whole(layout.index(.total)))
            + (draws?.extraColumns.map { $0.offset(in: sampling.plan) } ?? []))
        values = sampling.plan.centralValues
        rows = .allocate(capacity: MonteCarlo.blockSize * sampling.columns.row)
        sums = .allocate(capacity: sampling.columns.row)
        low = .allocate(capacity: sampling.columns.row)
        high = .allocate(capacity: sampling.columns.row)
        drawRows = draws.map { DrawRows(plan: sampling.plan, observer: $0) }
        normals = .allocate(capacity: max(1, sampling.plan.copula.widest))
        low.initialize(repeating: .infinity, count: sampling.columns.row)
        high.initialize(repeating: -.infinity, count: sampling.columns.row)
    }

    deinit { rows.deallocate(); sums.deallocate(); low.deallocate(); high.deallocate(); normals.deallocate() }

    /// Evaluates block `b`'s draws into `rows`, handing them to the draw
    /// observer if `record`; how many there are.
    func evaluate(block b: Int, samples: Int, record: Bool) -> Int {
        let stream = RandomStream(seed: sampling.seed, stream: UInt64(b))
        // The copula's normals come from a stream of their own, so that an
        // input in no correlation draws what it would without any.
        let copula = sampling.plan.copula
        let copulaStream = copula.isEmpty ? nil : RandomStream(seed: sampling.seed, stream: UInt64(b) | 1 << 62)
        let first = b * MonteCarlo.blockSize, count = min(samples, first + MonteCarlo.blockSize) - first
        let row = sampling.columns.row
        let observed = record ? drawRows : nil
        for k in 0..<count {
            values.withUnsafeMutableBufferPointer { v in
                sampling.samplers.withUnsafeBufferPointer { samplers in
                    for s in samplers {
                        // A correlated input still takes its variate from the
                        // stream (and drops it): the others' stay as they were.
                        let x = s.distribution.sample(stream)
                        if !s.correlated { v[s.slot] = Swift.min(Swift.max(x, s.lower), s.upper) }
                    }
                }
                if let copulaStream { copula.draw(into: v, stream: copulaStream, normals: normals) }
                for p in sampling.pinned { v[p.slot] = p.value }
                engine.evaluate(UnsafeBufferPointer(v))
            }
            if let s = engine.shortfall {
                let draw = first + k
                sampling.shortfall.withLock { if $0 == nil || draw < $0!.draw { $0 = s.inDraw(draw) } }
            }
            engine.result.values.withUnsafeBufferPointer { sampling.columns.gather($0, into: rows + k * row) }
            if let observed {
                values.withUnsafeBufferPointer { p in engine.result.values.withUnsafeBufferPointer { observed.record(k, parameters: p, values: $0) } }
            }
        }
        observed?.flush(block: b, firstDraw: first, count: count)
        return count
    }

    /// Block `b`'s first evaluation: the draw observer sees its draws and
    /// its sums go to `sums`; how many draws it has.
    func firstVisit(block b: Int, samples: Int, sums: Locked<OrderedSums>) -> Int {
        let count = evaluate(block: b, samples: samples, record: true)
        let blockSums = blockSums(count: count)
        sums.withLock { $0.add(blockSums, block: b) }
        return count
    }

    /// Per column, the sum of the block's `count` rows in draw order; the
    /// rows' values also update `low` and `high`.
    func blockSums(count: Int) -> UnsafeBufferPointer<Double> {
        let row = sampling.columns.row
        sums.initialize(repeating: 0, count: row)
        for k in 0..<count {
            let r = rows + k * row
            for c in 0..<row {
                let x = r[c]
                sums[c] += x
                low[c] = x < low[c] ? x : low[c]
                high[c] = x > high[c] ? x : high[c]
            }
        }
        return UnsafeBufferPointer(start: sums, count: row)
    }
}

/// One uncertain input as the draw loop needs it.
struct Sampler: Sendable {
    let slot: Int
    let distribution: ProbabilityDistribution
    let lower: Double
    let upper: Double
    /// Drawn by the copula (`CopulaPlan`), not alone.
    let correlated: Bool
}
