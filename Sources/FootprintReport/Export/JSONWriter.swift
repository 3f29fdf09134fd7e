/// A minimal JSON writer with deterministic output: keys in the order
/// written, numbers in Swift's shortest round-trip form (locale-free),
/// non-finite numbers as null.
public struct JSONWriter {
    public private(set) var text = ""
    private var needsComma: [Bool] = [false]
    private let indentUnit = "  "
    /// "\n" and the indentation of each depth, made once.
    private var newlines: [String] = ["\n"]

    private mutating func newline(depth: Int) -> String {
        while newlines.count <= depth { newlines.append(newlines[newlines.count - 1] + indentUnit) }
        return newlines[depth]
    }

    public init() {}

    private mutating func prefix(key: String?) {
        if needsComma[needsComma.count - 1] { text += "," }
        if needsComma.count > 1 { text += newline(depth: needsComma.count - 1) }
        needsComma[needsComma.count - 1] = true
        if let key { text += Self.quote(key) + ": " }
    }

    public mutating func open(_ key: String? = nil, array: Bool = false) {
        prefix(key: key)
        text += array ? "[" : "{"
        needsComma.append(false)
    }

    public mutating func close(array: Bool = false) {
        let hadContent = needsComma.removeLast()
        if hadContent { text += newline(depth: needsComma.count - 1) }
        text += array ? "]" : "}"
    }

    public mutating func value(_ key: String? = nil, _ s: String) {
        prefix(key: key)
        text += Self.quote(s)
    }

    public mutating func value(_ key: String? = nil, _ x: Double?) {
        prefix(key: key)
        text += Self.number(x)
    }

    public mutating func value(_ key: String? = nil, _ n: Int) {
        prefix(key: key)
        text += String(n)
    }

    public mutating func value(_ key: String? = nil, _ n: UInt64) {
        prefix(key: key)
        text += String(n)
    }

    public mutating func value(_ key: String? = nil, _ b: Bool) {
        prefix(key: key)
        text += b ? "true" : "false"
    }

    public mutating func null(_ key: String? = nil) {
        prefix(key: key)
        text += "null"
    }

    public static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    public static func quote(_ s: String) -> String {
        // Most keys and values need no escaping.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + s + "\""
        }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
