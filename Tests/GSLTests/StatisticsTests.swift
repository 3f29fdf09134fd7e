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

    @Test func emptyAndTooShortSamplesThrow() {
        #expect(throws: GSLError.self) { try Statistics.mean([]) }
        #expect(throws: GSLError.self) { try Statistics.variance([1]) }
        #expect(throws: GSLError.self) { try Statistics.quantile(sorted: [1, 2], 1.2) }
    }
}
