import FootprintModel

/// One problem with a model: where it is, the key path, what is wrong and
/// what would be right.
public struct ModelIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public let position: FilePosition
    public let path: String
    public let message: String

    public init(_ position: FilePosition, _ path: String, _ message: String) {
        self.position = position; self.path = path; self.message = message
    }

    /// `file:line:column: error: key.path: message`.
    public var description: String {
        path.isEmpty ? "\(position): error: \(message)" : "\(position): error: \(path): \(message)"
    }
}

/// Every problem found in a model, in file order. Thrown by loading; a
/// model with any is not returned.
public struct ModelErrors: Error, Sendable, CustomStringConvertible {
    public let issues: [ModelIssue]

    public init(_ issues: [ModelIssue]) { self.issues = issues }

    /// "1 error" or "N errors".
    public var count: String { issues.count == 1 ? "1 error" : "\(issues.count) errors" }

    public var description: String {
        (issues.map(\.description) + ["\(count) in the model."]).joined(separator: "\n")
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
