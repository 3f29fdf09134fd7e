import FootprintModel

// The payloads of `sweep` and `sensitivity` parts (a run's is one
// `MonteCarloPart`, in PartFile.swift).

extension MonteCarloPart {
    /// A sweep's part: how many variants, then each variant's part in
    /// variant order.
    public static func write(variants parts: [MonteCarloPart], to w: inout BinaryWriter) {
        w.int(parts.count)
        for p in parts { p.write(to: &w) }
    }

    /// Reads what `write(variants:to:)` wrote.
    public static func readVariants(from r: inout BinaryReader) throws(PartFile.Failure) -> [MonteCarloPart] {
        // Each part is at least nine words, which bounds the count.
        let n = try r.int()
        guard n >= 0, n <= r.remaining / 72 else { throw .corrupt }
        var parts: [MonteCarloPart] = []
        parts.reserveCapacity(n)
        for _ in 0..<n { parts.append(try read(from: &r)) }
        return parts
    }
}

extension SensitivityPart {
    /// Appends the part's content.
    public func write(to w: inout BinaryWriter) {
        for x in [method.rawValue, shard.index, shard.count, total, items.lowerBound, items.upperBound] { w.int(x) }
        w.doubles(values)
    }

    /// Reads what `write(to:)` wrote.
    public static func read(from r: inout BinaryReader) throws(PartFile.Failure) -> SensitivityPart {
        let method = try r.int(), index = try r.int(), count = try r.int(), total = try r.int()
        let lower = try r.int(), upper = try r.int()
        guard let method = Method(rawValue: method), let shard = Shard(index: index, count: count),
              total >= 0, 0 <= lower, lower <= upper, upper <= total else { throw .corrupt }
        return SensitivityPart(method: method, shard: shard, total: total, items: lower..<upper, values: try r.doubles())
    }
}
