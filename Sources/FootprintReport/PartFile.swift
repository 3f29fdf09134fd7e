import Foundation
import FootprintModel

/// A shard's partial result (`--shard I/N`), as `footprint merge` reads it.
///
/// Layout: the line `footprint-part 1` (the layout's version), one line of
/// JSON saying what was computed (tool version, model and its SHA-256,
/// overrides, seed, samples, the format asked for, the shard, the size and
/// SHA-256 of the payload), then the payload: little-endian 64-bit
/// integers and IEEE doubles (bit for bit, so nothing is lost in text).
/// A truncated or altered file fails the payload's length or checksum.
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
        public var fleetPeriods: Bool
        public var sitePeriods: Bool
        public var payloadBytes: Int = 0
        public var payloadSHA256: String = ""

        public init(command: String, model: String, modelSHA256: String, overrides: [String], seed: UInt64, samples: Int,
                    format: String, shard: Shard, outputs: OutputSelection) {
            toolVersion = FootprintVersion.current
            self.command = command; self.model = model; self.modelSHA256 = modelSHA256; self.overrides = overrides
            self.seed = String(seed); self.samples = samples; self.format = format; self.shard = shard.description
            fleetPeriods = outputs.fleetPeriods; sitePeriods = outputs.sitePeriods
        }

        /// What must agree between the parts of one computation.
        public var identity: [String] {
            [toolVersion, command, model, modelSHA256, overrides.joined(separator: "\u{1}"), seed, String(samples), format,
             String(shard.split(separator: "/").last ?? ""), String(fleetPeriods), String(sitePeriods)]
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case notAPart(String), truncated(String), corrupt(String)

        public var description: String {
            switch self {
            case let .notAPart(f): "\(f): error: not a footprint part file (written by footprint ... --shard I/N --output FILE)"
            case let .truncated(f): "\(f): error: the part is truncated (its payload is shorter than its header says); compute this shard again"
            case let .corrupt(f): "\(f): error: the part's payload does not match its checksum; compute this shard again"
            }
        }
    }

    public var header: Header
    public var part: MonteCarloPart

    public init(header: Header, part: MonteCarloPart) { self.header = header; self.part = part }

    public func encoded() -> Data {
        var w = BinaryWriter()
        let p = part
        for x in [p.blocks.lowerBound, p.blocks.upperBound, p.columns, p.blockSums.count, p.low.count, p.bands.count] { w.int(x) }
        for x in p.blockSums { w.double(x) }
        for x in p.low { w.double(x) }
        for x in p.high { w.double(x) }
        for b in p.bands {
            w.int(b.below); w.int(b.above); w.int(b.values.count)
            for v in b.values { w.double(v) }
            for c in b.counts { w.int(c) }
        }
        var h = header
        h.payloadBytes = w.data.count
        h.payloadSHA256 = SHA256.hex([UInt8](w.data))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data((Self.magic + "\n").utf8)
        out.append((try? encoder.encode(h)) ?? Data())
        out.append(Data("\n".utf8))
        out.append(w.data)
        return out
    }

    public static func decode(_ data: Data, file: String) throws(Failure) -> PartFile {
        let newline = UInt8(ascii: "\n")
        guard data.starts(with: Data((magic + "\n").utf8)) else { throw .notAPart(file) }
        let afterMagic = data.startIndex + magic.utf8.count + 1
        guard let end = data[afterMagic...].firstIndex(of: newline),
              let header = try? JSONDecoder().decode(Header.self, from: data[afterMagic..<end]),
              let seed = UInt64(header.seed), let shard = Shard(header.shard) else { throw .notAPart(file) }
        let payload = Data(data[(end + 1)...])
        guard payload.count >= header.payloadBytes else { throw .truncated(file) }
        guard payload.count == header.payloadBytes, SHA256.hex([UInt8](payload)) == header.payloadSHA256 else { throw .corrupt(file) }
        var r = BinaryReader(payload)
        do {
            let lower = try r.int(), upper = try r.int(), columns = try r.int(), sums = try r.int(), lows = try r.int(), bandCount = try r.int()
            guard lower <= upper else { throw Failure.corrupt(file) }
            let blockSums = try r.doubles(sums), low = try r.doubles(lows), high = try r.doubles(lows)
            var bands: [QuantileBand] = []
            for _ in 0..<bandCount {
                let below = try r.int(), above = try r.int(), n = try r.int()
                bands.append(QuantileBand(below: below, values: try r.doubles(n), counts: try r.ints(n), above: above))
            }
            let outputs = OutputSelection(fleetPeriods: header.fleetPeriods, sitePeriods: header.sitePeriods)
            let part = MonteCarloPart(samples: header.samples, seed: seed, outputs: outputs, shard: shard, blocks: lower..<upper,
                                      columns: columns, blockSums: blockSums, low: low, high: high, bands: bands)
            return PartFile(header: header, part: part)
        } catch {
            throw .corrupt(file)
        }
    }
}

/// Little-endian 64-bit values appended to a buffer.
struct BinaryWriter {
    var data = Data()
    mutating func int(_ x: Int) { withUnsafeBytes(of: Int64(x).littleEndian) { data.append(contentsOf: $0) } }
    mutating func double(_ x: Double) { withUnsafeBytes(of: x.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
}

/// Reads what `BinaryWriter` wrote; throws past the end.
struct BinaryReader {
    struct End: Error {}
    let bytes: [UInt8]
    var offset = 0

    init(_ data: Data) { bytes = [UInt8](data) }

    mutating func word() throws(End) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw End() }
        var x: UInt64 = 0
        for i in 0..<8 { x |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return x
    }

    mutating func int() throws(End) -> Int { Int(Int64(bitPattern: try word())) }
    mutating func double() throws(End) -> Double { Double(bitPattern: try word()) }

    mutating func doubles(_ n: Int) throws(End) -> [Double] {
        guard n >= 0, offset + 8 * n <= bytes.count else { throw End() }
        var out = [Double](); out.reserveCapacity(n)
        for _ in 0..<n { out.append(try double()) }
        return out
    }

    mutating func ints(_ n: Int) throws(End) -> [Int] {
        guard n >= 0, offset + 8 * n <= bytes.count else { throw End() }
        var out = [Int](); out.reserveCapacity(n)
        for _ in 0..<n { out.append(try int()) }
        return out
    }
}
