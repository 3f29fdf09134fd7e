import Foundation
import FootprintModel

/// One override `PATH=VALUE`: replaces (or adds) the value at PATH in the
/// model or catalog before validation, so it is checked like the file.
/// Its problems are reported at `FilePosition.override(PATH=VALUE)`; the
/// tool that took it from its user says how it was given.
///
/// PATH segments name mapping keys; in a list, a segment names the element
/// whose `name` it equals, or its 0-based index (`fleets.nvidia.deploy.1.units`).
/// Paths starting with `accelerators.` or `grids.` change the catalog.
public struct SetOverride: Sendable {
    public let text: String
    public let segments: [String]
    let value: YNode

    public init(_ text: String) throws(ModelErrors) {
        let origin = FilePosition.override(text)
        guard let eq = text.firstIndex(of: "=") else {
            throw ModelErrors([ModelIssue(origin, "", "expected PATH=VALUE, e.g. sites.us-east.pue=1.2")])
        }
        let path = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let valueText = String(text[text.index(after: eq)...])
        segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.isEmpty, !segments.contains(where: \.isEmpty) else {
            throw ModelErrors([ModelIssue(origin, path, "the path must be dot-separated names, e.g. fleets.trainium.utilization")])
        }
        guard ["scenario", "sites", "fleets", "demand", "accelerators", "grids"].contains(segments[0]) else {
            throw ModelErrors([ModelIssue(origin, path, "a path starts with scenario, sites, fleets, demand, accelerators or grids")])
        }
        guard !valueText.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ModelErrors([ModelIssue(origin, path, "the value is empty")])
        }
        self.text = text
        value = try YAMLTree.parse(valueText, file: text, isOverride: true)
    }

    var origin: FilePosition { .override(text) }

    /// Applies to `tree`, whose root corresponds to `segments[dropping]`.
    func apply(to tree: inout YNode, dropping: Int, diag: Diagnostics) {
        let rest = Array(segments.dropFirst(dropping))
        if rest.isEmpty { tree = value; return }
        _ = set(&tree, rest[...], walked: segments.prefix(dropping).joined(separator: "."), diag: diag)
    }

    private func set(_ node: inout YNode, _ rest: ArraySlice<String>, walked: String, diag: Diagnostics) -> Bool {
        let key = rest.first!
        let here = walked.isEmpty ? key : "\(walked).\(key)"
        switch node {
        case .mapping(var entries, let pos):
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if rest.count == 1 { entries[i].value = value }
                else if !set(&entries[i].value, rest.dropFirst(), walked: here, diag: diag) { return false }
            } else if rest.count == 1 {
                entries.append(YEntry(key: key, keyPosition: origin, value: value))
            } else {
                diag.add(origin, here, "no such key in the model (keys here: \(entries.map(\.key).joined(separator: ", ")))")
                return false
            }
            node = .mapping(entries, pos)
            return true
        case .sequence(var items, let pos):
            let index = items.firstIndex { $0["name"].map { if case let .scalar(s, _, _) = $0 { s == key } else { false } } ?? false }
                ?? Int(key).flatMap { items.indices.contains($0) ? $0 : nil }
            guard let i = index else {
                let names = items.compactMap { item -> String? in
                    if case let .scalar(s, _, _)? = item["name"] { return s }
                    return nil
                }
                diag.add(origin, here, "no element named '\(key)' (names here: \(names.joined(separator: ", ")))")
                return false
            }
            if rest.count == 1 { items[i] = value }
            else if !set(&items[i], rest.dropFirst(), walked: here, diag: diag) { return false }
            node = .sequence(items, pos)
            return true
        case .scalar:
            diag.add(origin, here, "cannot descend into a value: \(walked) is not a mapping or list")
            return false
        }
    }
}
