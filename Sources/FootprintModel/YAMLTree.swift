import Yams

/// A YAML document as plain values, each node with the file position it
/// came from. Converting from Yams' tree is where hostile input is refused:
/// anchors and aliases (a "billion laughs" needs them), and documents with
/// more nodes than any model needs.
indirect enum YNode: Sendable {
    case scalar(String, FilePosition, quoted: Bool)
    case mapping([YEntry], FilePosition)
    case sequence([YNode], FilePosition)

    var position: FilePosition {
        switch self {
        case let .scalar(_, p, _), let .mapping(_, p), let .sequence(_, p): p
        }
    }

    var kindName: String {
        switch self {
        case .scalar: "a value"
        case .mapping: "a mapping (key: value)"
        case .sequence: "a list"
        }
    }

    subscript(key: String) -> YNode? {
        if case let .mapping(entries, _) = self { return entries.first { $0.key == key }?.value }
        return nil
    }
}

struct YEntry: Sendable {
    let key: String
    let keyPosition: FilePosition
    var value: YNode
}

enum YAMLTree {
    /// Limits that no real model approaches (the largest shipped model has
    /// under 2,000 nodes) but that stop an attack before memory is spent.
    static let maximumBytes = 8 << 20
    static let maximumNodes = 200_000

    /// Parses `text` (the contents of `file`) into a tree.
    static func parse(_ text: String, file: String) throws(ModelErrors) -> YNode {
        let top = FilePosition(file: file, line: 0, column: 0)
        guard text.utf8.count <= maximumBytes else {
            throw ModelErrors([ModelIssue(top, "", "the file is \(text.utf8.count) bytes; model files are limited to \(maximumBytes) bytes")])
        }
        if text.utf8.contains(0) {
            throw ModelErrors([ModelIssue(top, "", "the file contains NUL bytes: it is binary, not YAML")])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)  // tags unused: values are read as text
        } catch let error as YamlError {
            throw ModelErrors([yamlIssue(error, file: file)])
        } catch {
            throw ModelErrors([ModelIssue(top, "", "not valid YAML: \(error)")])
        }
        guard let root else {
            throw ModelErrors([ModelIssue(top, "", "the file is empty")])
        }
        var budget = maximumNodes
        return try convert(root, file: file, budget: &budget)
    }

    private static func position(_ mark: Mark?, _ file: String) -> FilePosition {
        FilePosition(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    private static func convert(_ node: Node, file: String, budget: inout Int) throws(ModelErrors) -> YNode {
        let pos = position(node.mark, file)
        budget -= 1
        guard budget >= 0 else {
            throw ModelErrors([ModelIssue(pos, "", "the document expands to more than \(maximumNodes) nodes (aliases?); model files are far smaller")])
        }
        if node.anchor != nil {
            throw ModelErrors([ModelIssue(pos, "", "anchors and aliases (&name, *name) are not supported in model files: write values out")])
        }
        switch node {
        case let .scalar(s):
            return .scalar(s.string, pos, quoted: s.style == .singleQuoted || s.style == .doubleQuoted)
        case let .sequence(seq):
            var items: [YNode] = []
            for child in seq { items.append(try convert(child, file: file, budget: &budget)) }
            return .sequence(items, pos)
        case let .mapping(map):
            var entries: [YEntry] = []
            var seen = Set<String>()
            for (k, v) in map {
                let kpos = position(k.mark, file)
                guard case let .scalar(ks) = k else {
                    throw ModelErrors([ModelIssue(kpos, "", "a key must be a plain name, not \(k)")])
                }
                if !seen.insert(ks.string).inserted {
                    throw ModelErrors([ModelIssue(kpos, ks.string, "this key appears twice in the same mapping")])
                }
                entries.append(YEntry(key: ks.string, keyPosition: kpos, value: try convert(v, file: file, budget: &budget)))
            }
            return .mapping(entries, pos)
        case .alias:
            throw ModelErrors([ModelIssue(pos, "", "anchors and aliases (&name, *name) are not supported in model files: write values out")])
        }
    }

    private static func yamlIssue(_ error: YamlError, file: String) -> ModelIssue {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            let ctx = context.map { " (\($0.text))" } ?? ""
            return ModelIssue(position(mark, file), "", "not valid YAML: \(problem)\(ctx)")
        case let .composer(context, problem, mark, _):
            let ctx = context.map { " (\($0.text))" } ?? ""
            return ModelIssue(position(mark, file), "", "not valid YAML: \(problem)\(ctx)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ModelIssue(position(context.mark, file), duplicates.joined(separator: ", "), "this key appears twice in the same mapping")
        default:
            return ModelIssue(FilePosition(file: file, line: 0, column: 0), "", "not valid YAML: \(error)")
        }
    }
}
