import Foundation
import FootprintModel

/// Hourly profiles are CSV files of 8,760 values, one per line, hour 0
/// being 1 January 00:00. Before the values may come comment lines starting
/// with `#` (where the data came from, its year, how it was derived) and
/// one header line; blank lines are skipped anywhere.
extension HourlyProfile {
    /// The largest profile file read: 8,760 lines of up to about 470 bytes
    /// (comments and a header included).
    public static let maximumBytes = 4 << 20

    /// A grid's profile of intensities relative to the average, normalized
    /// to a mean of 1.
    static func loadRelativeIntensities(_ file: String, at position: FilePosition, key: String, diag: Diagnostics) -> HourlyProfile? {
        let what = "relative to the year's average"
        guard let (values, sha256) = readValues(file, at: position, key: key, diag: diag, what: what, atMostOne: false) else { return nil }
        let mean = values.reduce(0, +) / Double(hours)
        guard mean > 0 else {
            diag.add(position, key, "the hourly profile '\(file)' is zero everywhere; give relative intensities with a positive mean")
            return nil
        }
        return HourlyProfile(path: file, values: values.map { $0 / mean }, sha256: sha256)
    }

    /// A contract's supply profile: each hour's output as a fraction of the
    /// contracted capacity (a capacity factor, 0 to 1).
    static func loadCapacityFactors(_ file: String, at position: FilePosition, key: String, diag: Diagnostics) -> HourlyProfile? {
        let what = "the hour's output as a fraction of capacity_mw"
        guard let (values, sha256) = readValues(file, at: position, key: key, diag: diag, what: what, atMostOne: true) else { return nil }
        return HourlyProfile(path: file, values: values, sha256: sha256)
    }

    /// Exactly 8,760 non-negative numbers (at most 1 if `atMostOne`), and
    /// the SHA-256 of the file; the first five bad lines are reported with
    /// their line numbers.
    private static func readValues(_ file: String, at position: FilePosition, key: String, diag: Diagnostics,
                                   what: String, atMostOne: Bool) -> ([Double], String)? {
        // Refused before reading: a profile is 8,760 short lines, so a file
        // of millions of rows is a mistake that must not fill memory.
        let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int
        if let size, size > maximumBytes {
            diag.add(position, key, "the hourly profile '\(file)' is \(size) bytes; a profile holds 8,760 values, "
                     + "one per line (at most \(maximumBytes) bytes): give one year of hourly values")
            return nil
        }
        // An empty file is read as empty text without Foundation, whose
        // String(contentsOfFile:) leaks 8 KiB on empty files (LeakSanitizer,
        // found by make fuzz; Swift 6.3.1's FoundationEssentials).
        // An empty file is not handed to Foundation, which leaks its read
        // buffer on empty files (LeakSanitizer, found by make fuzz).
        guard let bytes: [UInt8] = size == 0 ? [] : FileManager.default.contents(atPath: file).map({ [UInt8]($0) }) else {
            diag.add(position, key, "cannot read the hourly profile '\(file)': give a CSV file of \(hours) values, one per line, \(what)")
            return nil
        }
        var values: [Double] = []
        values.reserveCapacity(hours)
        var bad = 0
        var inData = false, hadHeader = false
        // Lines on bytes (LF, CR LF or CR), trimmed of blanks: a profile is
        // 8,760 lines, and a catalog names several, read at every start.
        var lineNumber = 0, start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            let next = end < bytes.count && bytes[end] == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A ? end + 2 : end + 1
            lineNumber += 1
            var a = start, b = end
            while a < b, bytes[a] == 0x20 || bytes[a] == 0x09 { a += 1 }
            while b > a, bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09 { b -= 1 }
            start = next
            if a == b { continue }
            if inData, let x = simpleDecimal(bytes[a..<b]), x >= 0, !atMostOne || x <= 1 {
                values.append(x)
                continue
            }
            let line = String(decoding: bytes[a..<b], as: UTF8.self)
            let number = parseNumber(line)
            let comment = bytes[a] == UInt8(ascii: "#")
            if !inData {
                if comment { continue }  // a comment before the data
                if number == nil, !hadHeader { hadHeader = true; continue }  // the header
                inData = true
            }
            guard let x = number, x >= 0, !atMostOne || x <= 1 else {
                if bad < 5 {
                    let allowed = atMostOne ? "a number from 0 to 1" : "a non-negative number"
                    let place = comment ? " (comments go before the values)" : ""
                    diag.add(FilePosition(file: file, line: lineNumber, column: 1), key,
                             "expected \(allowed) (\(what)), found '\(line.prefix(40))'\(place)")
                }
                bad += 1
                continue
            }
            values.append(x)
        }
        if bad > 0 { return nil }
        guard values.count == hours else {
            diag.add(position, key, "the hourly profile '\(file)' has \(values.count) values; expected \(hours), one per hour of a 365-day year")
            return nil
        }
        return (values, SHA256.hex(bytes))
    }

    /// `DIGITS[.DIGITS]` with at most 15 significant digits, as a double,
    /// or nil (the caller then parses it as a model's number). Exact: the
    /// digits and the power of ten are both exact doubles (< 2^53 and ≤
    /// 10^22), so the one division rounds correctly, as `strtod` does.
    static func simpleDecimal(_ text: ArraySlice<UInt8>) -> Double? {
        var mantissa: UInt64 = 0, digits = 0, fraction = 0, seenPoint = false
        for c in text {
            if c == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            if mantissa == 0 && c == UInt8(ascii: "0") {
                if seenPoint { fraction += 1 }
                continue
            }
            digits += 1
            if digits > 15 { return nil }
            mantissa = mantissa * 10 + UInt64(c - UInt8(ascii: "0"))
            if seenPoint { fraction += 1 }
        }
        guard !text.isEmpty, text.first != UInt8(ascii: "."), text.last != UInt8(ascii: "."), fraction <= 22 else { return nil }
        return Double(mantissa) / powersOfTen[fraction]
    }

    private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { x, _ in x * 10 } }
}
