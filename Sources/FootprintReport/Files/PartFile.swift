import Foundation
import FootprintModel

/// A shard's partial result (`--shard I/N`), as `footprint merge` reads it.
///
/// Layout: the line `footprint-part 1` (the layout's version), one line of
/// JSON saying what was computed (tool version, command, model and its
/// SHA-256, overrides, seed, samples, the format and options asked for, the
/// shard, the size and SHA-256 of the payload), then the payload:
/// little-endian 64-bit integers and IEEE doubles (bit for bit, so nothing
/// is lost in text), whose content depends on the command. A truncated or
/// altered file fails the payload's length or checksum.
public struct PartFile: Sendable, Equatable {
    public static let magic = "footprint-part 1"

    public struct Header: Codable, Sendable, Equatable {
        public var toolVersion: String
        public var command: String
        public var model: String
        public var modelSHA256: String
        public var overrides: [String]
        public var seed: String
        public var samples: Int
        public var format: String
        public var shard: String
        /// The command's other options that decide its output (a sweep's
        /// axes, a sensitivity's metric and method), as given.
        public var options: [String]
        public var payloadBytes: Int = 0
        public var payloadSHA256: String = ""

        public init(command: String, model: String, modelSHA256: String, overrides: [String], seed: UInt64, samples: Int,
                    format: String, shard: Shard, options: [String] = []) {
            toolVersion = FootprintVersion.current
            self.command = command; self.model = model; self.modelSHA256 = modelSHA256; self.overrides = overrides
            self.seed = String(seed); self.samples = samples; self.format = format; self.shard = shard.description
            self.options = options
        }

        /// The shard, as written by `init` (decoding checks it).
        public var parsedShard: Shard { Shard(shard)! }
    }

    public enum Failure: Error, CustomStringConvertible {
        case notAPart, truncated, corrupt
        /// Intact (the checksum matches) but its numbers cannot be right.
        case impossible(String)

        public var description: String {
            switch self {
            case let .impossible(why): "the part's numbers are impossible (\(why)): it was altered or written by another program; compute this shard again"
            case .notAPart: "not a footprint part file (written by footprint run, sweep or sensitivity with --shard I/N --output FILE)"
            case .truncated: "the part is truncated (its payload is shorter than its header says); compute this shard again"
            case .corrupt: "the part's payload does not match its checksum or layout; compute this shard again"
            }
        }
    }

    public var header: Header
    /// The command's own content (`BinaryWriter`'s encoding).
    public var payload: [UInt8]

    public init(header: Header, payload: [UInt8]) { self.header = header; self.payload = payload }

    public func encoded() -> [UInt8] {
        var h = header
        h.payloadBytes = payload.count
        h.payloadSHA256 = SHA256.hex(payload)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Array((Self.magic + "\n").utf8)
        out += (try? encoder.encode(h)).map { [UInt8]($0) } ?? []
        out.append(UInt8(ascii: "\n"))
        out += payload
        return out
    }

    /// From a file's first bytes (at least the magic line and the header
    /// line), the whole file's size its header declares; before reading the
    /// rest, so that a file that is not a part is refused after a few bytes.
    public static func declaredSize(_ prefix: [UInt8]) throws(Failure) -> Int {
        let magicBytes = Array((magic + "\n").utf8)
        guard prefix.starts(with: magicBytes) else { throw .notAPart }
        guard let end = prefix[magicBytes.count...].firstIndex(of: UInt8(ascii: "\n")),
              let header = try? JSONDecoder().decode(Header.self, from: Data(prefix[magicBytes.count..<end])),
              header.payloadBytes >= 0 else { throw .notAPart }
        return end + 1 + header.payloadBytes
    }

    public static func decode(_ data: [UInt8]) throws(Failure) -> PartFile {
        let newline = UInt8(ascii: "\n")
        let magicBytes = Array((magic + "\n").utf8)
        guard data.starts(with: magicBytes) else { throw .notAPart }
        let afterMagic = magicBytes.count
        guard let end = data[afterMagic...].firstIndex(of: newline),
              let header = try? JSONDecoder().decode(Header.self, from: Data(data[afterMagic..<end])),
              UInt64(header.seed) != nil, Shard(header.shard) != nil else { throw .notAPart }
        let payload = Array(data[(end + 1)...])
        guard payload.count >= header.payloadBytes else { throw .truncated }
        guard payload.count == header.payloadBytes, SHA256.hex(payload) == header.payloadSHA256 else { throw .corrupt }
        return PartFile(header: header, payload: payload)
    }
}

