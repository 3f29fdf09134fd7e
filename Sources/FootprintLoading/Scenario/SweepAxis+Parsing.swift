import Foundation
import FootprintModel

extension SweepAxis {
    /// Why a `--vary` text is not an axis: the text and what would be right.
    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `PATH=a,b,c` (a list, each value applied as written; commas
    /// inside `{}`, `[]` or `()` belong to the value, so a distribution
    /// such as `{mean: 1.2, sd: 0.1}` is one value), `PATH=lo:hi:n`
    /// (`n` ≥ 2 evenly spaced numbers from lo to hi) or, with
    /// `ranges: true` (a Latin hypercube), `PATH=lo:hi`. `PATH,PATH=...`
    /// ties several inputs: each takes every value of the axis.
    /// The path itself is checked by the loader when the variant is built.
    public init(parsing text: String, ranges: Bool = false) throws(ParseError) {
        func fail(_ why: String) -> ParseError { ParseError(description: "--vary '\(text)': \(why)") }
        guard let eq = text.firstIndex(of: "=") else {
            throw fail("expected PATH=a,b,c or PATH=lo:hi:n, e.g. sites.aws-us-east-1.pue=1.1:1.5:5")
        }
        // Several paths before '=' (PATH,PATH=...) are tied: each takes every value.
        let tied = text[..<eq].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !tied.contains(where: \.isEmpty) else {
            throw fail(tied.count == 1 ? "the path is empty" : "a path in the tied list is empty; give PATH,PATH=values")
        }
        if let twice = tied.enumerated().first(where: { tied[..<$0.offset].contains($0.element) }) {
            throw fail("\(twice.element) is tied to itself; name each path once")
        }
        let path = tied.joined(separator: ",")
        let items = Self.split(String(text[text.index(after: eq)...]), on: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard items.contains(where: { !$0.isEmpty }) else { throw fail("the list of values is empty; give PATH=a,b,c or PATH=lo:hi:n") }
        guard !items.contains(where: \.isEmpty) else { throw fail("a value in the list is empty") }
        let parts = items.count == 1 ? Self.split(items[0], on: ":") : [items[0]]
        if ranges {
            guard parts.count == 2 else {
                throw fail("--lhs samples ranges: give PATH=lo:hi, e.g. \(path)=1.1:1.5")
            }
        } else if parts.count == 2 {
            throw fail("a range needs its number of points: PATH=lo:hi:n, e.g. \(path)=\(parts[0]):\(parts[1]):5")
        }
        guard parts.count == 2 || parts.count == 3 else {
            if parts.count > 3 { throw fail("a range is lo:hi:n (three parts), not \(parts.count)") }
            self.init(path: path, values: items)
            return
        }
        let p = parts.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let lo = Double(p[0]), let hi = Double(p[1]), lo.isFinite, hi.isFinite else {
            throw fail("lo and hi must be numbers, not '\(p[0])' and '\(p[1])'")
        }
        guard lo < hi else { throw fail("lo must be below hi (\(p[0]) is not below \(p[1]))") }
        if ranges { self.init(path: path, range: lo...hi); return }
        guard let n = Int(p[2]) else { throw fail("n must be a whole number of points, not '\(p[2])'") }
        guard n >= 2 else { throw fail("n must be at least 2 (for one value give \(path)=\(p[0]))") }
        guard n <= 100_000 else { throw fail("n = \(n) points is more than 100,000") }
        self.init(path: path, range: lo...hi, count: n)
    }

    /// `text` split at `separator` outside brackets.
    static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        for c in text {
            switch c {
            case "{", "[", "(": depth += 1
            case "}", "]", ")": depth = max(0, depth - 1)
            default: break
            }
            if c == separator && depth == 0 { parts.append(current); current = "" } else { current.append(c) }
        }
        parts.append(current)
        return parts
    }
}
