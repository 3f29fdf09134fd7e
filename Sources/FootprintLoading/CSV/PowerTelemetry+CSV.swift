import Foundation
import FootprintModel

/// Measured (utilization, power) samples of one accelerator, read from a
/// CSV file, for `footprint calibrate`.
///
/// Two forms are read, told apart by the header (the first line that is
/// not blank and not a `#` comment):
///
/// * nvidia-smi's, as `nvidia-smi --query-gpu=timestamp,utilization.gpu,power.draw
///   --format=csv` writes it: `timestamp, utilization.gpu [%], power.draw [W]`
///   and rows like `2024/01/01 10:00:00.000, 87 %, 512.34 W`. Columns are
///   found by name, so other query fields (`index`, `name`, ...) may be
///   present; `power.draw.average` or `power.draw.instant` may replace
///   `power.draw`; `--format=csv,nounits` values (no `%`, `W`) are read too.
///   A repeated header line (logs appended to) is skipped.
/// * a plain one: `utilization,power_w`, utilization a fraction from 0 to 1.
///   A header `utilization_pct` (or `utilization_percent`, `utilization [%]`)
///   says the utilization is in percent, 0 to 100. The header decides,
///   never the values: a file of fractions in 0..1 is not guessed to be
///   percent or the reverse.
///
/// Utilization is returned as a fraction (percent / 100); power in watts.
public struct PowerTelemetry: Sendable {
    public enum Form: String, Sendable { case nvidiaSMI = "nvidia-smi", plain }

    public let file: String
    public let form: Form
    /// Busy fraction, 0 to 1, one per sample.
    public let utilization: [Double]
    public let powerW: [Double]

    public var count: Int { utilization.count }

    /// The largest telemetry file read: 512 MiB, about 10 million readings.
    static let maximumBytes = 512 << 20

    /// At most this many bad cells are listed; the rest are counted.
    static let maximumListedProblems = 10

