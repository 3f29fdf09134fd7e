import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel
@testable import FootprintReport
import FootprintTestSupport

/// A part whose bytes are intact but whose numbers are impossible (forged
/// with a valid checksum) is refused by the reader, saying what is wrong,
/// never trapped on by the merge's arithmetic.
@Suite struct PartSanityTests {
    static let yaml = """
        scenario: {name: parts, horizon: {start: 2025-01-01, end: 2026-01-01}, resolution: month}
        sites: [{name: s, grid: {intensity_kg_per_kwh: 0.4, source: test}, pue: {dist: uniform, min: 1.1, max: 1.3}}]
        fleets: [{name: f, accelerator: {tdp_w: 1000, idle_w: 100, source: test}, site: s, avg_power_w: 800, lifetime_years: 5, deploy: [{date: 2025-01-01, units: 1000}]}]
        """

    static func honest() throws -> MonteCarloPart {
        try MonteCarlo.runPart(try EvaluationPlan(try scenario(yaml)), samples: 300, seed: 1, shard: Shard(index: 1, count: 2)!, threads: 1)
    }

    static func roundTrip(_ p: MonteCarloPart) throws(PartFile.Failure) -> MonteCarloPart {
        var w = BinaryWriter()
        p.write(to: &w)
        var r = BinaryReader(w.bytes)
        return try MonteCarloPart.read(from: &r)
    }

    static func forged(_ p: MonteCarloPart, band: (QuantileBand) -> QuantileBand = { $0 }, samples: Int? = nil) -> MonteCarloPart {
        var bands = p.bands
        bands[0] = band(bands[0])
        return MonteCarloPart(samples: samples ?? p.samples, seed: p.seed, outputs: p.outputs, shard: p.shard, blocks: p.blocks, columns: p.columns,
                              blockSums: p.blockSums, low: p.low, high: p.high, bands: bands)
    }

    @Test func honestPartReadsBack() throws {
        let p = try Self.honest()
        // (Compared as bytes: a part may hold NaN, which equals nothing.)
        var a = BinaryWriter(), b = BinaryWriter()
        p.write(to: &a)
        try Self.roundTrip(p).write(to: &b)
        #expect(a.bytes == b.bytes)
    }

    @Test(arguments: [
        ("count 2^63 - 1", "counts add up past"),
        ("negative count", "counts -5 values"),
        ("too many below", "but the part holds 128 draws"),
    ])
    func forgedBandsAreRefused(_ what: String, _ expected: String) throws {
        let p = Self.forged(try Self.honest()) { b in
            switch what {
            case "count 2^63 - 1": QuantileBand(below: Int.max, values: b.values, counts: b.counts, above: b.above)
            case "negative count": QuantileBand(below: -5, values: b.values, counts: b.counts, above: b.above)
            default: QuantileBand(below: b.below + 10, values: b.values, counts: b.counts, above: b.above)
            }
        }
        #expect { try Self.roundTrip(p) } throws: { "\($0)".contains(expected) && "\($0)".contains("impossible") }
    }

    @Test func blocksMustMatchTheRun() throws {
        let p = Self.forged(try Self.honest(), samples: 30_000)
        #expect { try Self.roundTrip(p) } throws: { "\($0)".contains("but shard 1/2 of 30000 samples holds") }
    }
}
