import Testing
@testable import FootprintModel

/// Which variants a sweep runs.
@Suite struct SweepDesignTests {
    @Test func gridIsEveryCombinationLastAxisFastest() {
        let v = Sweep.grid([SweepAxis(path: "a", values: ["1", "2"]), SweepAxis(path: "b", values: ["x", "y", "z"])])
        #expect(v.map(\.values) == [["1", "x"], ["1", "y"], ["1", "z"], ["2", "x"], ["2", "y"], ["2", "z"]])
        #expect(v.map(\.number) == Array(1...6))
        #expect(v[4].overrides([SweepAxis(path: "a", values: []), SweepAxis(path: "b", values: [])]) == ["a=2", "b=y"])
    }

    /// Each axis's range cut into N strata holds exactly one point per
    /// stratum; the same seed gives the same points, another seed others.
    @Test(arguments: [1, 7, 64])
    func latinHypercubeHasOnePointPerStratum(_ n: Int) {
        let axes = [SweepAxis(path: "a", range: 1.1...1.5), SweepAxis(path: "b", range: 0...100)]
        let v = Sweep.latinHypercube(axes, points: n, seed: 42)
        #expect(v.count == n)
        for (i, axis) in axes.enumerated() {
            let r = axis.range!
            let strata = v.map { Int((Double($0.values[i])! - r.lowerBound) / (r.upperBound - r.lowerBound) * Double(n)) }
            #expect(strata.sorted() == Array(0..<n), "axis \(axis.path)")
        }
        #expect(Sweep.latinHypercube(axes, points: n, seed: 42) == v)
        if n > 1 { #expect(Sweep.latinHypercube(axes, points: n, seed: 43) != v) }
    }
}
