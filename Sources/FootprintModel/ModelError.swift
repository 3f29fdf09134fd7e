/// Where in a model file something was found.
public struct FilePosition: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file; self.line = line; self.column = column
    }

    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

/// One problem with a model: where it is, the key path, what is wrong and
/// what would be right.
public struct ModelIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public let position: FilePosition
    public let path: String
    public let message: String

    public init(_ position: FilePosition, _ path: String, _ message: String) {
        self.position = position; self.path = path; self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(position): error: \(message)" : "\(position): error: \(path): \(message)"
    }
}

/// Every problem found in a model, in file order. Thrown by loading; nothing
/// runs while any is present.
public struct ModelErrors: Error, Sendable, CustomStringConvertible {
    public let issues: [ModelIssue]

    public init(_ issues: [ModelIssue]) { self.issues = issues }

    public var description: String {
        let lines = issues.map(\.description)
        let count = issues.count == 1 ? "1 error" : "\(issues.count) errors"
        return (lines + ["\(count) in the model; nothing was run or written."]).joined(separator: "\n")
    }
}

/// Collects issues while a file is read, so that all are reported at once.
final class Diagnostics {
    private(set) var issues: [ModelIssue] = []

    /// One mistake, one message: a "missing: ..." for a key that is present
    /// but was refused (`utilization: .nan`) is not added, as the refusal
    /// already says what is wrong there.
    func add(_ position: FilePosition, _ path: String, _ message: String) {
        if message.hasPrefix("missing"), issues.contains(where: { $0.path == path || $0.path.hasPrefix(path + ".") }) { return }
        issues.append(ModelIssue(position, path, message))
    }

    var isEmpty: Bool { issues.isEmpty }

    func throwIfAny() throws(ModelErrors) {
        if !issues.isEmpty {
            throw ModelErrors(issues.sorted { ($0.position.file, $0.position.line, $0.position.column) < ($1.position.file, $1.position.line, $1.position.column) })
        }
    }
}

/// The closest of `candidates` to `word`, when close enough to suggest.
func didYouMean(_ word: String, _ candidates: some Sequence<String>) -> String? {
    var best: (String, Int)?
    for c in candidates {
        let (w, k) = (word.lowercased(), c.lowercased())
        // A key with a longer or shorter tail (tdp_watts for tdp_w) counts as close.
        let d = (w.hasPrefix(k) || k.hasPrefix(w)) && min(w.count, k.count) >= 3 ? 1 : editDistance(w, k)
        if d <= max(2, word.count / 3), d < (best?.1 ?? .max) { best = (c, d) }
    }
    return best?.0
}

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