/// Little-endian 64-bit values appended to a buffer.
public struct BinaryWriter {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public mutating func int(_ x: Int) { withUnsafeBytes(of: Int64(x).littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func double(_ x: Double) { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func doubles(_ xs: [Double]) { int(xs.count); for x in xs { double(x) } }
    public mutating func ints(_ xs: [Int]) { int(xs.count); for x in xs { int(x) } }
}

/// Reads what `BinaryWriter` wrote; throws `PartFile.Failure.corrupt` past
/// the end or on a count that cannot be right.
public struct BinaryReader {
    let bytes: [UInt8]
    var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var atEnd: Bool { offset == bytes.count }

    /// Bytes not read yet.
    public var remaining: Int { bytes.count - offset }

    mutating func word() throws(PartFile.Failure) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw .corrupt }
        var x: UInt64 = 0
        for i in 0..<8 { x |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return x
    }

    public mutating func int() throws(PartFile.Failure) -> Int { Int(Int64(bitPattern: try word())) }
    public mutating func double() throws(PartFile.Failure) -> Double { Double(bitPattern: try word()) }

    /// A count written before `n` values: non-negative and no more than the
    /// bytes left.
    mutating func count() throws(PartFile.Failure) -> Int {
        let n = try int()
        guard n >= 0, n <= (bytes.count - offset) / 8 else { throw .corrupt }
        return n
    }

    public mutating func doubles() throws(PartFile.Failure) -> [Double] {
        let n = try count()
        var out = [Double](); out.reserveCapacity(n)
        for _ in 0..<n { out.append(try double()) }
        return out
    }

    public mutating func ints() throws(PartFile.Failure) -> [Int] {
        let n = try count()
        var out = [Int](); out.reserveCapacity(n)
        for _ in 0..<n { out.append(try int()) }
        return out
    }
}

extension MonteCarloPart {
    /// Appends the part's content.
    public func write(to w: inout BinaryWriter) {
        for x in [samples, Int(bitPattern: UInt(seed)), outputs.fleetPeriods ? 1 : 0, outputs.sitePeriods ? 1 : 0,
                  outputs.scopes ? 1 : 0, outputs.periodPercentiles ? 1 : 0, shard.index, shard.count, blocks.lowerBound, blocks.upperBound, columns] { w.int(x) }
        w.doubles(blockSums); w.doubles(low); w.doubles(high)
        w.int(bands.count)
        for b in bands {
            w.int(b.below); w.int(b.above)
            w.doubles(b.values); w.ints(b.counts)
        }
    }

    /// Reads what `write(to:)` wrote.
    public static func read(from r: inout BinaryReader) throws(PartFile.Failure) -> MonteCarloPart {
        let samples = try r.int(), seed = UInt64(bitPattern: Int64(try r.int()))
        let outputs = OutputSelection(fleetPeriods: try r.int() != 0, sitePeriods: try r.int() != 0,
                                      scopes: try r.int() != 0, periodPercentiles: try r.int() != 0)
        let index = try r.int(), count = try r.int()
        let lower = try r.int(), upper = try r.int(), columns = try r.int()
        // Every count and size against the others and against the run the
        // part claims to be: a checksum proves the bytes intact, not sane.
        guard samples >= 1, samples <= 1 << 50 else { throw .impossible("\(samples) samples") }
        guard let shard = Shard(index: index, count: count) else { throw .impossible("shard \(index) of \(count)") }
        let blocks = lower..<max(lower, upper)
        guard lower >= 0, lower <= upper, blocks == shard.range(of: MonteCarlo.blocks(samples: samples)) else {
            throw .impossible("blocks \(lower) to \(upper), but shard \(shard) of \(samples) samples holds \(shard.range(of: MonteCarlo.blocks(samples: samples)))")
        }
        guard columns >= 0, columns <= 1 << 32 else { throw .impossible("\(columns) columns") }
        let draws = blocks.isEmpty ? 0 : min(samples, upper * MonteCarlo.blockSize) - lower * MonteCarlo.blockSize
        let blockSums = try r.doubles(), low = try r.doubles(), high = try r.doubles()
        guard blockSums.count == blocks.count * columns, low.count == columns, high.count == columns else {
            throw .impossible("\(blockSums.count) block sums and \(low.count) minima for \(blocks.count) blocks of \(columns) columns")
        }
        let n = try r.count()
        guard n == (columns == 0 ? 0 : columns * MonteCarlo.probabilities.count) else {
            throw .impossible("\(n) quantile bands for \(columns) columns")
        }
        var bands: [QuantileBand] = []
        bands.reserveCapacity(n)
        for b in 0..<n {
            let below = try r.int(), above = try r.int()
            let values = try r.doubles(), counts = try r.ints()
            guard values.count == counts.count else { throw .corrupt }
            // Counts non-negative, values ascending, and all of them adding up
            // to the part's draws, without overflow.
            var total = 0, overflow = false
            for c in [below, above] + counts {
                guard c >= 0 else { throw .impossible("band \(b) counts \(c) values") }
                (total, overflow) = total.addingReportingOverflow(c)
                if overflow { throw .impossible("band \(b)'s counts add up past any number of draws") }
            }
            // (An empty band is one the merge never reads: an output zero in every draw.)
            guard total == draws || total == 0 else { throw .impossible("band \(b) counts \(total) values but the part holds \(draws) draws") }
            guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }), counts.allSatisfy({ $0 >= 1 }) else {
                throw .impossible("band \(b)'s values are not distinct and ascending")
            }
            bands.append(QuantileBand(below: below, values: values, counts: counts, above: above))
        }
        return MonteCarloPart(samples: samples, seed: seed, outputs: outputs, shard: shard, blocks: lower..<upper, columns: columns,
                              blockSums: blockSums, low: low, high: high, bands: bands)
    }
}
