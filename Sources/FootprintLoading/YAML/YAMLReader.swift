import Foundation
import FootprintModel
import GSL

/// Reads one YAML mapping into validated values, reporting every problem to
/// `Diagnostics` with the node's position and key path. Keys that were not
/// asked for are reported by `rejectUnknown()` with a did-you-mean.
final class MapReader {
    let entries: [YEntry]
    let position: FilePosition
    let path: String
    let diag: Diagnostics
    private var known: [String] = []

    init?(_ node: YNode, path: String, diag: Diagnostics, expected: String) {
        guard case let .mapping(entries, pos) = node else {
            diag.add(node.position, path, "expected \(expected), found \(node.kindName)")
            return nil
        }
        self.entries = entries; self.position = pos; self.path = path; self.diag = diag
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The node under `key`, marking the key as known.
    func node(_ key: String) -> YNode? {
        if !known.contains(key) { known.append(key) }
        return entries.first { $0.key == key }?.value
    }

    func missing(_ key: String, _ what: String) {
        diag.add(position, keyPath(key), "missing: \(what)")
    }

    func string(_ key: String, required: String? = nil) -> String? {
        guard let n = node(key) else {
            if let required { missing(key, required) }
            return nil
        }
        guard case let .scalar(s, _, _) = n else {
            diag.add(n.position, keyPath(key), "expected text, found \(n.kindName)")
            return nil
        }
        return s
    }

    func number(_ key: String, unit: String, bounds: Bounds = .any, required: String? = nil) -> Double? {
        guard let n = node(key) else {
            if let required { missing(key, required) }
            return nil
        }
        return readNumber(n, path: keyPath(key), unit: unit, bounds: bounds, diag: diag)
    }

    func integer(_ key: String, range: ClosedRange<Int>, required: String? = nil) -> Int? {
        guard let n = node(key) else {
            if let required { missing(key, required) }
            return nil
        }
        guard case let .scalar(s, pos, _) = n, let v = Int(s.replacingOccurrences(of: "_", with: "")) else {
            diag.add(n.position, keyPath(key), "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(describeNode(n))")
            return nil
        }
        guard range.contains(v) else {
            diag.add(pos, keyPath(key), "\(v) is out of range: expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return v
    }

    /// `true` or `false` (YAML's core schema also allows `True`, `TRUE`,
    /// `False`, `FALSE`), unquoted.
    func boolean(_ key: String) -> Bool? {
        guard let n = node(key) else { return nil }
        if case let .scalar(s, _, false) = n {
            switch s {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        diag.add(n.position, keyPath(key), "expected true or false, found \(describeNode(n))")
        return nil
    }

    func date(_ key: String, required: String? = nil) -> CalendarDate? {
        guard let n = node(key) else {
            if let required { missing(key, required) }
            return nil
        }
        return readDate(n, path: keyPath(key), diag: diag)
    }

    func quantity(_ key: String, unit: String, bounds: Bounds = .any, source: [String]?,
                  required: String? = nil, path: String? = nil, extraKeys: Set<String> = []) -> Quantity? {
        guard let n = node(key) else {
            if let required { missing(key, required) }
            return nil
        }
        return readQuantity(n, path: path ?? keyPath(key), unit: unit, bounds: bounds, source: source,
                            diag: diag, extraKeys: extraKeys)
    }

    func series(_ key: String, unit: String, bounds: Bounds = .any, source: [String]?, required: String? = nil) -> SeriesInput? {
        guard let n = node(key) else {
            if let required { missing(key, required) }
            return nil
        }
        return readSeries(n, path: keyPath(key), unit: unit, bounds: bounds, source: source, diag: diag)
    }

    /// Reports every key not asked for, suggesting the nearest known one.
    func rejectUnknown() {
        for e in entries where !known.contains(e.key) {
            let hint = didYouMean(e.key, known).map { " — did you mean '\($0)'?" } ?? ""
            let allowed = known.sorted().joined(separator: ", ")
            diag.add(e.keyPosition, keyPath(e.key), "unknown key\(hint) (allowed here: \(allowed))")
        }
    }
}

func describeNode(_ n: YNode) -> String {
    if case let .scalar(s, _, _) = n { return "'\(s)'" }
    return n.kindName
}

/// A finite decimal number (`1.15`, `100e9`, `1_000`).
func parseNumber(_ text: String) -> Double? {
    // Digits, signs, '.', 'e'/'E' and '_' separators only (no "inf", "nan",
    // hex); checked on bytes, as this runs for every number of the catalog.
    var underscores = false
    for b in text.utf8 {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"): continue
        case UInt8(ascii: "_"): underscores = true
        default: return nil
        }
    }
    let s = underscores ? String(decoding: text.utf8.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self) : text
    guard !s.isEmpty, let v = Double(s), v.isFinite else { return nil }
    return v
}

func readNumber(_ n: YNode, path: String, unit: String, bounds: Bounds, diag: Diagnostics) -> Double? {
    let unitText = unit.isEmpty ? "" : " (\(unit))"
    guard case let .scalar(s, pos, quoted) = n, !quoted, let v = parseNumber(s) else {
        diag.add(n.position, path, "expected a finite number\(unitText), found \(describeNode(n))")
        return nil
    }
    guard bounds.contains(v) else {
        diag.add(pos, path, "\(formatNumber(v)) is not allowed: must be \(bounds.rule)")
        return nil
    }
    return v
}

func readDate(_ n: YNode, path: String, diag: Diagnostics) -> CalendarDate? {
    guard case let .scalar(s, _, _) = n, let d = CalendarDate(iso: s) else {
        diag.add(n.position, path, "expected a date written YYYY-MM-DD, found \(describeNode(n))")
        return nil
    }
    return d
}

private let distributionParameters: [String: [String]] = [
    "uniform": ["min", "max"],
    "normal": ["mean", "sd"],
    "lognormal": ["median", "gsd", "mu", "sigma"],
    "beta": ["alpha", "beta", "min", "max"],
    "gamma": ["shape", "scale"],
    "triangular": ["min", "mode", "max"],
    "pert": ["min", "mode", "max"],
]

/// A number, `{value: x, source: ...}` or `{dist: NAME, ..., source: ...}`; the
/// source is text, a record or a list of them (`MapReader.sources`).
func readQuantity(_ n: YNode, path: String, unit: String, bounds: Bounds, source: [String]?,
                  diag: Diagnostics, extraKeys: Set<String> = []) -> Quantity? {
    switch n {
    case .scalar:
        guard let v = readNumber(n, path: path, unit: unit, bounds: bounds, diag: diag) else { return nil }
        return Quantity(.fixed(v), sources: source ?? [], path: path, unit: unit, position: n.position, bounds: bounds)
    case .sequence:
        diag.add(n.position, path, "expected a number, {value: x, source: \"...\"} or {dist: ..., source: \"...\"}, found a list")
        return nil
    case .mapping:
        guard let r = MapReader(n, path: path, diag: diag, expected: "a number") else { return nil }
        _ = r.string("note")
        for key in extraKeys { _ = r.node(key) }
        let src = r.sources() ?? source ?? []
        var quality: DataQuality?
        if let q = r.string("quality") {
            quality = DataQuality(rawValue: q)
            if quality == nil {
                diag.add(r.node("quality")!.position, path + ".quality", "'\(q)' is not a data quality: use primary (the company's own measured data), secondary (a published figure) or estimate")
            }
        }
        var confidence: SourceConfidence?
        if let c = r.string("confidence") {
            confidence = SourceConfidence(rawValue: c)
            if confidence == nil {
                diag.add(r.node("confidence")!.position, path + ".confidence", "'\(c)' is not a confidence: use official (stated by the company or a regulator), press (reported) or estimate (derived or assumed)")
            }
        }
        func tagged(_ q: Quantity) -> Quantity { var q = q; q.quality = quality; q.confidence = confidence; return q }
        if let distName = r.string("dist") {
            guard let names = distributionParameters[distName] else {
                let hint = didYouMean(distName, distributionParameters.keys).map { " — did you mean '\($0)'?" } ?? ""
                diag.add(n.position, path + ".dist", "unknown distribution '\(distName)'\(hint) (allowed: beta, gamma, lognormal, normal, pert, triangular, uniform)")
                return nil
            }
            var p: [String: Double] = [:]
            for name in names where r.has(name) {
                if let v = r.number(name, unit: unit) { p[name] = v }
            }
            r.rejectUnknown()
            guard let dist = makeDistribution(distName, p, r: r) else { return nil }
            if let problem = dist.parameterProblem {
                diag.add(n.position, path, "impossible \(distName) distribution: \(problem)")
                return nil
            }
            // The distribution must stay within the quantity's bounds, up to
            // a one-in-a-million tail (draws beyond are clamped).
            let lo: Double, hi: Double
            do {
                lo = try dist.quantile(Quantity.negligibleTail)
                hi = try dist.quantile(1 - Quantity.negligibleTail)
            } catch {
                diag.add(n.position, path, "this \(distName) distribution cannot be evaluated (\(error)); choose less extreme parameters")
                return nil
            }
            guard lo.isFinite, hi.isFinite else {
                diag.add(n.position, path, "this \(distName) distribution reaches \(lo.isFinite ? hi : lo) at its one-in-a-million tail; "
                         + "give parameters whose values stay finite (a narrower spread)")
                return nil
            }
            if lo < bounds.lower || hi > bounds.upper {
                let bad = lo < bounds.lower ? lo : hi
                diag.add(n.position, path, "this \(distName) distribution reaches \(formatNumber(bad)) (at its one-in-a-million tail); values must be \(bounds.rule)")
                return nil
            }
            return tagged(Quantity(.distribution(dist), sources: src, path: path, unit: unit, position: n.position, bounds: bounds))
        }
        guard r.has("value") else {
            r.rejectUnknown()
            diag.add(n.position, path, "expected a number, {value: x, source: \"...\"} or {dist: ..., source: \"...\"}: this mapping has neither 'value' nor 'dist'")
            return nil
        }
        let v = r.number("value", unit: unit, bounds: bounds)
        r.rejectUnknown()
        guard let v else { return nil }
        return tagged(Quantity(.fixed(v), sources: src, path: path, unit: unit, position: n.position, bounds: bounds))
    }
}

private func makeDistribution(_ name: String, _ p: [String: Double], r: MapReader) -> ProbabilityDistribution? {
    func need(_ keys: String...) -> [Double]? {
        let missing = keys.filter { p[$0] == nil }
        if !missing.isEmpty {
            r.diag.add(r.position, r.path, "a \(name) distribution needs \(keys.joined(separator: ", ")); missing: \(missing.joined(separator: ", "))")
            return nil
        }
        return keys.map { p[$0]! }
    }
    switch name {
    case "uniform": return need("min", "max").map { .uniform(min: $0[0], max: $0[1]) }
    case "normal": return need("mean", "sd").map { .normal(mean: $0[0], sd: $0[1]) }
    case "lognormal":
        if p["median"] != nil || p["gsd"] != nil {
            guard let v = need("median", "gsd") else { return nil }
            guard v[0] > 0, v[1] >= 1 else {
                r.diag.add(r.position, r.path, "a lognormal needs median > 0 and gsd (geometric standard deviation) ≥ 1")
                return nil
            }
            return .lognormal(mu: log(v[0]), sigma: log(v[1]))
        }
        return need("mu", "sigma").map { .lognormal(mu: $0[0], sigma: $0[1]) }
    case "beta":
        guard let v = need("alpha", "beta") else { return nil }
        return .beta(alpha: v[0], beta: v[1], min: p["min"] ?? 0, max: p["max"] ?? 1)
    case "gamma": return need("shape", "scale").map { .gamma(shape: $0[0], scale: $0[1]) }
    case "triangular": return need("min", "mode", "max").map { .triangular(min: $0[0], mode: $0[1], max: $0[2]) }
    case "pert": return need("min", "mode", "max").map { .pert(min: $0[0], mode: $0[1], max: $0[2]) }
    default: return nil
    }
}

/// A quantity, or a mapping from years (`2030`) or dates (`2030-07-01`) to
/// quantities.
func readSeries(_ n: YNode, path: String, unit: String, bounds: Bounds, source: [String]?, diag: Diagnostics) -> SeriesInput? {
    guard case let .mapping(entries, pos) = n, let first = entries.first, dateOfKey(first.key) != nil else {
        return readQuantity(n, path: path, unit: unit, bounds: bounds, source: source, diag: diag).map { SeriesInput(constant: $0) }
    }
    var knots: [SeriesInput.Knot] = []
    var ok = true
    for e in entries {
        guard let date = dateOfKey(e.key) else {
            diag.add(e.keyPosition, "\(path).\(e.key)", "expected a year (2030) or a date (2030-07-01) as key of a time series")
            ok = false
            continue
        }
        if let q = readQuantity(e.value, path: "\(path).\(e.key)", unit: unit, bounds: bounds, source: source, diag: diag) {
            knots.append(.init(date: date, quantity: q))
        } else { ok = false }
    }
    knots.sort { $0.date < $1.date }
    for i in knots.indices.dropFirst() where knots[i].date == knots[i - 1].date {
        diag.add(pos, path, "two knots fall on \(knots[i].date)")
        ok = false
    }
    return ok ? SeriesInput(knots: knots) : nil
}

func dateOfKey(_ key: String) -> CalendarDate? {
    if key.count == 4, let y = Int(key), (1900...2200).contains(y) { return .startOf(year: y) }
    return CalendarDate(iso: key)
}
