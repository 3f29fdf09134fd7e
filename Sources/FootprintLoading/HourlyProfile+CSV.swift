import Foundation
import FootprintModel

/// Hourly profiles are CSV files of 8,760 values, one per line, hour 0
/// being 1 January 00:00. Before the values may come comment lines starting
/// with `#` (where the data came from, its year, how it was derived) and
/// one header line; blank lines are skipped anywhere.
extension HourlyProfile {
    /// A grid's profile of intensities relative to the average, normalized
    /// to a mean of 1.
    static func loadRelativeIntensities(_ file: String, at position: FilePosition, key: String, diag: Diagnostics) -> HourlyProfile? {
        let what = "relative to the year's average"
        guard let values = readValues(file, at: position, key: key, diag: diag, what: what, atMostOne: false) else { return nil }
        let mean = values.reduce(0, +) / Double(hours)
        guard mean > 0 else {
            diag.add(position, key, "the hourly profile '\(file)' is zero everywhere; give relative intensities with a positive mean")
            return nil
        }
        return HourlyProfile(path: file, values: values.map { $0 / mean })
    }

    /// A contract's supply profile: each hour's output as a fraction of the
    /// contracted capacity (a capacity factor, 0 to 1).
    static func loadCapacityFactors(_ file: String, at position: FilePosition, key: String, diag: Diagnostics) -> HourlyProfile? {
        let what = "the hour's output as a fraction of capacity_mw"
        guard let values = readValues(file, at: position, key: key, diag: diag, what: what, atMostOne: true) else { return nil }
        return HourlyProfile(path: file, values: values)
    }

    /// Exactly 8,760 non-negative numbers (at most 1 if `atMostOne`); the
    /// first five bad lines are reported with their line numbers.
    private static func readValues(_ file: String, at position: FilePosition, key: String, diag: Diagnostics,
                                   what: String, atMostOne: Bool) -> [Double]? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            diag.add(position, key, "cannot read the hourly profile '\(file)': give a CSV file of \(hours) values, one per line, \(what)")
            return nil
        }
        var values: [Double] = []
        values.reserveCapacity(hours)
        var bad = 0
        var inData = false, hadHeader = false
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let number = parseNumber(line)
            if !inData {
                if line.hasPrefix("#") { continue }  // a comment before the data
                if number == nil, !hadHeader { hadHeader = true; continue }  // the header
                inData = true
            }
            guard let x = number, x >= 0, !atMostOne || x <= 1 else {
                if bad < 5 {
                    let allowed = atMostOne ? "a number from 0 to 1" : "a non-negative number"
                    let place = line.hasPrefix("#") ? " (comments go before the values)" : ""
                    diag.add(FilePosition(file: file, line: i + 1, column: 1), key,
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
        return values
    }
}
