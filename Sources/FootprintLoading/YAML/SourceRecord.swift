import FootprintModel

/// A value's source as a record an assurer can trace, `{publisher, title,
/// year, table, url, value, unit, conversion, via}`: `value` and `unit` as
/// published, `conversion` the arithmetic to the key's unit, `via` where the
/// copy was read when not from the publisher. The model keeps one reference
/// text per source; a record is written as one, in a fixed order:
///
///     Publisher, Title (Year), table: value unit; conversion; url; read via VIA
extension MapReader {
    /// `source:` as text or as a record (nil when absent; a record with a
    /// problem is reported and gives nil).
    func source(_ key: String = "source") -> String? {
        guard let n = node(key) else { return nil }
        switch n {
        case let .scalar(s, _, _): return s
        case .sequence:
            diag.add(n.position, keyPath(key), "expected text or a record \(SourceRecord.shape), found a list")
            return nil
        case .mapping:
            guard let r = MapReader(n, path: keyPath(key), diag: diag, expected: "a source record") else { return nil }
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
