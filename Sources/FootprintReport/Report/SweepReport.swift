import FootprintModel

/// The Markdown report of a sweep, with one SVG chart per metric that
/// moves: for one varied input, the mean against the input with its
/// P5–P95 band; for a grid of two, a heat map of the mean (P5–P95 in each
/// cell's tooltip and in the table); otherwise (Latin hypercube of two or
/// more, or a grid of three or more) small multiples, one panel per input,
/// each variant a point with its P5–P95 whisker.
public struct SweepReport {
    public let markdown: String
    /// (file name, SVG) pairs, written in a folder named like the report.
    public let charts: [(String, String)]

    public init(_ r: SweepResult, model: String, name: String, command: String, latinHypercube: Bool) {
        var md = "# Sweep: \(r.scenario)\n\n"
        let same = Set(r.samples).count == 1 && Set(r.seeds).count == 1
        md += "Model `\(model)`, \(r.variants.count) variants"
        md += latinHypercube ? " at Latin-hypercube points" : (r.axes.count > 1 ? ", every combination of" : " of")
        md += latinHypercube ? " over " : " "
        md += r.axes.map { a in
            a.values.isEmpty ? "`\(a.path)` from \(Self.num(a.range!.lowerBound)) to \(Self.num(a.range!.upperBound))"
                : "`\(a.path)` = \(a.values.joined(separator: ", "))"
        }.joined(separator: latinHypercube ? " and " : " × ") + ".\n"
        if same {
            md += r.hasRanges
                ? "Every variant is a Monte Carlo run of \(r.samples[0]) draws with seed \(r.seeds[0]): the same random numbers in each (common random numbers), so a difference between variants is the effect of the inputs, not sampling noise. Ranges are P5–P95 of the draws.\n"
                : "The model has no distributions (or one draw was asked for): values are central.\n"
        }
        md += "\nEach variant reproduces with `footprint run \(ShellCommand.quoted(model)) --set PATH=VALUE` (its values, the same seed and samples).\n"

        var charts: [(String, String)] = []
        var still: [String] = []
        var notEstimated: [String] = []
        for (j, m) in r.metrics.enumerated() {
            let column = r.stats.map { $0[j] }
            let label = "\(m.label)\(m.year.map { " in \($0)" } ?? "")"
            guard r.estimated.contains(where: { $0[j] }) else { notEstimated.append(label); continue }
            guard Set(column.map(\.mean)).count > 1 || Set(column.map(\.p95)).count > 1 else {
                still.append("\(label) (\(DisplayUnit.of(unit: m.unit, maximum: abs(column[0].mean)).format(column[0].mean)) \(DisplayUnit.of(unit: m.unit, maximum: abs(column[0].mean)).name))")
                continue
            }
            let unit = DisplayUnit.of(unit: m.unit, maximum: column.map { max(abs($0.p95), abs($0.p5)) }.max() ?? 0)
            let file = "\(m.description.replacingOccurrences(of: ":", with: "-")).svg"
            let svg: String
            if r.axes.count == 1 {
                svg = SweepCharts.line(r, metric: j, label: label, unit: unit)
            } else if r.axes.count == 2 && !latinHypercube {
                svg = SweepCharts.heatMap(r, metric: j, label: label, unit: unit)
            } else {
                svg = SweepCharts.panels(r, metric: j, label: label, unit: unit)
            }
            charts.append((file, svg))
            md += "\n## \(label)\n\n![\(label)](\(name)/\(file))\n\n"
            // Without draws the percentiles are the mean: one column.
            let statistics = r.hasRanges ? ["mean", "P5", "P50", "P95"] : ["value"]
            md += "| " + (["variant"] + r.axes.map { "`\($0.path)`" } + statistics + ["unit"]).joined(separator: " | ") + " |\n"
            md += "|" + String(repeating: "---|", count: r.axes.count + statistics.count + 2) + "\n"
            for (i, v) in r.variants.enumerated() {
                let st = column[i]
                let values = r.hasRanges ? [st.mean, st.p5, st.p50, st.p95] : [st.mean]
                md += "| " + ([String(v.number)] + v.values.map(MarkdownReport.cell)
                    + values.map { unit.format($0, significant: 4) } + [unit.name]).joined(separator: " | ") + " |\n"
            }
        }
        if !still.isEmpty {
            md += "\n## Not moved by these inputs\n\n" + still.map { "* \($0)" }.joined(separator: "\n") + "\n"
        }
        if !notEstimated.isEmpty {
            md += "\n## Not estimated\n\nNo input of the scenario is behind these (see `footprint run --format json`, `not_estimated`, for why): "
                + notEstimated.joined(separator: "; ") + ".\n"
        }
        md += "\n---\nWritten by footprint \(FootprintVersion.described): `\(command)`\n"
        markdown = md
        self.charts = charts
    }

