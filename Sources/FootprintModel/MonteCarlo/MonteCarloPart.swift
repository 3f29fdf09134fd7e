/// The `index`-th (1-based) of `count` parts of a computation.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Nil unless 1 ≤ index ≤ count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 1, index <= count else { return nil }
        self.index = index; self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// What is wrong with parts numbered `indices` as all the shards 1...count
    /// (missing or repeated ones, at most ten of each named), or nil. Never
    /// builds anything of size `count`, which comes from a file.
    public static func incompleteness(_ indices: [Int], count: Int) -> String? {
        let sorted = indices.sorted()
        var missing: [Int] = [], missingCount = 0, repeated: [Int] = []
        var expected = 1
        for (i, x) in sorted.enumerated() {
            if i > 0 && x == sorted[i - 1] {
                if repeated.last != x { repeated.append(x) }
                continue
            }
            guard x >= 1 && x <= count else { continue }
            if x > expected {
                missingCount += x - expected
                var k = expected
                while k < x && missing.count < 10 { missing.append(k); k += 1 }
            }
            expected = x + 1
        }
        if expected <= count {
            missingCount += count - expected + 1
            var k = expected
            while k <= count && missing.count < 10 { missing.append(k); k += 1 }
        }
        guard missingCount > 0 || !repeated.isEmpty else { return nil }
        func list(_ xs: [Int], _ total: Int) -> String {
            xs.prefix(10).map { "\($0)/\(count)" }.joined(separator: ", ") + (total > 10 ? " and \(total - 10) more" : "")
        }
        var what: [String] = []
        if missingCount > 0 { what.append("missing part\(missingCount == 1 ? "" : "s") \(list(missing, missingCount))") }
        if !repeated.isEmpty { what.append("part\(repeated.count == 1 ? "" : "s") \(list(repeated, repeated.count)) given more than once") }
        return what.joined(separator: "; ")
    }

    /// This shard's share of `0..<total` items: contiguous, in order, the
    /// sizes of any two shards differing by at most one.
    public func range(of total: Int) -> Range<Int> {
        // total × index in full width: no overflow for any total ≥ 0.
        func cut(_ i: Int) -> Int {
            let product = total.multipliedFullWidth(by: i)
            return count.dividingFullWidth(product).quotient
        }
        return cut(index - 1)..<cut(index)
    }
}

/// One shard's share of a Monte Carlo run: a contiguous range of blocks,
/// and per output what merging needs to give the unsharded result exactly:
/// each block's sum (the mean adds blocks in order, and floating-point
/// addition is not associative, so a part cannot pre-add them), the
/// minimum and maximum, and per wanted probability a `QuantileBand` — the
/// part's values in a band of ranks around the wanted one
/// (`BandRanks.mergeable`), with how many lie below and above. The union's
/// rank k lies inside every part's band unless a part's share of values
/// below it strays more than six standard deviations from its expectation;
/// `merge` checks this rather than assuming it, and refuses when it fails.
public struct MonteCarloPart: Sendable, Equatable {
    public let samples: Int
    public let seed: UInt64
    public let outputs: OutputSelection
    public let shard: Shard
    public let blocks: Range<Int>
    /// Kept outputs per draw (0 when the run has nothing to draw).
    public let columns: Int
    /// `blocks.count × columns`, block by block.
    public let blockSums: [Double]
    public let low: [Double], high: [Double]
    /// `columns × MonteCarlo.probabilities.count`.
    public let bands: [QuantileBand]

    public init(samples: Int, seed: UInt64, outputs: OutputSelection, shard: Shard, blocks: Range<Int>, columns: Int,
                blockSums: [Double], low: [Double], high: [Double], bands: [QuantileBand]) {
        self.samples = samples; self.seed = seed; self.outputs = outputs; self.shard = shard; self.blocks = blocks
        self.columns = columns; self.blockSums = blockSums; self.low = low; self.high = high; self.bands = bands
    }
}

extension MonteCarlo {
    public enum MergeFailure: Error, Equatable, CustomStringConvertible {
        case bandsDoNotMeet(column: Int)
        case mismatch(String)

        public var description: String {
            switch self {
            case let .bandsDoNotMeet(c):
                "the parts' bands do not determine a percentile of output column \(c) exactly (a part's draws strayed more than six standard deviations of its share, which happens about once in 10^9 percentiles); run with fewer or more shards"
            case let .mismatch(why): why
            }
        }
    }

