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
    public static func unsafeQuantile(sorted data: UnsafeBufferPointer<Double>, _ p: Double) -> Double {
        gsl_stats_quantile_from_sorted_data(data.baseAddress, 1, data.count, p)
    }

    static func unsafeQuantile(sorted data: [Double], _ p: Double) -> Double {
        data.withUnsafeBufferPointer { unsafeQuantile(sorted: $0, p) }
    }

    /// The k-th smallest value (0-based) of `data`, by quickselect in O(n)
    /// (`gsl_stats_select`); `data` is reordered. `k` must be < `data.count`.
    @inline(__always)
    public static func unsafeSelect(_ data: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        gsl_stats_select(data.baseAddress, 1, data.count, k)
    }

    /// The quantile at `p` of unsorted data, with the same definition as
    /// `quantile(sorted:_:)` (x[(n−1)p], linearly interpolated), by two
    /// selections instead of a sort. `data` is reordered; it must not be empty.
    public static func unsafeQuantile(unsorted data: UnsafeMutableBufferPointer<Double>, _ p: Double) -> Double {
        let position = Double(data.count - 1) * p
        let k = Int(position.rounded(.down))
        let lower = unsafeSelect(data, k)
        let fraction = position - Double(k)
        guard fraction > 0, k + 1 < data.count else { return lower }
        let upper = unsafeSelect(data, k + 1)
        return lower + (upper - lower) * fraction
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
