/// Numbers for people: a fixed count of significant figures, thousands
/// grouped with commas, no exponent, no locale.
public enum HumanNumber {
    /// A count as a word at the start of a sentence ("Three"), up to
    /// twelve; digits beyond.
    public static func spelled(_ n: Int) -> String {
        let words = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve"]
        return words.indices.contains(n) ? words[n] : String(n)
    }

    public static func format(_ x: Double, significant: Int = 3) -> String {
        guard x.isFinite else { return "n/a" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        var exponent = 0
        var m = magnitude
        while m >= 10 { m /= 10; exponent += 1 }
        while m < 1 { m *= 10; exponent -= 1 }
        let decimals = max(0, significant - 1 - exponent)
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        // Round to the significant figures, then print with `decimals` places.
        var unitScale = 1.0
        for _ in 0..<max(0, exponent - significant + 1) { unitScale *= 10 }
        let rounded = decimals > 0 ? (magnitude * scale).rounded() / scale : (magnitude / unitScale).rounded() * unitScale
        let whole = UInt64(rounded.rounded(.down))
        var s = group(whole)
        if decimals > 0 {
            let frac = UInt64(((rounded - Double(whole)) * scale).rounded())
            let f = String(frac)
            s += "." + String(repeating: "0", count: max(0, decimals - f.count)) + f
        }
        return (x < 0 ? "-" : "") + s
    }

    /// As `format`, without trailing zeros after the decimal point (axis ticks).
    public static func trimmed(_ x: Double, significant: Int = 3) -> String {
        var s = format(x, significant: significant)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    static func group(_ n: UInt64) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }

    /// The fewest significant digits, from `minimum` up to 15, at which
    /// every pair of different values in each group prints differently (a
    /// tornado's P10 and P90 figures, a sweep column).
    public static func distinguishing(_ groups: [[Double]], minimum: Int = 3) -> Int {
        var digits = minimum
        while digits < 15 {
            let clash = groups.contains { values in
                var seen: [String: Double] = [:]
                for x in values {
                    let text = format(x, significant: digits)
                    if let other = seen[text], other != x { return true }
                    seen[text] = x
                }
                return false
            }
            if !clash { break }
            digits += 1
        }
        return digits
    }
}