    /// Computes `shard`'s part of `run(plan, samples:seed:outputs:)`.
    /// Throws when a draw of the shard (the lowest-numbered one) leaves an
    /// off-grid site's load unserved, as `run` refuses such a run.
    public static func runPart(_ plan: EvaluationPlan, samples: Int, seed: UInt64, shard: Shard, threads: Int = defaultThreads,
                               outputs: OutputSelection = .all, progress: (@Sendable (Int) -> Void)? = nil) throws(ShortfallError) -> MonteCarloPart {
        try runPart(plan, samples: samples, seed: seed, shard: shard, threads: threads, outputs: outputs, tuning: Tuning(), progress: progress)
    }

    /// `runPart` with other sizes than the production ones (tests force
    /// each strategy on small parts).
    static func runPart(_ plan: EvaluationPlan, samples: Int, seed: UInt64, shard: Shard, threads: Int, outputs: OutputSelection,
                        tuning: Tuning, progress: (@Sendable (Int) -> Void)? = nil) throws(ShortfallError) -> MonteCarloPart {
        let summaryPlan = SummaryPlan(plan, samples: samples, outputs: outputs)
        let blocks = shard.range(of: Self.blocks(samples: samples))
        if summaryPlan.columns == nil, let s = summaryPlan.centralShortfall { throw ShortfallError(s, in: plan) }
        guard let columns = summaryPlan.columns, !blocks.isEmpty else {
            return MonteCarloPart(samples: samples, seed: seed, outputs: outputs, shard: shard, blocks: blocks, columns: 0,
                                  blockSums: [], low: [], high: [], bands: [])
        }
        let sampling = DrawSampling(plan: plan, seed: seed, columns: columns)
        let part = PartRun(sampling: sampling, samples: samples, blocks: blocks,
                           threads: threads, ranks: .mergeable, keepBlockSums: true, progress: progress, draws: nil)
        let state = PartEvaluation.evaluate(part, tuning: tuning)
        if let s = sampling.shortfall.withLock({ $0 }) { throw ShortfallError(s, in: plan) }
        return MonteCarloPart(samples: samples, seed: seed, outputs: outputs, shard: shard, blocks: blocks, columns: columns.row,
                              blockSums: state.blockSums, low: state.low, high: state.high, bands: state.bands)
    }

    /// The run the parts are shards of, identical to the unsharded one.
    /// The parts must be every shard of one run, in any order.
    public static func merge(_ plan: EvaluationPlan, parts: [MonteCarloPart]) throws(MergeFailure) -> RunSummary {
        guard let first = parts.first else { throw .mismatch("no parts to merge") }
        let parts = parts.sorted { $0.shard.index < $1.shard.index }
        for p in parts where p.samples != first.samples || p.seed != first.seed || p.outputs != first.outputs || p.shard.count != first.shard.count {
            throw .mismatch("part \(p.shard) was computed with other samples, seed, outputs or shard count than part \(first.shard)")
        }
        if let problem = Shard.incompleteness(parts.map(\.shard.index), count: first.shard.count) { throw .mismatch(problem) }
        // Each part holds exactly its shard's blocks (a file could say
        // otherwise).
        guard first.samples >= 1, first.samples <= Int.max - blockSize else {
            throw .mismatch("the parts say \(first.samples) samples, which no run has")
        }
        for p in parts where p.blocks != p.shard.range(of: blocks(samples: first.samples)) {
            throw .mismatch("part \(p.shard) holds blocks \(p.blocks.lowerBound)..<\(p.blocks.upperBound), not its share of the run's \(blocks(samples: first.samples))")
        }
        let summaryPlan = SummaryPlan(plan, samples: first.samples, outputs: first.outputs)
        guard let columns = summaryPlan.columns else { return summaryPlan.centralSummary(seed: first.seed) }
        let row = columns.row, ps = probabilities.count
        for p in parts where !p.blocks.isEmpty {
            guard p.columns == row, p.blockSums.count == p.blocks.count * row, p.low.count == row, p.high.count == row,
                  p.bands.count == row * ps else {
                throw .mismatch("part \(p.shard) does not have this model's outputs (\(p.columns) columns, expected \(row))")
            }
        }
        var sums = [Double](repeating: 0, count: row)
        var low = [Double](repeating: .infinity, count: row), high = [Double](repeating: -.infinity, count: row)
        for p in parts {
            for b in 0..<p.blocks.count {
                for c in 0..<row { sums[c] += p.blockSums[b * row + c] }
            }
            for c in 0..<p.low.count {
                low[c] = Swift.min(low[c], p.low[c])
                high[c] = Swift.max(high[c], p.high[c])
            }
        }
        let withDraws = parts.filter { !$0.blocks.isEmpty }
        return try summaryPlan.summary(seed: first.seed, sums: sums, low: low, high: high) { i in withDraws.map { $0.bands[i] } }
    }
}