    static func num(_ x: Double) -> String { HumanNumber.trimmed(x, significant: 6) }
}

/// The sweep's charts, drawn with `SVGDocument` in the style of `Charts`.
enum SweepCharts {
    static let width = 720.0, height = 360.0
    static let left = 80.0, right = 40.0, top = 40.0, bottom = 56.0

    /// An axis's variant positions: the values when all are numbers,
    /// otherwise the list's order (0, 1, 2, …) with the values as labels.
    static func positions(_ r: SweepResult, axis: Int) -> (x: [Double], labels: [(Double, String)]?) {
        let texts = r.variants.map { $0.values[axis] }
        let numbers = texts.compactMap(Double.init)
        if numbers.count == texts.count { return (numbers, nil) }
        let order = r.axes[axis].values
        let x = texts.map { Double(order.firstIndex(of: $0) ?? 0) }
        return (x, order.enumerated().map { (Double($0.offset), $0.element) })
    }

    /// A plot area mapping `xs` and `ys` ranges to one panel.
    struct Panel {
        let x0: Double, y0: Double, w: Double, h: Double
        let xLo: Double, xHi: Double, yLo: Double, yHi: Double
        func x(_ v: Double) -> Double { x0 + (xHi > xLo ? (v - xLo) / (xHi - xLo) : 0.5) * w }
        func y(_ v: Double) -> Double { y0 + h * (1 - (yHi > yLo ? (v - yLo) / (yHi - yLo) : 0.5)) }

        func axes(_ svg: inout SVGDocument, xLabel: String, yLabel: String?, labels: [(Double, String)]?) {
            for t in AxisTicks.ticks(yLo, yHi) {
                svg.line(x0, y(t), x0 + w, y(t), stroke: "#e0e0e0")
                svg.text(x0 - 6, y(t) + 4, HumanNumber.trimmed(t), size: 11, anchor: .end)
            }
            svg.line(x0, y0, x0, y0 + h, stroke: "#444444")
            svg.line(x0, y0 + h, x0 + w, y0 + h, stroke: "#444444")
            let ticks = labels ?? AxisTicks.ticks(xLo, xHi, count: 5).map { ($0, HumanNumber.trimmed($0, significant: 4)) }
            for (v, s) in ticks { svg.text(x(v), y0 + h + 16, s, size: 11, anchor: .middle) }
            svg.text(x0 + w / 2, y0 + h + 36, xLabel, size: 12, anchor: .middle)
            if let yLabel { svg.text(18, y0 + h / 2, yLabel, size: 12, anchor: .middle, rotate: -90) }
        }
    }

    static func yRange(_ stats: [Statistic], scale: Double) -> (Double, Double) {
        let lo = min(0, stats.map { $0.p5 * scale }.min() ?? 0), hi = stats.map { $0.p95 * scale }.max() ?? 1
        return (lo, AxisTicks.niceMaximum(hi))
    }

