import Foundation

/// Monte Carlo over the scenario's distributions.
///
/// Draw `i` belongs to block `i / blockSize`; each block has its own GSL
/// stream seeded from `(seed, block)`, and draws sample every uncertain
/// parameter in slot order. Workers take whole blocks (`ParallelBlocks`),
/// so results are identical for any number of threads, and a range of
/// blocks (a shard) can be evaluated anywhere.
///
/// Memory does not grow with the draws. A range of blocks is evaluated by
/// one of three strategies (`PartEvaluation`), each exact: keep every
/// value when they fit (`Tuning.onePassBytes`); otherwise keep every value
/// of a pilot (its first blocks), then either one windowed pass that keeps
/// the values near each wanted rank, when they fit, or two passes that
/// count values in regions around the wanted ranks and then evaluate the
/// blocks again, keeping only the regions that hold them. The pilot
/// decides how few values are kept, never the result. A whole run keeps,
/// per percentile, the two ranks it interpolates between; a shard's part
/// keeps a band of ranks around each, so that parts merge exactly
/// (`QuantileBand`, `BandRanks`).
public enum MonteCarlo {
    public static let blockSize = 64
    public static let probabilities = [0.05, 0.5, 0.95]

    public static func run(_ plan: EvaluationPlan, samples: Int, seed: UInt64, threads: Int = defaultThreads,
                           outputs: OutputSelection = .all, progress: (@Sendable (Int) -> Void)? = nil,
                           draws: (any DrawObserver)? = nil, pinned: [(slot: Int, value: Double)] = []) -> RunSummary {
        run(plan, samples: samples, seed: seed, threads: threads, outputs: outputs, tuning: Tuning(), progress: progress, draws: draws, pinned: pinned)
    }

    /// `run` with other sizes than the production ones (tests force each
    /// strategy on small runs).
    static func run(_ plan: EvaluationPlan, samples: Int, seed: UInt64, threads: Int, outputs: OutputSelection, tuning: Tuning,
                    progress: (@Sendable (Int) -> Void)? = nil, draws: (any DrawObserver)? = nil,
                    pinned: [(slot: Int, value: Double)] = []) -> RunSummary {
        let summaryPlan = SummaryPlan(plan, samples: samples, outputs: outputs)
        guard let columns = summaryPlan.columns else {
            var summary = summaryPlan.centralSummary(seed: seed)
            summary.shortfall = summaryPlan.centralShortfall
            if let draws, summary.shortfall == nil { DrawRows.central(plan, values: summaryPlan.central.values, samples: samples, observer: draws) }
            return summary
        }
        let sampling = DrawSampling(plan: plan, seed: seed, columns: columns, pinned: pinned)
        let part = PartRun(sampling: sampling, samples: samples,
                           blocks: 0..<blocks(samples: samples), threads: threads, ranks: .interpolated, keepBlockSums: false,
                           progress: progress, draws: draws)
        let state = PartEvaluation.evaluate(part, tuning: tuning)
        // One part holding every draw: its bands always hold the ranks.
        do {
            var summary = try summaryPlan.summary(seed: seed, sums: state.sums, low: state.low, high: state.high) { [state.bands[$0]] }
            summary.shortfall = sampling.shortfall.withLock { $0 }
            return summary
        } catch {
            preconditionFailure("a single part's bands always hold its ranks: \(error)")
        }
    }

    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The blocks of `samples` draws.
    public static func blocks(samples: Int) -> Int { samples / blockSize + (samples % blockSize > 0 ? 1 : 0) }

    /// How many of a part's `blocks` blocks its pilot keeps, with `row`
    /// percentile values per draw: all of them when they fit in
    /// `onePassBytes` (or there are at most `minimumPilotBlocks`).
    static func pilotBlocks(blocks: Int, row: Int) -> Int { Tuning().pilotBlocks(blocks: blocks, row: row) }

    /// The sizes that choose a part's strategy. Production runs use the
    /// defaults; tests pass others to force each strategy on a small run.
    struct Tuning: Sendable {
        /// How many blocks the pilot keeps every value of.
        enum Pilot: Sendable {
            /// As many as fit in `onePassBytes` (then the pilot is the
            /// whole part), else as fit in `pilotBytes`.
            case fittingMemory
            /// This many (at most the part's).
            case blocks(Int)
        }

        /// What follows a pilot that is not the whole part.
        enum PastPilot: Sendable {
            /// One pass keeping values in windows `sigmas` standard
            /// deviations of a rank wide (`QuantileRank.margin`) when they
            /// fit in `windowBytes`, two passes otherwise or when a rank
            /// falls outside its window.
            case windowed(sigmas: Double)
            /// Two passes.
            case twoPasses
        }

        var pilot = Pilot.fittingMemory
        var pastPilot = PastPilot.windowed(sigmas: 6)
        /// A part whose values fit in this many bytes (or that has at most
        /// `minimumPilotBlocks` blocks) is evaluated once, keeping every
        /// value.
        var onePassBytes = 80 << 20
        /// A larger part keeps every value of its first blocks only, at
        /// least `minimumPilotBlocks` of them, more as long as they fit in
        /// this many bytes: enough for the zones, small enough that memory
        /// stays flat.
        var pilotBytes = 8 << 20
        var minimumPilotBlocks = 16
        /// The most bytes of values the windowed pass may keep (its
        /// estimate). Kept values grow as n/√m with n draws and a pilot of
        /// m, so a larger budget would break flat memory.
        var windowBytes = 8 << 20

        func pilotBlocks(blocks: Int, row: Int) -> Int {
            if case let .blocks(b) = pilot { return Swift.min(blocks, b) }
            let bytesPerBlock = Swift.max(1, row * 8 * MonteCarlo.blockSize)
            if blocks <= Swift.max(minimumPilotBlocks, onePassBytes / bytesPerBlock) { return blocks }
            return Swift.min(blocks, Swift.max(minimumPilotBlocks, pilotBytes / bytesPerBlock))
        }
    }
}
