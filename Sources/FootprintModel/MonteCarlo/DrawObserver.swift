/// Receives every draw of a Monte Carlo run (`footprint run --draws`):
/// each draw's sampled inputs and whole-horizon totals, a block of draws
/// at a time.
///
/// Workers call `observe` concurrently and in any block order, each block
/// once; an observer that writes in draw order keeps the blocks that arrive
/// early. It may make a worker wait for earlier blocks (to bound that
/// memory) but never the worker calling with the lowest block not yet
/// observed: blocks are handed out in increasing order, so that one is
/// always being computed or observed, and waiting for it cannot deadlock.
public protocol DrawObserver: AnyObject, Sendable {
    /// Block `block` (draws `firstDraw ..< firstDraw + count`): `inputs` has
    /// `count` rows of `DrawColumns.inputs(plan)` values, `totals` `count`
    /// rows of one value per `Metric.allCases` (the total scope over the
    /// whole horizon). The buffers are valid only during the call.
    func observe(block: Int, firstDraw: Int, count: Int, inputs: UnsafeBufferPointer<Double>, totals: UnsafeBufferPointer<Double>)

    /// Values it wants after the totals, one per selector (a metric in one
    /// year, a service's value): each row of `totals` then has
    /// `Metric.allCases.count + extraColumns.count` values.
    var extraColumns: [MetricSelector] { get }
}

extension DrawObserver {
    public var extraColumns: [MetricSelector] { [] }
}

/// What a draw observer receives, in column order.
public enum DrawColumns {
    /// The sampled inputs: every uncertain parameter, in slot order (the
    /// order Monte Carlo samples them).
    public static func inputs(_ plan: EvaluationPlan) -> [Int] { plan.parameters.indices.filter { plan.parameters[$0].isUncertain } }

    /// Their paths, as `--set` names them.
    public static func inputPaths(_ plan: EvaluationPlan) -> [String] { inputs(plan).map { plan.parameters[$0].path } }

    /// The totals: each metric, whole horizon, total scope.
    public static var totals: [Metric] { Metric.allCases }
}

/// One worker's rows of the block it is evaluating, handed to the observer
/// when the block is done. Owned by one worker (not `Sendable`).
final class DrawRows {
    private let observer: any DrawObserver
    private let slots: [Int], offsets: [Int]
    private var inputs: [Double], totals: [Double]

    init(plan: EvaluationPlan, observer: any DrawObserver) {
        self.observer = observer
        slots = DrawColumns.inputs(plan)
        let layout = plan.layout
        offsets = DrawColumns.totals.map { layout.offset(scope: 0, period: layout.wholeHorizon, metric: $0) }
            + observer.extraColumns.map { $0.offset(in: plan) }
        inputs = [Double](repeating: 0, count: MonteCarlo.blockSize * slots.count)
        totals = [Double](repeating: 0, count: MonteCarlo.blockSize * offsets.count)
    }

    /// Draw `k` of the block: its parameter values and its evaluation.
    func record(_ k: Int, parameters: UnsafeBufferPointer<Double>, values: UnsafeBufferPointer<Double>) {
        let (ni, nt) = (slots.count, offsets.count)
        inputs.withUnsafeMutableBufferPointer { out in
            slots.withUnsafeBufferPointer { for (j, s) in $0.enumerated() { out[k * ni + j] = parameters[s] } }
        }
        totals.withUnsafeMutableBufferPointer { out in
            offsets.withUnsafeBufferPointer { for (j, o) in $0.enumerated() { out[k * nt + j] = values[o] } }
        }
    }

    func flush(block: Int, firstDraw: Int, count: Int) {
        inputs.withUnsafeBufferPointer { i in
            totals.withUnsafeBufferPointer { t in observer.observe(block: block, firstDraw: firstDraw, count: count, inputs: i, totals: t) }
        }
    }

    /// A run without randomness: every draw is the central evaluation.
    static func central(_ plan: EvaluationPlan, values: [Double], samples: Int, observer: any DrawObserver) {
        let rows = DrawRows(plan: plan, observer: observer)
        let parameters = plan.centralValues
        parameters.withUnsafeBufferPointer { p in
            values.withUnsafeBufferPointer { v in for k in 0..<MonteCarlo.blockSize { rows.record(k, parameters: p, values: v) } }
        }
        for b in 0..<(max(1, samples) + MonteCarlo.blockSize - 1) / MonteCarlo.blockSize {
            let first = b * MonteCarlo.blockSize
            rows.flush(block: b, firstDraw: first, count: min(max(1, samples), first + MonteCarlo.blockSize) - first)
        }
    }
}
