import FootprintModel

/// A value's source as a record an assurer can trace, `{publisher, title,
/// year, table, url, value, unit, conversion, via}`: `value` and `unit` as
/// published, `conversion` the arithmetic to the key's unit, `via` where the
/// copy was read when not from the publisher. The model keeps one reference
/// text per source; a record is written as one, in a fixed order:
///
///     Publisher, Title (Year), table: value unit; conversion; url; read via VIA
///
/// A value that rests on several publications (a range whose ends come from
/// different tables, an estimate derived from them) gives a list of records,
/// and texts for what is assumed ("assumption: ..."); each is numbered once.
extension MapReader {
    /// `source:` as text, a record, or a list of them (nil when absent; an
    /// item with a problem is reported and left out).
    func sources(_ key: String = "source") -> [String]? {
        guard let n = node(key) else { return nil }
        guard case let .sequence(items, _) = n else { return sourceItem(n, path: keyPath(key)).map { [$0] } ?? [] }
        if items.isEmpty {
            diag.add(n.position, keyPath(key), "an empty list of sources: give at least one text or record \(SourceRecord.shape), or leave `source` out")
            return []
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if case .sequence = item {
                diag.add(item.position, keyPath(key) + ".\(i)", "expected text or a record \(SourceRecord.shape), found a list inside the list")
            } else if let s = sourceItem(item, path: keyPath(key) + ".\(i)"), !out.contains(s) {
                out.append(s)
            }
        }
        return out
    }

    /// `source:` as one text: a list's items joined with " | " (for the
    /// figures that keep one reference, such as a correlation's reason).
    func source(_ key: String = "source") -> String? {
        sources(key).flatMap { $0.isEmpty ? nil : $0.joined(separator: " | ") }
    }

    private func sourceItem(_ n: YNode, path: String) -> String? {
        switch n {
        case let .scalar(s, _, _): return s
        case .sequence: return nil
        case .mapping:
            guard let r = MapReader(n, path: path, diag: diag, expected: "a source record") else { return nil }
            return SourceRecord.read(r)
        }
    }
}

enum SourceRecord {
    static let shape = "{publisher, title, year, table, url, value, unit, conversion, via}"

    static func read(_ r: MapReader) -> String? {
        let publisher = r.string("publisher", required: "who published the figure (e.g. U.S. EPA)")
        let title = r.string("title", required: "the publication's title (e.g. eGRID2023 revision 2)")
        let year = r.integer("year", range: 1800...2200, required: "the year of publication")
        let table = r.string("table"), url = r.string("url"), conversion = r.string("conversion"), via = r.string("via")
        var published: String?
        if r.has("value") || r.has("unit") {
            let value = r.node("value").flatMap { n -> String? in
                guard case let .scalar(s, _, _) = n, Double(s.replacingOccurrences(of: ",", with: "")) != nil else {
                    r.diag.add(n.position, r.keyPath("value"), "expected the figure as published, a number, found \(describeNode(n))")
                    return nil
                }
                return s
            }
            let unit = r.string("unit", required: "the unit the figure is published in (e.g. lb/MWh), with value")
            if !r.has("value") { r.missing("value", "the figure as published, with unit") }
            if let value, let unit { published = "\(value) \(unit)" }
        }
        r.rejectUnknown()
        guard let publisher, let title, let year else { return nil }
        var text = "\(publisher), \(title) (\(year))"
        if let table { text += ", \(table)" }
        if let published { text += ": " + published }
        for part in [conversion, url] { if let part { text += "; \(part)" } }
        if let via { text += "; read via \(via)" }
        return text
    }
}
