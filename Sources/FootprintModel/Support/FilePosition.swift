/// Where a value of the model was written: a line and column of a file, or
/// an override (`PATH=VALUE`, given by whatever tool ran the model).
public struct FilePosition: Sendable, Hashable, CustomStringConvertible {
    /// The file; for an override, its `PATH=VALUE` text.
    public let file: String
    /// From 1; 0 when the position is the file (or override) as a whole.
    public let line: Int
    public let column: Int
    /// The value came from an override rather than a file.
    public let isOverride: Bool

    public init(file: String, line: Int, column: Int, isOverride: Bool = false) {
        self.file = file; self.line = line; self.column = column; self.isOverride = isOverride
    }

    /// An override's `PATH=VALUE`, as a whole.
    public static func override(_ text: String) -> FilePosition {
        FilePosition(file: text, line: 0, column: 0, isOverride: true)
    }

    /// `file:line:column`, or `override PATH=VALUE` (an override's value is
    /// one short line: the key path says where).
    public var description: String {
        if isOverride { return "override \(file)" }
        return line > 0 ? "\(file):\(line):\(column)" : file
    }
}

/// The closest of `candidates` to `word`, when close enough to suggest
/// ("did you mean ...?").
public func didYouMean(_ word: String, _ candidates: some Sequence<String>) -> String? {
    var best: (String, Int)?
    for c in candidates {
        let (w, k) = (word.lowercased(), c.lowercased())
        // A key with a longer or shorter tail (tdp_watts for tdp_w) counts as close.
        let d = (w.hasPrefix(k) || k.hasPrefix(w)) && min(w.count, k.count) >= 3 ? 1 : editDistance(w, k)
        if d <= max(2, word.count / 3), d < (best?.1 ?? .max) { best = (c, d) }
    }
    return best?.0
}

/// Levenshtein distance over characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count), current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
