// libyaml as the system installs it: events are all we need, and building
// our tree from them directly costs half of what composing its documents
// would.
import CYAML
import FootprintModel

/// A YAML document as plain values, each node with the file position it
/// came from. Building it from libyaml's events is where hostile input is
/// refused: anchors and aliases (a "billion laughs" needs them), nesting
/// deeper than any model needs, and documents with more nodes than any
/// model has.
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
    /// Lists and mappings within each other, the document's own included.
    /// It bounds the reader's recursion, and is the limit newer libyaml
    /// releases set (0.2.5, which Debian ships, has none).
    static let maximumDepth = 1_000

    /// Parses `text` (the contents of `file`, or an override's value when
    /// `isOverride`) into a tree.
    static func parse(_ text: String, file: String, isOverride: Bool = false) throws(ModelErrors) -> YNode {
        let top = FilePosition(file: file, line: 0, column: 0, isOverride: isOverride)
        guard text.utf8.count <= maximumBytes else {
            throw ModelErrors([ModelIssue(top, "", "the file is \(text.utf8.count) bytes; model files are limited to \(maximumBytes) bytes")])
        }
        // memchr over the contiguous bytes: the generic scan cost as much as
        // a tenth of loading the catalog.
        let hasNUL = text.utf8.withContiguousStorageIfAvailable { b in b.baseAddress.map { memchr($0, 0, b.count) != nil } ?? false }
            ?? text.utf8.contains(0)
        if hasNUL {
            throw ModelErrors([ModelIssue(top, "", "the file contains NUL bytes: it is binary, not YAML")])
        }
        let parser = EventParser(text, file: file, isOverride: isOverride)
        return try parser.document()
    }
}

/// libyaml's event parser over a copy of the text, building `YNode`s
/// directly (no intermediate tree, no tag resolution: values are read as
/// text). It owns the parser and its current event and frees them in
/// `deinit`; no C pointer leaves it. Anchors and aliases are refused at the
/// first one, before anything is expanded; nesting at the first level too
/// deep.
private final class EventParser {
    private var parser = yaml_parser_t()
    private var event = yaml_event_t()
    private var hasEvent = false
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let file: String
    private let isOverride: Bool
    private var budget = YAMLTree.maximumNodes
    private var depth = 0

    init(_ text: String, file: String, isOverride: Bool) {
        self.file = file
        self.isOverride = isOverride
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
        let top = FilePosition(file: file, line: 0, column: 0, isOverride: isOverride)
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
            try enter(pos)
            defer { depth -= 1 }
            var items: [YNode] = []
            while try next() != YAML_SEQUENCE_END_EVENT { items.append(try node()) }
            return .sequence(items, pos)
        case YAML_MAPPING_START_EVENT:
            if event.data.mapping_start.anchor != nil { throw Self.anchor(pos) }
            try enter(pos)
            defer { depth -= 1 }
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

    /// One level deeper, at the list or mapping starting at `pos`.
    private func enter(_ pos: FilePosition) throws(ModelErrors) {
        depth += 1
        guard depth <= YAMLTree.maximumDepth else {
            throw ModelErrors([ModelIssue(pos, "", "lists and mappings nest more than 1,000 levels deep; model files are far shallower")])
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
        FilePosition(file: file, line: mark.line + 1, column: mark.column + 1, isOverride: isOverride)
    }

    private func syntaxError() -> ModelErrors {
        var problem = parser.problem.map { String(cString: $0) } ?? "unreadable input"
        if problem.hasPrefix("Maximum nesting level") {
            // The same limit as ours, in libyaml releases that have one.
            problem = "lists and mappings nest more than 1,000 levels deep; model files are far shallower"
        }
        let context = parser.context.map { " (\(String(cString: $0)))" } ?? ""
        switch parser.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            return ModelErrors([ModelIssue(position(parser.problem_mark), "", "not valid YAML: \(problem)\(context)")])
        case YAML_READER_ERROR:
            return ModelErrors([ModelIssue(FilePosition(file: file, line: 0, column: 0, isOverride: isOverride), "",
                                           "not valid YAML: \(problem) at byte \(parser.problem_offset)")])
        default:
            return ModelErrors([ModelIssue(FilePosition(file: file, line: 0, column: 0, isOverride: isOverride), "", "not valid YAML: \(problem)")])
        }
    }
}
