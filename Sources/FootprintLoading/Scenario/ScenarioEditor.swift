import FootprintModel

/// Writes `--set` overrides into a scenario's text, keeping everything else
/// (comments, order, spacing) as it was: the explorer's "download scenario".
///
/// An override whose value sits on one line (a number, a quoted or plain
/// string, a flow mapping such as `{dist: pert, min: 1, mode: 1.2, max: 1.4}`)
/// has that value replaced in place; a value written as a block (a mapping
/// or list over several lines) is replaced by the override's value on the
/// key's line, losing the comments inside the block; a key the file does not
/// have is added to its block mapping. What cannot be written into the file
/// — catalog values (`accelerators.`, `grids.`), an element of a list, a
/// value inside a flow collection — is returned in `notWritten`, in order,
/// for the caller to say so.
public enum ScenarioEditor {
    public struct Result: Sendable {
        public let text: String
        public let notWritten: [String]
    }

    public static func apply(_ overrides: [String], to text: String, file: String) throws(ModelErrors) -> Result {
        var text = text
        var notWritten: [String] = []
        for o in try ScenarioLoader.parseOverrides(overrides) {
            let valueText = String(o.text[o.text.index(after: o.text.firstIndex(of: "=")!)...]).trimmingCharacters(in: .whitespaces)
            guard !["accelerators", "grids"].contains(o.segments[0]), !valueText.contains("\n"),
                  let edited = try edit(text, file: file, segments: o.segments, value: valueText) else {
                notWritten.append(o.text)
                continue
            }
            text = edited
        }
        return Result(text: text, notWritten: notWritten)
    }

    /// `text` with the value at `segments` replaced by (or added as) `value`,
    /// or nil where the value's place cannot be edited as text.
    static func edit(_ text: String, file: String, segments: [String], value: String) throws(ModelErrors) -> String? {
        let tree = try YAMLTree.parse(text, file: file)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var node = tree
        for (i, key) in segments.enumerated() {
            let last = i == segments.count - 1
            switch node {
            case let .mapping(entries, _):
                if let entry = entries.first(where: { $0.key == key }) {
                    if last { return replace(entry, with: value, in: &lines) ? lines.joined(separator: "\n") : nil }
                    node = entry.value
                } else {
                    guard last, let first = entries.first, isBlock(entries, lines) else { return nil }
                    // Added after the mapping's last line, at its entries' indentation.
                    let end = blockEnd(after: entries.last!, in: lines)
                    let indent = String(repeating: " ", count: first.keyPosition.column - 1)
                    lines.insert("\(indent)\(key): \(value)", at: end)
                    return lines.joined(separator: "\n")
                }
            case let .sequence(items, _):
                guard !last else { return nil }
                let index = items.firstIndex { if case let .scalar(s, _, _)? = $0["name"] { s == key } else { false } }
                    ?? Int(key).flatMap { items.indices.contains($0) ? $0 : nil }
                guard let index else { return nil }
                node = items[index]
            case .scalar:
                return nil
            }
        }
        return nil
    }

    /// Whether a mapping's entries are written one per line (block style).
    static func isBlock(_ entries: [YEntry], _ lines: [String]) -> Bool {
        guard let first = entries.first else { return false }
        let line = lines[first.keyPosition.line - 1]
        let before = line.prefix(first.keyPosition.column - 1)
        return before.allSatisfy { $0 == " " || $0 == "-" }
    }

    /// The 0-based index of the line after `entry`'s value: its key's line,
    /// then every line indented deeper (or a list's `- ` at the key's own
    /// indentation), without trailing blank and comment lines.
    static func blockEnd(after entry: YEntry, in lines: [String]) -> Int {
        let keyLine = entry.keyPosition.line - 1
        let indent = entry.keyPosition.column - 1
        var end = keyLine + 1
        var i = keyLine + 1
        while i < lines.count {
            let line = lines[i]
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { i += 1; continue }
            let depth = line.count - content.count
            let listAtKey = depth == indent && content.hasPrefix("-") && { if case .sequence = entry.value { true } else { false } }()
            guard depth > indent || listAtKey else { break }
            i += 1
            end = i
        }
        return end
    }

    /// Replaces `entry`'s value in `lines`; false where it cannot.
    static func replace(_ entry: YEntry, with value: String, in lines: inout [String]) -> Bool {
        let keyLine = entry.keyPosition.line - 1
        let p = entry.value.position
        if p.line - 1 == keyLine, let end = valueEnd(lines[keyLine], from: p.column - 1, node: entry.value) {
            // On the key's line: a scalar or a flow collection.
            var chars = Array(lines[keyLine])
            chars.replaceSubrange((p.column - 1)..<end, with: Array(value))
            lines[keyLine] = String(chars)
            return true
        }
        guard p.line - 1 > keyLine else { return false }
        // A block: the key's line keeps its key and comment, the block goes.
        let line = lines[keyLine]
        guard let colon = colonAfterKey(line, from: entry.keyPosition.column - 1) else { return false }
        let rest = line[line.index(line.startIndex, offsetBy: colon + 1)...]
        let comment = rest.firstIndex(of: "#").map { " " + rest[$0...] } ?? ""
        let end = blockEnd(after: entry, in: lines)
        lines.replaceSubrange(keyLine..<end, with: [String(line.prefix(colon + 1)) + " " + value + comment])
        return true
    }

    /// The column after the key's `:`.
    static func colonAfterKey(_ line: String, from column: Int) -> Int? {
        let chars = Array(line)
        var i = column
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == ":" { return i }
            i += 1
        }
        return nil
    }

    /// The end (exclusive, 0-based) on `line` of the value starting at
    /// `start`: a quoted string to its closing quote, a flow collection to
    /// its closing bracket, a plain scalar to a comment or the line's end.
    /// Nil when the value goes on past the line.
    static func valueEnd(_ line: String, from start: Int, node: YNode) -> Int? {
        let chars = Array(line)
        guard start < chars.count else { return nil }
        let first = chars[start]
        if first == "\"" || first == "'" {
            var i = start + 1
            while i < chars.count {
                if first == "\"" && chars[i] == "\\" { i += 2; continue }
                if chars[i] == first {
                    if first == "'" && i + 1 < chars.count && chars[i + 1] == "'" { i += 2; continue }
                    return i + 1
                }
                i += 1
            }
            return nil
        }
        if first == "{" || first == "[" {
            var depth = 0, i = start
            var quote: Character?
            while i < chars.count {
                let c = chars[i]
                if let q = quote {
                    if q == "\"" && c == "\\" { i += 2; continue }
                    if c == q { quote = nil }
                } else if c == "\"" || c == "'" { quote = c } else if c == "{" || c == "[" { depth += 1 } else if c == "}" || c == "]" {
                    depth -= 1
                    if depth == 0 { return i + 1 }
                }
                i += 1
            }
            return nil
        }
        guard case .scalar = node else { return nil }
        var end = chars.count
        for i in start..<chars.count where chars[i] == "#" && i > start && chars[i - 1] == " " { end = i; break }
        while end > start && chars[end - 1] == " " { end -= 1 }
        return end
    }
}
