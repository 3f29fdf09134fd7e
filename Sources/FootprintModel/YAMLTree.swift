// libyaml as vendored by Yams (its CYaml module): events are all we need,
// and building our tree from them directly costs half of Yams' composing.
import CYaml

/// A YAML document as plain values, each node with the file position it
/// came from. Building it from libyaml's events is where hostile input is
/// refused: anchors and aliases (a "billion laughs" needs them), and
/// documents with more nodes than any model needs.
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
        let parser = EventParser(text, file: file)
        return try parser.document()
    }
}

/// libyaml's event parser over a copy of the text, building `YNode`s
/// directly (no intermediate tree, no tag resolution: values are read as
/// text). It owns the parser and its current event and frees them in
/// `deinit`; no C pointer leaves it. Anchors and aliases are refused at the
/// first one, before anything is expanded.
private final class EventParser {
    private var parser = yaml_parser_t()
    private var event = yaml_event_t()
    private var hasEvent = false
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let file: String
    private var budget = YAMLTree.maximumNodes

    init(_ text: String, file: String) {
        self.file = file
        bytes = .allocate(capacity: max(1, text.utf8.count))
        _ = bytes.initialize(from: text.utf8)
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, text.utf8.count)
    }

    deinit {
        if hasEvent { yaml_event_delete(&event) }
        yaml_parser_delete(&parser)
        bytes.deallocate()
    }

    /// The single document's root.
    func document() throws(ModelErrors) -> YNode {
        let top = FilePosition(file: file, line: 0, column: 0)
        try expect(YAML_STREAM_START_EVENT)
        guard try next() != YAML_STREAM_END_EVENT else {
            throw ModelErrors([ModelIssue(top, "", "the file is empty")])
        }
        guard event.type == YAML_DOCUMENT_START_EVENT else { throw unexpected() }
        _ = try next()
        let root = try node()
        try expect(YAML_DOCUMENT_END_EVENT)
        if try next() != YAML_STREAM_END_EVENT {
            throw ModelErrors([ModelIssue(position(event.start_mark), "", "not valid YAML: a second document starts here; a model file holds one")])
        }
        return root
    }

    /// The node starting at the current event; afterwards the current event
    /// is the node's last (its scalar, or its end).
    private func node() throws(ModelErrors) -> YNode {
        let pos = position(event.start_mark)
        budget -= 1
        guard budget >= 0 else {
            throw ModelErrors([ModelIssue(pos, "", "the document has more than \(YAMLTree.maximumNodes) nodes; model files are far smaller")])
        }
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            if scalar.anchor != nil { throw Self.anchor(pos) }
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            return .scalar(text, pos, quoted: scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        case YAML_SEQUENCE_START_EVENT:
            if event.data.sequence_start.anchor != nil { throw Self.anchor(pos) }
            var items: [YNode] = []
            while try next() != YAML_SEQUENCE_END_EVENT { items.append(try node()) }
            return .sequence(items, pos)
        case YAML_MAPPING_START_EVENT:
            if event.data.mapping_start.anchor != nil { throw Self.anchor(pos) }
            var entries: [YEntry] = []
            var seen = Set<String>()
            while try next() != YAML_MAPPING_END_EVENT {
                let keyPosition = position(event.start_mark)
                guard event.type == YAML_SCALAR_EVENT else {
                    if event.type == YAML_ALIAS_EVENT { throw Self.anchor(keyPosition) }
                    throw ModelErrors([ModelIssue(keyPosition, "", "a key must be a plain name, not a list or a mapping")])
                }
                if event.data.scalar.anchor != nil { throw Self.anchor(keyPosition) }
                let key = String(decoding: UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length), as: UTF8.self)
                if !seen.insert(key).inserted {
                    throw ModelErrors([ModelIssue(keyPosition, key, "this key appears twice in the same mapping")])
                }
                _ = try next()
                entries.append(YEntry(key: key, keyPosition: keyPosition, value: try node()))
            }
            return .mapping(entries, pos)
        case YAML_ALIAS_EVENT:
            throw Self.anchor(pos)
        default:
            throw unexpected()
        }
    }

    private static func anchor(_ pos: FilePosition) -> ModelErrors {
        ModelErrors([ModelIssue(pos, "", "anchors and aliases (&name, *name) are not supported in model files: write values out")])
    }

    private func unexpected() -> ModelErrors {
        ModelErrors([ModelIssue(position(event.start_mark), "", "not valid YAML: unexpected structure here")])
    }

    private func expect(_ type: yaml_event_type_t) throws(ModelErrors) {
        guard try next() == type else { throw unexpected() }
    }

    /// Moves to the next event.
    @discardableResult
    private func next() throws(ModelErrors) -> yaml_event_type_t {
        if hasEvent { yaml_event_delete(&event); hasEvent = false }
        guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError() }
        hasEvent = true
        return event.type
    }

    /// libyaml marks count from 0; files from line 1, column 1.
    private func position(_ mark: yaml_mark_t) -> FilePosition {
        FilePosition(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    private func syntaxError() -> ModelErrors {
        var problem = parser.problem.map { String(cString: $0) } ?? "unreadable input"
        if problem.hasPrefix("Maximum nesting level") {
            // libyaml's own limit (1,000), which also bounds our recursion.
            problem = "lists and mappings nest more than 1,000 levels deep; model files are far shallower"
        }
        let context = parser.context.map { " (\(String(cString: $0)))" } ?? ""
        switch parser.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            return ModelErrors([ModelIssue(position(parser.problem_mark), "", "not valid YAML: \(problem)\(context)")])
        case YAML_READER_ERROR:
            return ModelErrors([ModelIssue(FilePosition(file: file, line: 0, column: 0), "",
                                           "not valid YAML: \(problem) at byte \(parser.problem_offset)")])
        default:
            return ModelErrors([ModelIssue(FilePosition(file: file, line: 0, column: 0), "", "not valid YAML: \(problem)")])
        }
    }
}