    /// One input: the mean against the input, with its P5–P95 band.
    static func line(_ r: SweepResult, metric j: Int, label: String, unit: DisplayUnit) -> String {
        let (xs, labels) = positions(r, axis: 0)
        let stats = r.stats.map { $0[j] }
        let order = xs.indices.sorted { xs[$0] < xs[$1] }
        let (yLo, yHi) = yRange(stats, scale: unit.scale)
        let p = Panel(x0: left, y0: top, w: width - left - right, h: height - top - bottom,
                      xLo: xs.min()!, xHi: xs.max()!, yLo: yLo, yHi: yHi)
        let heading = "\(label) against \(r.axes[0].path)"
        // A long metric or path widens the chart (the plot keeps its size).
        var svg = SVGDocument(width: max(width, left + TextLayout.width(heading, size: 15, bold: true) + 8), height: height, title: heading,
                              description: "Mean of \(label) for each value of \(r.axes[0].path), with the P5–P95 band of the draws.")
        svg.text(left, 24, heading, size: 15, weight: "bold")
        p.axes(&svg, xLabel: r.axes[0].path, yLabel: unit.name, labels: labels)
        let color = Charts.palette[0]
        if r.hasRanges {
            let upper = order.map { (p.x(xs[$0]), p.y(stats[$0].p95 * unit.scale)) }
            let lower = order.reversed().map { (p.x(xs[$0]), p.y(stats[$0].p5 * unit.scale)) }
            svg.polygon(upper + lower, fill: color, opacity: 0.18)
        }
        svg.polyline(order.map { (p.x(xs[$0]), p.y(stats[$0].mean * unit.scale)) }, stroke: color)
        for i in order { svg.circle(p.x(xs[i]), p.y(stats[i].mean * unit.scale), 3, fill: color) }
        return svg.text
    }

    /// A grid of two inputs: the mean in each cell, white (lowest) to blue
    /// (highest).
    static func heatMap(_ r: SweepResult, metric j: Int, label: String, unit: DisplayUnit) -> String {
        let rows = r.axes[0].values, columns = r.axes[1].values
        let cell = min(48, max(14, 560 / Double(max(rows.count, columns.count))))
        let labelWidth = max(60, 7 * Double(rows.map(\.count).max() ?? 0) + 12)
        let x0 = labelWidth + 34, y0 = 80.0
        let w = x0 + Double(columns.count) * cell + 170, h = y0 + Double(rows.count) * cell + 60
        let means = r.stats.map { $0[j].mean }
        let lo = means.min()!, hi = means.max()!
        let heading = "\(label) (\(unit.name)), mean"
        let legendWidth = [0.0, 0.5, 1.0].map { TextLayout.width(unit.format(lo + (hi - lo) * $0), size: 11) }.max() ?? 0
        let fit = max(w, 480, 16 + TextLayout.width(heading, size: 15, bold: true) + 8, x0 + TextLayout.width(r.axes[1].path, size: 12) + 8,
                      x0 + Double(columns.count) * cell + 40 + legendWidth + 8)
        var svg = SVGDocument(width: fit, height: max(h, y0 + Double(rows.count) * cell / 2 + TextLayout.width(r.axes[0].path, size: 12) / 2 + 8),
                              title: "\(label) by \(r.axes[0].path) and \(r.axes[1].path)",
                              description: "Mean of \(label) for each combination; each cell's tooltip has its P5–P95 range.")
        svg.text(16, 24, heading, size: 15, weight: "bold")
        svg.text(x0, y0 - 30, r.axes[1].path, size: 12)
        svg.text(18, y0 + Double(rows.count) * cell / 2, r.axes[0].path, size: 12, anchor: .middle, rotate: -90)
        for (c, v) in columns.enumerated() { svg.text(x0 + (Double(c) + 0.5) * cell, y0 - 6, v, size: 10, anchor: .middle) }
        for (row, v) in rows.enumerated() { svg.text(x0 - 6, y0 + (Double(row) + 0.5) * cell + 4, v, size: 10, anchor: .end) }
        for (i, variant) in r.variants.enumerated() {
            let row = rows.firstIndex(of: variant.values[0]) ?? 0, c = columns.firstIndex(of: variant.values[1]) ?? 0
            let st = r.stats[i][j]
            let share = hi > lo ? (st.mean - lo) / (hi - lo) : 0.5
            var title = "\(variant.values[0]), \(variant.values[1]): \(unit.format(st.mean)) \(unit.name)"
            if r.hasRanges { title += " [\(unit.format(st.p5)) – \(unit.format(st.p95))]" }
            svg.rect(x0 + Double(c) * cell, y0 + Double(row) * cell, cell - 1, cell - 1, fill: shade(share), title: title)
        }
        let lx = x0 + Double(columns.count) * cell + 16
        for (k, s) in [0.0, 0.5, 1.0].enumerated() {
            svg.rect(lx, y0 + Double(k) * 28, 18, 18, fill: shade(s))
            svg.text(lx + 24, y0 + Double(k) * 28 + 13, unit.format(lo + (hi - lo) * s), size: 11)
        }
        return svg.text
    }