    /// Reads `path`, refusing the file with every problem's `file:line:column`.
    public static func load(_ path: String) throws(ModelErrors) -> PowerTelemetry {
        let top = FilePosition(file: path, line: 0, column: 0)
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        // The size and the first bytes before the whole file: a file far
        // larger than any telemetry, or one that is not text, is refused
        // before it is read.
        if let size, size > maximumBytes {
            throw ModelErrors([ModelIssue(top, "", "the file is \(size) bytes; telemetry files are limited to \(maximumBytes) bytes (about 10 million readings): resample it, or split it and calibrate on a part")])
        }
        if let size, size > 0, let h = FileHandle(forReadingAtPath: path) {
            let head = (try? h.read(upToCount: 4096)) ?? Data()
            try? h.close()
            if head.contains(0) || String(data: head, encoding: .utf8) == nil && head.count < 4096 {
                throw ModelErrors([ModelIssue(top, "", "not UTF-8 text: give a CSV file of utilization and power samples")])
            }
        }
        // Not through Foundation when empty: it leaks its buffer then (make fuzz).
        let empty = size == 0
        guard let data = empty ? Data() : FileManager.default.contents(atPath: path) else {
            throw ModelErrors([ModelIssue(top, "", FileManager.default.fileExists(atPath: path)
                ? "cannot be read (permissions, or a directory?)" : "no such file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelErrors([ModelIssue(top, "", "not UTF-8 text: give a CSV file of utilization and power samples")])
        }
        return try parse(text, file: path)
    }

    /// Parses CSV text; `file` is named in errors.
    public static func parse(_ text: String, file: String) throws(ModelErrors) -> PowerTelemetry {
        let diag = Diagnostics()
        var header: Header?
        var headerLine = ""
        var utilization: [Double] = [], power: [Double] = []
        var problems = 0
        func report(_ line: Int, _ column: Int, _ path: String, _ message: String) {
            problems += 1
            if problems <= maximumListedProblems { diag.add(FilePosition(file: file, line: line, column: column), path, message) }
        }
        // `isNewline`: "\r\n" is one Character in Swift, so splitting on
        // "\n" would not split Windows line ends.
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let h = header else {
                switch Header.parse(line) {
                case let .header(h): header = h; headerLine = line
                case let .problem(message): report(i + 1, 1, "", message)
                }
                if header == nil { break } else { continue }
            }
            if line == headerLine { continue }
            let cells = splitCells(String(raw))
            guard cells.count == h.columnCount else {
                report(i + 1, 1, "", "\(cells.count) cells; the header has \(h.columnCount) (\(h.names.joined(separator: ", ")))")
                continue
            }
            let u = h.utilization.read(cells[h.utilization.index], line: i + 1, report: report)
            let p = h.power.read(cells[h.power.index], line: i + 1, report: report)
            guard let u, let p else { continue }
            utilization.append(u); power.append(p)
        }
        if header == nil, problems == 0 {
            report(1, 1, "", "the file has no header and no samples; " + Header.expected)
        }
        if problems > maximumListedProblems {
            diag.add(FilePosition(file: file, line: 0, column: 0), "", "\(problems - maximumListedProblems) more problems not listed")
        }
        try diag.throwIfAny()
        return PowerTelemetry(file: file, form: header!.form, utilization: utilization, powerW: power)
    }
}

/// The header of a telemetry CSV: which column holds what, in which unit.
private struct Header {
    struct Column {
        let index: Int
        let name: String
        /// 1/100 for percent, 1 for fractions and watts.
        let scale: Double
        /// The unit a value may carry after the number (`%`, `W`).
        let suffix: String?
        let upper: Double
        let what: String

        /// The cell's value (scaled), or nil after reporting why not.
        func read(_ cell: (text: String, column: Int), line: Int, report: (Int, Int, String, String) -> Void) -> Double? {
            var text = cell.text
            if let suffix, text.hasSuffix(suffix) { text = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces) }
            guard let x = parseNumber(text), x.isFinite else {
                let hint = cell.text.hasPrefix("[") ? " (nvidia-smi writes [N/A] or [Not Supported] where it has no reading: remove those rows)" : ""
                report(line, cell.column, name, "'\(cell.text)' is not a number; expected \(what)\(hint)")
                return nil
            }
            guard x >= 0 else {
                report(line, cell.column, name, "\(cell.text) is negative; expected \(what)")
                return nil
            }
            guard x <= upper else {
                let hint = scale == 1 && upper == 1 ? " (for percent, name the column utilization_pct)" : ""
                report(line, cell.column, name, "\(cell.text) is above \(formatNumber(upper)); expected \(what)\(hint)")
                return nil
            }
            return x * scale
        }
    }

    let form: PowerTelemetry.Form
    let names: [String]
    let utilization: Column
    let power: Column
    var columnCount: Int { names.count }

    static let expected = "expected nvidia-smi's 'timestamp, utilization.gpu [%], power.draw [W]' "
        + "(nvidia-smi --query-gpu=timestamp,utilization.gpu,power.draw --format=csv) or 'utilization,power_w' "
        + "(utilization from 0 to 1; utilization_pct for percent)"

    enum Parsed { case header(Header), problem(String) }

    /// Reads the header line, or says what was expected instead.
    static func parse(_ line: String) -> Parsed {
        let cells = splitCells(line).map(\.text)
        // `name [unit]` as nvidia-smi writes it, or a bare name.
        let parsed: [(name: String, unit: String?)] = cells.map { cell in
            guard cell.hasSuffix("]"), let open = cell.lastIndex(of: "[") else { return (cell.lowercased(), nil) }
            let name = cell[..<open].trimmingCharacters(in: .whitespaces).lowercased()
            return (name, String(cell[cell.index(after: open)..<cell.index(before: cell.endIndex)]))
        }
        let names = parsed.map(\.name)
        func find(_ candidates: [String]) -> Int? { names.firstIndex { candidates.contains($0) } }
        guard let u = find(["utilization.gpu", "utilization", "utilization_pct", "utilization_percent"]),
              let p = find(["power.draw", "power.draw.average", "power.draw.instant", "power_w"]) else {
            return .problem("the header '\(line.prefix(120))' names no utilization and power columns; " + expected)
        }
        let smi = names[u] == "utilization.gpu" || names[p].hasPrefix("power.draw")
        if let unit = parsed[p].unit, unit != "W" {
            return .problem("the power column is in '\(unit)'; expected watts ([W])")
        }
        let percent = names[u] == "utilization.gpu" || names[u].hasSuffix("_pct") || names[u].hasSuffix("_percent") || parsed[u].unit == "%"
        if let unit = parsed[u].unit, unit != "%" {
            return .problem("the utilization column is in '\(unit)'; expected percent ([%]) or no unit (a fraction from 0 to 1)")
        }
        let utilization = Column(index: u, name: cells[u], scale: percent ? 0.01 : 1, suffix: percent ? "%" : nil,
                                 upper: percent ? 100 : 1,
                                 what: percent ? "a utilization from 0 to 100 %" : "a utilization from 0 to 1 (a fraction)")
        let power = Column(index: p, name: cells[p], scale: 1, suffix: "W", upper: .infinity, what: "a power in watts, zero or more")
        return .header(Header(form: smi ? .nvidiaSMI : .plain, names: cells, utilization: utilization, power: power))
    }
}

/// The cells of a CSV line (no quoting: telemetry has none), trimmed, with
/// the 1-based column where each starts.
private func splitCells(_ line: String) -> [(text: String, column: Int)] {
    var cells: [(text: String, column: Int)] = []
    var column = 1
    for part in line.split(separator: ",", omittingEmptySubsequences: false) {
        let leading = part.prefix { $0 == " " || $0 == "\t" }.count
        cells.append((part.trimmingCharacters(in: .whitespacesAndNewlines), column + leading))
        column += part.count + 1
    }
    return cells
}
