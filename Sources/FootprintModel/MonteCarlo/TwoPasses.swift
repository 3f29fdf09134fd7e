import Foundation

/// The regions `first...last` of a column's zone that hold one band's
/// ranks: `before` of the part's values lie below them, `size` inside.
private struct BandRegions {
    let first: Int, last: Int, before: Int, size: Int
}

extension PartEvaluation {
    /// The blocks past the pilot in two passes. Pass 1 counts every value
    /// in its column's regions (`QuantileZone`, from the pilot's order
    /// statistics around the wanted ranks), which locates each band's ranks
    /// exactly; pass 2 evaluates the blocks again (draws are reproducible
    /// by block) and keeps only the values of the regions holding them.
    func twoPasses() -> PartState {
        let q = pilot.columns, ps = MonteCarlo.probabilities.count
        let row = part.columns.row, regions = QuantileZone.regions

        // Zones from the pilot's order statistics around the wanted ranks.
        let zoneBuffer = SharedBuffer(repeating: QuantileZone(a: 0, b: 0), count: q)
        let (lo, hi) = QuantileZone.ranks(pilot: pilot.rows, low: MonteCarlo.probabilities[0], high: MonteCarlo.probabilities[ps - 1])
        pilot.select(ranks: [lo, hi], threads: part.threads) { c, ends in zoneBuffer[c] = QuantileZone(a: ends[0], b: ends[1]) }
        for c in 0..<q where pilot.live[c] && pilot.extremes.low[c] == pilot.extremes.high[c] {
            zoneBuffer[c] = QuantileZone(a: pilot.extremes.low[c], b: pilot.extremes.low[c])
        }
        let zones = zoneBuffer.array

        // Pass 1: count every value in its zone's regions, row by row (a
        // column whose pilot held NaN is counted too, harmlessly: its sum
        // is NaN and it has no statistic). One histogram, whatever the
        // workers, in stripes of columns each under its own lock; a worker
        // counts a block stripe by stripe from the block's own stripe on,
        // so that workers counting at once rarely want the same stripe.
        let stripes = max(1, min(q, part.threads))
        let bounds = (0...stripes).map { $0 * q / stripes }
        let shared = (0..<stripes).map { Locked([UInt32](repeating: 0, count: (bounds[$0 + 1] - bounds[$0]) * regions)) }
        let workers = ParallelBlocks.run(rest.count, threads: part.threads, state: { part.sampling.worker(draws: part.draws) }) { worker, i in
            let count = worker.firstVisit(block: rest.lowerBound + i, samples: part.samples, sums: sums)
            let rows = worker.rows
            zones.withUnsafeBufferPointer { zones in
                for t in 0..<stripes {
                    let stripe = (i + t) % stripes, columns = bounds[stripe]..<bounds[stripe + 1]
                    shared[stripe].withLock { histogram in
                        histogram.withUnsafeMutableBufferPointer { histogram in
                            let h = histogram.baseAddress!
                            for k in 0..<count {
                                let r = rows + k * row
                                var offset = 0
                                for c in columns {
                                    h[offset &+ zones[c].region(r[c])] &+= 1
                                    offset &+= regions
                                }
                            }
                        }
                    }
                }
            }
            part.progress?(count / 2)
        }
        var extremes = pilot.extremes
        for w in workers { extremes.merge(w) }
        var histogram: [UInt32] = []
        histogram.reserveCapacity(q * regions)
        for stripe in shared {
            histogram += stripe.withLock { h in
                defer { h = [] }
                return h
            }
        }
        for c in 0..<q where pilot.live[c] {
            let zone = zones[c]
            for x in pilot.column(c) { histogram[c * regions + zone.region(x)] &+= 1 }
        }

        // Which regions hold each band's ranks.
        let ranks = MonteCarlo.probabilities.map { part.ranks.ranks($0, of: n) }
        var found = [BandRegions?](repeating: nil, count: q * ps)
        for c in 0..<q where pilot.live[c] && extremes.low[c] < extremes.high[c] {
            for j in 0..<ps {
                let (r0, r1) = ranks[j]
                var first: Int?, before = 0, below = 0
                for r in 0..<regions {
                    let size = Int(histogram[c * regions + r])
                    if first == nil && r0 < below + size { first = r; before = below }
                    if let first, r1 < below + size {
                        found[c * ps + j] = BandRegions(first: first, last: r, before: before, size: below + size - before)
                        break
                    }
                    below += size
                }
            }
        }
        histogram = []
        let wants = found

        // Pass 2: the values of those regions, from the pilot and again
        // from the remaining blocks.
        let wanted = (0..<q).filter { c in (0..<ps).contains { wants[c * ps + $0] != nil } }
        var gathered = [[Double]](repeating: [], count: q * ps)
        for c in wanted {
            let zone = zones[c]
            for j in 0..<ps { if let w = wants[c * ps + j] { gathered[c * ps + j].reserveCapacity(w.size) } }
            for x in pilot.column(c) {
                let r = zone.region(x)
                for j in 0..<ps { if let w = wants[c * ps + j], r >= w.first && r <= w.last { gathered[c * ps + j].append(x) } }
            }
        }
        var lists = [gathered]
        gathered = []
        if wanted.isEmpty {
            part.progress?(rest.reduce(0) { $0 + part.drawCount(block: $1) - part.drawCount(block: $1) / 2 })
        } else {
            // Per wanted column: its zone, and for each probability the
            // first and last region it wants (none: an empty range).
            let wantedZones = wanted.map { zones[$0] }
            var flat: [Int] = []
            flat.reserveCapacity(wanted.count * 2 * ps)
            for c in wanted {
                for j in 0..<ps { flat += wants[c * ps + j].map { [$0.first, $0.last] } ?? [Int.max, -1] }
            }
            let wantedRegions = flat
            var states = ParallelBlocks.run(rest.count, threads: part.threads, state: {
                (part.sampling.worker(draws: nil), [[Double]](repeating: [], count: q * ps))
            }) { worker, i in
                let count = worker.0.evaluate(block: rest.lowerBound + i, samples: part.samples, record: false)
                let rows = worker.0.rows
                wanted.withUnsafeBufferPointer { wanted in
                    wantedZones.withUnsafeBufferPointer { zones in
                        wantedRegions.withUnsafeBufferPointer { regions in
                            for k in 0..<count {
                                let r = rows + k * row
                                var f = regions.baseAddress!
                                for w in 0..<wanted.count {
                                    let c = wanted[w], x = r[c]
                                    let region = zones[w].region(x)
                                    for j in 0..<ps where region >= f[2 &* j] && region <= f[2 &* j &+ 1] {
                                        worker.1[c &* ps &+ j].append(x)
                                    }
                                    f += 2 &* ps
                                }
                            }
                        }
                    }
                }
                part.progress?(count - count / 2)
            }
            lists += states.map(\.1)
            states = []
        }
        var values = joinLists(&lists, count: q * ps)
        for c in 0..<q where pilot.live[c] && extremes.low[c] < extremes.high[c] {
            for j in 0..<ps {
                precondition(values[c * ps + j].count == wants[c * ps + j]?.size,
                             "pass 2 gathered \(values[c * ps + j].count) values where pass 1 counted \(wants[c * ps + j]?.size ?? 0)")
            }
        }
        guard let bands = bands(&values, below: wants.map { $0?.before ?? 0 }, extremes: extremes) else {
            preconditionFailure("pass 1 located every band's ranks")
        }
        return state(bands: bands, extremes: extremes)
    }
}