    /// Small multiples: one panel per input, each variant a point (its
    /// mean) with a P5–P95 whisker, against that input's value.
    static func panels(_ r: SweepResult, metric j: Int, label: String, unit: DisplayUnit) -> String {
        let stats = r.stats.map { $0[j] }
        let (yLo, yHi) = yRange(stats, scale: unit.scale)
        let perRow = min(3, r.axes.count), rows = (r.axes.count + perRow - 1) / perRow
        let pw = 260.0, ph = 200.0, gap = 70.0
        let w = left + Double(perRow) * (pw + gap), h = top + 20 + Double(rows) * (ph + bottom + 20)
        let heading = "\(label) (\(unit.name)) against each varied input"
        // The widest of the heading and each panel's input path, centred under it.
        let fit = r.axes.indices.map { left + Double($0 % perRow) * (pw + gap) + pw / 2 + TextLayout.width(r.axes[$0].path, size: 12) / 2 + 8 }
            .reduce(max(w, left + TextLayout.width(heading, size: 15, bold: true) + 8), max)
        var svg = SVGDocument(width: fit, height: h, title: "\(label) against each varied input",
                              description: "Each variant's mean of \(label) with its P5–P95 whisker, one panel per varied input.")
        svg.text(left, 24, heading, size: 15, weight: "bold")
        let color = Charts.palette[0]
        for a in r.axes.indices {
            let (xs, labels) = positions(r, axis: a)
            let span = (xs.max()! - xs.min()!) * 0.05
            let p = Panel(x0: left + Double(a % perRow) * (pw + gap), y0: top + 20 + Double(a / perRow) * (ph + bottom + 20), w: pw, h: ph,
                          xLo: xs.min()! - span, xHi: xs.max()! + span, yLo: yLo, yHi: yHi)
            p.axes(&svg, xLabel: r.axes[a].path, yLabel: a % perRow == 0 ? unit.name : nil, labels: labels)
            for (i, st) in stats.enumerated() {
                if r.hasRanges { svg.line(p.x(xs[i]), p.y(st.p5 * unit.scale), p.x(xs[i]), p.y(st.p95 * unit.scale), stroke: "#9ecae1") }
                svg.circle(p.x(xs[i]), p.y(st.mean * unit.scale), 2.5, fill: color)
            }
        }
        return svg.text
    }

    /// Pale blue (0) to dark blue (1); the palest still shows on white.
    static func shade(_ share: Double) -> String {
        let s = min(1, max(0, share))
        func hex(_ x: Double) -> String {
            let v = Int(x.rounded()), digits = Array("0123456789abcdef")
            return String([digits[v / 16], digits[v % 16]])
        }
        return "#" + hex(222 - 214 * s) + hex(235 - 187 * s) + hex(247 - 140 * s)
    }
}
