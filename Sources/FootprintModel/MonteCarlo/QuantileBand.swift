/// What one part of the draws (a range of blocks) knows about one output
/// near one wanted rank: every value of the part in `[values.first,
/// values.last]`, with its multiplicity, and how many lie below and above.
///
/// Bands of several parts determine the k-th smallest value of their union
/// exactly when it lies where every part's count is known: at or above
/// each part's first value (unless the part has nothing below it) and at
/// or below each part's last value (unless it has nothing above it). Then
/// the number of values below any v there is the sum over parts of
/// `below + Σ counts of values < v`, with no estimate anywhere; otherwise
/// `value(ofRank:in:)` says so (nil) instead of guessing.
public struct QuantileBand: Sendable, Equatable {
    public var below: Int
    /// Distinct, ascending.
    public var values: [Double]
    public var counts: [Int]
    public var above: Int

    public init(below: Int, values: [Double], counts: [Int], above: Int) {
        self.below = below; self.values = values; self.counts = counts; self.above = above
    }

    public var total: Int { below + above + counts.reduce(0, +) }

    /// The band of ranks `lowRank...highRank` (0-based among `total`
    /// values) from `gathered`: sorted ascending, every value of the part
    /// in some interval that holds those ranks, `before` values lying below
    /// the interval. The one place a band is encoded, each value once with
    /// its multiplicity.
    static func from(sorted gathered: [Double], before: Int, total: Int, lowRank: Int, highRank: Int) -> QuantileBand {
        let first = gathered[lowRank - before], last = gathered[highRank - before]
        var band = QuantileBand(below: before, values: [], counts: [], above: 0)
        var n = 0
        for x in gathered {
            if x < first { band.below += 1; continue }
            if x > last { break }
            if let v = band.values.last, v == x { band.counts[band.counts.count - 1] += 1 } else {
                band.values.append(x); band.counts.append(1)
            }
            n += 1
        }
        band.above = total - band.below - n
        return band
    }

    /// A band of `count` values all equal to `value`.
    static func constant(_ value: Double, count: Int) -> QuantileBand {
        QuantileBand(below: 0, values: [value], counts: [count], above: 0)
    }

    /// A column without a band (its sum is NaN, so it has no statistic).
    static let none = QuantileBand(below: 0, values: [], counts: [], above: 0)

    /// The k-th smallest value (0-based) of the union of the parts whose
    /// bands these are, or nil when they do not determine it.
    public static func value(ofRank k: Int, in bands: [QuantileBand]) -> Double? {
        var low = -Double.infinity, high = Double.infinity
        for b in bands where !b.values.isEmpty {
            if b.below > 0 { low = Swift.max(low, b.values[0]) }
            if b.above > 0 { high = Swift.min(high, b.values[b.values.count - 1]) }
        }
        guard low <= high else { return nil }
        // Values below `low` in every part, then the known values in
        // [low, high] in ascending order.
        var base = 0
        var inside: [(Double, Int)] = []
        for b in bands {
            base += b.below
            for (v, c) in zip(b.values, b.counts) {
                if v < low { base += c } else if v <= high { inside.append((v, c)) }
            }
        }
        guard k >= base else { return nil }
        inside.sort { $0.0 < $1.0 }
        var below = base, i = 0
        while i < inside.count {
            let v = inside[i].0
            var here = 0
            while i < inside.count && inside[i].0 == v { here += inside[i].1; i += 1 }
            if k < below + here { return v }
            below += here
        }
        return nil
    }
}

/// The regions a pass counts an output's values in: below `a`, `buckets`
/// equal buckets over `[a, b]`, above `b` (NaN counts as above). `a` and
/// `b` come from the pilot's order statistics a little beyond the lowest
/// and highest wanted ranks, so the buckets are narrow where the ranks
/// fall; wherever a rank falls, the counts locate it exactly, as `region`
/// is monotone in the value.
struct QuantileZone: Sendable {
    static let buckets = 2048
    static let regions = buckets + 2
    let a: Double, b: Double, scale: Double

    init(a: Double, b: Double) {
        self.a = a; self.b = b
        let s = Double(Self.buckets) / (b - a)
        // b == a, or a range too narrow: one bucket (still monotone).
        scale = s.isFinite ? s : 0
    }

    /// The ranks among `m` pilot values whose values bound the zone:
    /// `QuantileRank.margin` below rank `low`·(m−1) and above rank
    /// `high`·(m−1).
    static func ranks(pilot m: Int, low: Double, high: Double) -> (Int, Int) {
        let lo = Swift.max(0, Int((QuantileRank(low, of: m).position - QuantileRank.margin(low, of: m, slack: 2)).rounded(.down)))
        let hi = Swift.min(m - 1, Int((QuantileRank(high, of: m).position + QuantileRank.margin(high, of: m, slack: 2)).rounded(.up)))
        return (lo, hi)
    }

    @inline(__always) func region(_ x: Double) -> Int {
        if x < a { return 0 }
        if x <= b {
            let t = (x - a) * scale
            return 1 + (t < Double(Self.buckets - 1) ? Int(t) : Self.buckets - 1)
        }
        return Self.buckets + 1
    }
}

/// Where the p-quantile of n values lies among their ranks (0-based), as
/// GSL defines it: at position (n−1)·p, interpolated between the ranks
/// `lower` = ⌊(n−1)·p⌋ and `upper`, the next one. The one rank formula of
/// the Monte Carlo.
struct QuantileRank {
    let position: Double
    let lower: Int
    let upper: Int

    init(_ p: Double, of n: Int) {
        position = Double(n - 1) * p
        lower = Int(position.rounded(.down))
        upper = Swift.min(lower + 1, n - 1)
    }

    /// From `lower` to `upper`, in [0, 1).
    var fraction: Double { position - Double(lower) }

    /// The quantile from the values at `lower` and `upper`.
    func interpolate(_ lowerValue: Double, _ upperValue: Double) -> Double {
        let f = fraction
        return f > 0 ? (1 - f) * lowerValue + f * upperValue : lowerValue
    }

    /// How many ranks a band around the p-quantile's rank among n values
    /// reaches either side: `sigmas` standard deviations of a sample
    /// quantile's rank, √(n·p·(1−p)), plus `slack` ranks. The one band
    /// formula. A shard's band (`slack` 16) must hold the whole run's rank
    /// or the merge is refused, and in a small part a few standard
    /// deviations are only a few ranks, so it keeps more; a pilot's zone or
    /// window (`slack` 2) only decides how many values a pass keeps (a
    /// window that misses costs a second pass, never a wrong result), so
    /// its slack only covers rounding a rank scaled to the pilot.
    static func margin(_ p: Double, of n: Int, sigmas: Double = 6, slack: Double) -> Double {
        sigmas * (Double(n) * p * (1 - p)).squareRoot() + slack
    }
}
