import Foundation

extension PartEvaluation {
    enum Windowed {
        /// The windows would keep too many values: nothing was evaluated.
        case notUsed
        case done(PartState)
        /// A rank fell outside its window: the blocks past the pilot were
        /// evaluated (their sums added), but the bands are not known.
        case missed
    }

    /// One worker of the windowed pass: its engine, and per (column,
    /// probability) the values inside the window and how many lie below.
    private struct WindowWorker {
        let draw: DrawWorker
        var inside: [[Double]]
        var under: [Int]
    }

    /// The blocks past the pilot in one pass: per percentile column and
    /// probability, a window of values from the pilot — its order
    /// statistics at the wanted ranks' share of the pilot,
    /// `QuantileRank.margin` (`sigmas`, slack 2) either side — keeping
    /// every value inside it and counting those below. When the windows
    /// would keep more than `budget` bytes, nothing is done.
    func windowed(sigmas: Double, budget: Int) -> Windowed {
        let q = pilot.columns, m = pilot.rows, ps = MonteCarlo.probabilities.count
        let row = part.columns.row
        guard m > 1 else { return .notUsed }
        // Each window's pilot ranks, and the share of values it keeps.
        let ranks: [(Int, Int)] = MonteCarlo.probabilities.map { p in
            let (r0, r1) = part.ranks.ranks(p, of: n)
            let h = QuantileRank.margin(p, of: m, sigmas: sigmas, slack: 2)
            let scale = Double(m - 1) / Double(max(1, n - 1))
            return (max(0, Int((Double(r0) * scale - h).rounded(.down))), min(m - 1, Int((Double(r1) * scale + h).rounded(.up))))
        }
        let share = ranks.reduce(0.0) { $0 + Double($1.1 - $1.0 + 1) / Double(m) }
        guard share * Double(n) * Double(q) * 8 <= Double(budget) else { return .notUsed }

        // The windows' ends: [a, b] per column and probability. NaN for a
        // column with NaN or constant in the pilot: nothing is kept or
        // counted (a column constant throughout needs no values; one that
        // is not fails the final check).
        let ends = SharedBuffer(repeating: Double.nan, count: 2 * q * ps)
        pilot.select(ranks: ranks.flatMap { [$0.0, $0.1] }, threads: part.threads) { c, values in
            for (i, x) in values.enumerated() { ends[2 * ps * c + i] = x }
        }
        let windows = ends.array

        // Each worker keeps its own lists, reserved for what its windows
        // should hold (so they rarely grow), joined one list at a time after.
        let workers = max(1, min(part.threads, rest.count))
        let expected = ranks.map { Int(Double($0.1 - $0.0 + 1) / Double(m) * Double(n - m) / Double(workers) * 1.1) + 64 }
        let pilotLow = pilot.extremes.low, pilotHigh = pilot.extremes.high
        var states = ParallelBlocks.run(rest.count, threads: part.threads, state: {
            var inside = [[Double]](repeating: [], count: q * ps)
            for c in 0..<q where pilot.live[c] && pilotLow[c] < pilotHigh[c] {
                for j in 0..<ps { inside[c * ps + j].reserveCapacity(expected[j]) }
            }
            return WindowWorker(draw: part.sampling.worker(draws: part.draws), inside: inside, under: [Int](repeating: 0, count: q * ps))
        }) { worker, i in
            let count = worker.draw.firstVisit(block: rest.lowerBound + i, samples: part.samples, sums: sums)
            let rows = worker.draw.rows
            windows.withUnsafeBufferPointer { w in
                worker.under.withUnsafeMutableBufferPointer { under in
                    for k in 0..<count {
                        let r = rows + k * row
                        for c in 0..<q {
                            let x = r[c]
                            for j in 0..<ps {
                                let a = w[2 * (c * ps + j)], z = w[2 * (c * ps + j) + 1]
                                if x < a { under[c * ps + j] += 1 } else if x <= z { worker.inside[c * ps + j].append(x) }
                            }
                        }
                    }
                }
            }
            part.progress?(count)
        }
        var extremes = pilot.extremes
        var below = [Int](repeating: 0, count: q * ps)
        var lists: [[[Double]]] = []
        for s in states {
            extremes.merge(s.draw)
            for i in below.indices { below[i] += s.under[i] }
            lists.append(s.inside)
        }
        states = []
        let (pilotLists, pilotBelow) = pilot.collect(windows: windows, threads: part.threads)
        for i in below.indices { below[i] += pilotBelow[i] }
        lists.append(pilotLists)
        var values = joinLists(&lists, count: q * ps)
        guard let bands = bands(&values, below: below, extremes: extremes) else { return .missed }
        return .done(state(bands: bands, extremes: extremes))
    }
}
