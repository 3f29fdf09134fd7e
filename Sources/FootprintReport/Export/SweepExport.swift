import FootprintModel

/// A sweep as a tidy table: one row per variant × metric with columns
/// `variant`, each varied PATH, `metric`, `mean`, `p5`, `p50`, `p95` —
/// as CSV, as JSON (the rows as objects, after what was run) and as a
/// terminal table.
public enum SweepExport {
    /// `footprint sweep --format csv`. Numbers in full precision.
    public static func csv(_ r: SweepResult) -> String {
        var lines = [(["variant"] + r.axes.map { ResultsExport.csvField($0.path) } + ["metric", "mean", "p5", "p50", "p95"]).joined(separator: ",")]
        forEachRow(r) { v, m, st in
            // Not estimated: empty, as run's CSV leaves it.
            let cells = [String(v.number)] + v.values.map(ResultsExport.csvField) + [m.description]
                + (st.map { [$0.mean, $0.p5, $0.p50, $0.p95].map { JSONWriter.number($0) } } ?? ["", "", "", ""])
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `footprint sweep --format json`: what was run (scenario, model,
    /// seed and samples when every variant shares them, the varied paths
    /// and each metric's unit), then `rows`. A varied value that reads as
    /// a number is a JSON number, any other a string.
    public static func json(_ r: SweepResult, model: String, method: String) -> String {
        var w = JSONWriter()
        w.open()
        w.value("scenario", r.scenario)
        w.value("model", model)
        w.value("tool_version", FootprintVersion.current)
        w.value("method", method)
        if Set(r.seeds).count == 1 { w.value("seed", r.seeds[0]) }
        if Set(r.samples).count == 1 { w.value("samples", r.samples[0]) }
        w.open("varied", array: true)
        for a in r.axes { w.value(nil, a.path) }
        w.close(array: true)
        w.open("units")
        for m in r.metrics { w.value(m.description, m.unit) }
        w.close()
        w.open("rows", array: true)
        forEachRow(r) { v, m, st in
            w.open()
            w.value("variant", v.number)
            for (a, value) in zip(r.axes, v.values) {
                if let x = Double(value), x.isFinite { w.value(a.path, x) } else { w.value(a.path, value) }
            }
            w.value("metric", m.description)
            // Not estimated: null, as run's JSON gives it.
            w.value("mean", st?.mean)
            w.value("p5", st?.p5)
            w.value("p50", st?.p50)
            w.value("p95", st?.p95)
            w.close()
        }
        w.close(array: true)
        w.close()
        return w.text + "\n"
    }

    /// `footprint sweep` (table): the same rows, aligned, four significant
    /// figures in the metric's own unit.
    public static func table(_ r: SweepResult) -> String {
        var rows: [[String]] = [["variant"] + r.axes.map(\.path) + ["metric", "unit", "mean", "p5", "p50", "p95"]]
        // Per metric: digits enough that different figures never print the
        // same (at least four).
        let digits = r.metrics.indices.map { j in
            HumanNumber.distinguishing([r.variants.indices.flatMap { i in [r.stats[i][j].mean, r.stats[i][j].p5, r.stats[i][j].p50, r.stats[i][j].p95] }], minimum: 4)
        }
        forEachRow(r) { v, m, st in
            let d = digits[r.metrics.firstIndex { $0.description == m.description } ?? 0]
            rows.append([String(v.number)] + v.values + [m.description, m.unit]
                + (st.map { [$0.mean, $0.p5, $0.p50, $0.p95].map { HumanNumber.format($0, significant: d) } } ?? ["not estimated", "", "", ""]))
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        let numeric = Set([0] + Array(rows[0].count - 4..<rows[0].count))
        var out = "Sweep of \(r.scenario): \(r.variants.count) variants"
        if Set(r.samples).count == 1, Set(r.seeds).count == 1 {
            out += r.hasRanges ? ", \(r.samples[0]) draws each, seed \(r.seeds[0]) (common random numbers)" : ", central values"
        }
        out += "\n\n"
        for row in rows {
            let cells = row.enumerated().map { c, s in
                numeric.contains(c) ? s.leftPad(widths[c]) : s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }
            var line = cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// Variant by variant, metric by metric (the table's row order); the
    /// statistic is nil where the metric is not estimated.
    static func forEachRow(_ r: SweepResult, _ body: (SweepVariant, MetricSelector, Statistic?) -> Void) {
        for (i, v) in r.variants.enumerated() {
            for (j, m) in r.metrics.enumerated() { body(v, m, r.estimated[i][j] ? r.stats[i][j] : nil) }
        }
    }
}
