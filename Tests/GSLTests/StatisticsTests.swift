import Testing
@testable import GSL

@Suite struct StatisticsTests {
    @Test func meanAndVariance() throws {
        #expect(try Statistics.mean([1, 2, 3, 4]) == 2.5)
        // Σ(x − 2.5)² = 5, / (n − 1) = 5/3.
        #expect(abs(try Statistics.variance([1, 2, 3, 4]) - 5.0 / 3.0) < 1e-15)
    }

    @Test func weightedMean() throws {
        #expect(abs(try Statistics.weightedMean([1, 2, 3], weights: [1, 1, 2]) - 9.0 / 4.0) < 1e-15)
        #expect(throws: GSLError.self) { try Statistics.weightedMean([1, 2], weights: [0, 0]) }
    }

    /// GSL's quantile is x[(n−1)p] with linear interpolation (Hyndman–Fan 7).
    @Test(arguments: [(0.0, 1.0), (0.1, 1.4), (0.25, 2.0), (0.5, 3.0), (0.95, 4.8), (1.0, 5.0)])
    func quantileOfSortedData(_ p: Double, _ expected: Double) throws {
        #expect(abs(try Statistics.quantile(sorted: [1, 2, 3, 4, 5], p) - expected) < 1e-12)
    }

    @Test func quantilesSortFirst() throws {
        #expect(try Statistics.quantiles([5, 1, 4, 2, 3], [0.5, 0.25]) == [3, 2])
    }

    /// The selection-based quantiles equal those of the sorted data, for
    /// sizes with and without interpolation, ties and repeated ranks; and
    /// `gsl_stats_select` leaves the data partitioned, which they rely on.
    @Test(arguments: [1, 2, 3, 20, 21, 1000, 10_001])
    func quantilesBySelectionMatchSorting(_ n: Int) throws {
        let stream = RandomStream(seed: 7, stream: UInt64(n))
        // Rounded values give ties.
        let data = (0..<n).map { _ in (ProbabilityDistribution.normal(mean: 0, sd: 1).sample(stream) * 8).rounded() }
        var sorted = data
        Statistics.sort(&sorted)
        let ps = [0.0, 0.05, 0.05, 0.5, 0.95, 1.0]
        var work = data
        var out = [Double](repeating: .nan, count: ps.count)
        work.withUnsafeMutableBufferPointer { w in
            ps.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { Statistics.unsafeQuantiles(unsorted: w, p, into: $0) } }
        }
        for (p, q) in zip(ps, out) { #expect(q == (try Statistics.quantile(sorted: sorted, p)), "n = \(n), p = \(p)") }

        // The histogram selector, on these ties and on a heavy tail.
        let selector = Statistics.QuantileSelector(capacity: n)
        let tail = (0..<n).map { _ in ProbabilityDistribution.lognormal(mu: 0, sigma: 4).sample(stream) }
        for sample in [data, tail] where sample.min()! < sample.max()! {
            var sortedSample = sample
            Statistics.sort(&sortedSample)
            var q = [Double](repeating: .nan, count: ps.count)
            sample.withUnsafeBufferPointer { x in
                ps.withUnsafeBufferPointer { p in
                    q.withUnsafeMutableBufferPointer { selector.quantiles(x, low: sortedSample.first!, high: sortedSample.last!, p, into: $0) }
                }
            }
            for (p, v) in zip(ps, q) { #expect(v == (try Statistics.quantile(sorted: sortedSample, p)), "selector, n = \(n), p = \(p)") }
        }

        var partitioned = data
        let k = n / 3
        let kth = partitioned.withUnsafeMutableBufferPointer { Statistics.unsafeSelect($0, k) }
        #expect(kth == sorted[k])
        #expect(partitioned[k] == kth)
        #expect(partitioned[..<k].allSatisfy { $0 <= kth } && partitioned[(k + 1)...].allSatisfy { $0 >= kth })
    }

    @Test func emptyAndTooShortSamplesThrow() {
        #expect(throws: GSLError.self) { try Statistics.mean([]) }
        #expect(throws: GSLError.self) { try Statistics.variance([1]) }
        #expect(throws: GSLError.self) { try Statistics.quantile(sorted: [1, 2], 1.2) }
    }
}
