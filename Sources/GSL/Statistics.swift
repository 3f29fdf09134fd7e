import CGSL

/// Descriptive statistics of samples (`gsl_stats_*`).
public enum Statistics {
    /// The arithmetic mean. Throws on an empty sample.
    public static func mean(_ data: [Double]) throws(GSLError) -> Double {
        ensureGSLErrorHandlerOff()
        guard !data.isEmpty else { throw .invalid("gsl_stats_mean", "the sample is empty") }
        return data.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }

    /// The unbiased sample variance (divisor n − 1). Needs two or more values.
    public static func variance(_ data: [Double]) throws(GSLError) -> Double {
        ensureGSLErrorHandlerOff()
        guard data.count >= 2 else {
            throw .invalid("gsl_stats_variance", "needs at least 2 values, got \(data.count)")
        }
        return data.withUnsafeBufferPointer { gsl_stats_variance($0.baseAddress, 1, $0.count) }
    }

    /// The weighted mean `Σ wᵢxᵢ / Σ wᵢ`; weights must be non-negative with a
    /// positive sum.
    public static func weightedMean(_ data: [Double], weights: [Double]) throws(GSLError) -> Double {
        ensureGSLErrorHandlerOff()
        guard data.count == weights.count, !data.isEmpty else {
            throw .invalid("gsl_stats_wmean", "needs as many weights (\(weights.count)) as values (\(data.count)), at least one")
        }
        guard weights.allSatisfy({ $0 >= 0 }), weights.reduce(0, +) > 0 else {
            throw .domain("gsl_stats_wmean", "weights must be non-negative with a positive sum")
        }
        return data.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                gsl_stats_wmean(w.baseAddress, 1, x.baseAddress, 1, x.count)
            }
        }
    }

    /// Sorts in place, ascending (`gsl_sort`).
    public static func sort(_ data: inout [Double]) {
        ensureGSLErrorHandlerOff()
        let n = data.count
        data.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, n) }
    }

    /// The quantile at `p` ∈ [0, 1] of data already sorted ascending, by
    /// linear interpolation between order statistics (GSL's definition,
    /// Hyndman & Fan type 7: `x[(n−1)p]`).
    public static func quantile(sorted data: [Double], _ p: Double) throws(GSLError) -> Double {
        ensureGSLErrorHandlerOff()
        guard !data.isEmpty else { throw .invalid("gsl_stats_quantile_from_sorted_data", "the sample is empty") }
        guard p >= 0, p <= 1 else {
            throw .domain("gsl_stats_quantile_from_sorted_data", "probability \(p) is outside [0, 1]")
        }
        return unsafeQuantile(sorted: data, p)
    }

    /// As `quantile(sorted:_:)` without checks, for hot paths.
    @inline(__always)
    package static func unsafeQuantile(sorted data: UnsafeBufferPointer<Double>, _ p: Double) -> Double {
        ensureGSLErrorHandlerOff()
        return gsl_stats_quantile_from_sorted_data(data.baseAddress, 1, data.count, p)
    }

    static func unsafeQuantile(sorted data: [Double], _ p: Double) -> Double {
        data.withUnsafeBufferPointer { unsafeQuantile(sorted: $0, p) }
    }

    /// The k-th smallest value (0-based) of `data`, by quickselect in O(n)
    /// (`gsl_stats_select`); `data` is reordered. `k` must be < `data.count`.
    @inline(__always)
    package static func unsafeSelect(_ data: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        ensureGSLErrorHandlerOff()
        return gsl_stats_select(data.baseAddress, 1, data.count, k)
    }

    /// The quantiles at ascending probabilities `ps` of unsorted data, with
    /// the definition of `quantile(sorted:_:)` (x[(n−1)p], linearly
    /// interpolated), written to `out`, without sorting: O(n) per quantile.
    ///
    /// `gsl_stats_select` leaves `data` partitioned around the k-th value
    /// (GSL ≥ 2.5, statistics/select_source.c; a test checks it), so the
    /// (k+1)-th value is the minimum of what follows, and each later
    /// quantile is selected in the part above the previous one only.
    /// `data` is reordered; it must not be empty; `ps` must be ascending in
    /// [0, 1] and `out` as long as `ps`.
    package static func unsafeQuantiles(unsorted data: UnsafeMutableBufferPointer<Double>,
                                       _ ps: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let n = data.count
        var low = 0  // data[low...] holds the values of rank ≥ low
        for (j, p) in ps.enumerated() {
            let position = Double(n - 1) * p
            let k = Int(position.rounded(.down))
            let lower: Double
            if k >= low {
                let part = UnsafeMutableBufferPointer(rebasing: data[low...])
                lower = unsafeSelect(part, k - low)
                low = k
            } else {
                lower = data[k]  // already in place: k was selected before
            }
            let fraction = position - Double(k)
            guard fraction > 0, k + 1 < n else { out[j] = lower; continue }
            var upper = data[k + 1]
            for i in (k + 2)..<n where data[i] < upper { upper = data[i] }
            out[j] = (1 - fraction) * lower + fraction * upper
        }
    }

    /// Order statistics of many equally long columns, exactly and in O(n)
    /// per column with few comparisons: a histogram over [min, max] finds the
    /// bucket holding each wanted rank, only those buckets' values are
    /// gathered, and `gsl_stats_select` picks the rank among them. Bucket
    /// indices are monotone in the value, so ranks are exact whatever the
    /// distribution (a heavy tail only makes the gathered set larger). One
    /// selector per thread; it allocates once and never while selecting.
    /// Package-internal, like the other pointer-taking fast paths: the
    /// module's public API exposes no unsafe pointer.
    package final class QuantileSelector {
        package static let buckets = 2048
        static let maxRanks = 16
        private let capacity: Int
        private let counts: UnsafeMutablePointer<Int32>
        private let slot: UnsafeMutablePointer<Int>      // bucket → segment, or −1
        private let gathered: UnsafeMutablePointer<Double>
        private let wanted: UnsafeMutablePointer<Int>     // ranks of the quantiles asked for
        private let picked: UnsafeMutablePointer<Double>  // their values
        private let bucketOf: UnsafeMutablePointer<Int>
        private let within: UnsafeMutablePointer<Int>     // rank inside its bucket
        private let start: UnsafeMutablePointer<Int>      // segment starts (+ end)
        private let fill: UnsafeMutablePointer<Int>
        private let bucketOfValue: UnsafeMutablePointer<UInt16>  // each datum's bucket, from the counting pass

        package init(capacity: Int) {
            ensureGSLErrorHandlerOff()
            self.capacity = Swift.max(1, capacity)
            counts = .allocate(capacity: Self.buckets)
            slot = .allocate(capacity: Self.buckets)
            slot.initialize(repeating: -1, count: Self.buckets)
            gathered = .allocate(capacity: self.capacity)
            wanted = .allocate(capacity: Self.maxRanks)
            picked = .allocate(capacity: Self.maxRanks)
            bucketOf = .allocate(capacity: Self.maxRanks)
            within = .allocate(capacity: Self.maxRanks)
            start = .allocate(capacity: Self.maxRanks + 1)
            fill = .allocate(capacity: Self.maxRanks)
            bucketOfValue = .allocate(capacity: self.capacity)
        }

        deinit {
            for p in [wanted, bucketOf, within, start, fill, slot] { p.deallocate() }
            counts.deallocate(); gathered.deallocate(); picked.deallocate(); bucketOfValue.deallocate()
        }

        /// The quantiles at ascending probabilities `ps` (x[(n−1)p], linearly
        /// interpolated, as `quantile(sorted:_:)`) of `data`, whose minimum
        /// and maximum are `low` < `high`, both finite; `data` is not
        /// modified. `out` has one element per probability; at most 8.
        package func quantiles(_ data: UnsafeBufferPointer<Double>, low: Double, high: Double,
                              _ ps: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
            let n = data.count
            precondition(2 * ps.count <= Self.maxRanks && out.count >= ps.count)
            for (i, p) in ps.enumerated() {
                let k = Int((Double(n - 1) * p).rounded(.down))
                wanted[2 * i] = k; wanted[2 * i + 1] = Swift.min(k + 1, n - 1)
            }
            let ranks = UnsafeBufferPointer(start: wanted, count: 2 * ps.count)
            values(data, low: low, high: high, ranks: ranks, into: UnsafeMutableBufferPointer(start: picked, count: ranks.count))
            for (i, p) in ps.enumerated() {
                let position = Double(n - 1) * p
                let fraction = position - position.rounded(.down)
                let lower = picked[2 * i], upper = picked[2 * i + 1]
                out[i] = fraction > 0 ? (1 - fraction) * lower + fraction * upper : lower
            }
        }

        /// The values of ascending 0-based `ranks` (at most 16) in `data`,
        /// whose minimum and maximum are `low` < `high`, both finite;
        /// `data` is not modified.
        package func values(_ data: UnsafeBufferPointer<Double>, low: Double, high: Double,
                            ranks: UnsafeBufferPointer<Int>, into out: UnsafeMutableBufferPointer<Double>) {
            let n = data.count
            let count = ranks.count
            precondition(n <= capacity && count <= Self.maxRanks && low < high && out.count >= count)
            let top = Self.buckets - 1
            let scale = Double(Self.buckets) / (high - low)
            guard scale.isFinite, scale > 0 else {
                // A range too wide or too narrow for buckets: select in a copy.
                let copy = UnsafeMutableBufferPointer(start: gathered, count: n)
                _ = copy.initialize(from: data)
                for j in 0..<count { out[j] = unsafeSelect(copy, ranks[j]) }
                return
            }
            // Monotone in x: subtracting a constant, a finite positive factor,
            // truncation, and clamping the maximum into the top bucket.
            @inline(__always) func bucket(_ x: Double) -> Int {
                let t = (x - low) * scale
                return t < Double(top) ? Int(t) : top
            }
            counts.update(repeating: 0, count: Self.buckets)
            for i in 0..<n {
                let b = bucket(data[i])
                bucketOfValue[i] = UInt16(truncatingIfNeeded: b)
                counts[b] &+= 1
            }
            // Each rank's bucket and its rank inside it; the ranks ascend, so
            // one sweep over the buckets finds them all.
            var below = 0, j = 0, next = 0, segments = 0
            var c = 0
            while j < count {
                let size = Int(counts[c])
                while j < count && ranks[j] < below + size {
                    bucketOf[j] = c; within[j] = ranks[j] - below
                    if slot[c] < 0 { slot[c] = segments; start[segments] = next; next += size; segments += 1 }
                    j += 1
                }
                below += size
                c += 1
            }
            // Gather the values of those buckets, each into its segment.
            fill.update(repeating: 0, count: segments)
            for i in 0..<n {
                let s = slot[Int(bucketOfValue[i])]
                if s >= 0 { gathered[start[s] + fill[s]] = data[i]; fill[s] += 1 }
            }
            start[segments] = next
            for j in 0..<count {
                let s = slot[bucketOf[j]]
                let segment = UnsafeMutableBufferPointer(start: gathered + start[s], count: start[s + 1] - start[s])
                out[j] = unsafeSelect(segment, within[j])
            }
            for j in 0..<count { slot[bucketOf[j]] = -1 }
        }
    }

    /// Quantiles of unsorted data at each of `probabilities` (sorts a copy).
    public static func quantiles(_ data: [Double], _ probabilities: [Double]) throws(GSLError) -> [Double] {
        var sorted = data
        sort(&sorted)
        var out: [Double] = []
        out.reserveCapacity(probabilities.count)
        for p in probabilities { out.append(try quantile(sorted: sorted, p)) }
        return out
    }
}
