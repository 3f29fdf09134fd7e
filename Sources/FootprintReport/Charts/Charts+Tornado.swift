import FootprintModel

extension Charts {
    /// The tornado: each input's P10 → P90 swing of the metric, largest on
    /// top; `labels` name the entries' inputs (see `InputLabel`).
    public static func tornado(_ entries: [ScenarioSensitivity.TornadoEntry], labels: [String], central: Double,
                               metricLabel: String, scale: Double, unit: String) -> String {
        let shown = Array(entries.prefix(12)), names = Array(labels.prefix(shown.count))
        let rowHeight = 26.0, labelSize = 11.0
        let leftLabel = max(200, 24 + (names.map { TextLayout.width($0, size: labelSize) }.max() ?? 0)), plotRight = 40.0
        let heading = "Sensitivity of \(metricLabel) (\(unit)): inputs at P10 and P90"
        let chartWidth = max(width, leftLabel + 420, 16 + TextLayout.width(heading, size: 15, bold: true) + 8)
        let h = 70 + rowHeight * Double(shown.count) + 40
        var svg = SVGDocument(width: chartWidth, height: h, title: "Tornado: \(metricLabel)",
                              description: "The metric with each input at its P10 and P90, others at central values.")
        svg.text(16, 24, heading, size: 15, weight: "bold")
        let values = shown.flatMap { [$0.atLow, $0.atHigh] } + [central]
        let lo = (values.min() ?? 0) * scale, hi = (values.max() ?? 1) * scale
        let pad = max((hi - lo) * 0.08, abs(hi) * 1e-6 + 1e-12)
        let x0 = lo - pad, x1 = hi + pad
        let plotWidth = chartWidth - leftLabel - plotRight
        func x(_ v: Double) -> Double { leftLabel + (v - x0) / (x1 - x0) * plotWidth }
        let top = 50.0
        for t in AxisTicks.ticks(x0, x1, count: 6) {
            svg.line(x(t), top - 6, x(t), top + rowHeight * Double(shown.count), stroke: "#e0e0e0")
            svg.text(x(t), top + rowHeight * Double(shown.count) + 16, HumanNumber.trimmed(t), size: 11, anchor: .middle)
        }
        for (i, e) in shown.enumerated() {
            let y = top + rowHeight * Double(i)
            let a = e.atLow * scale, b = e.atHigh * scale
            svg.text(leftLabel - 8, y + 16, names[i], size: labelSize, anchor: .end)
            let c = central * scale
            svg.rect(min(x(a), x(c)), y + 4, abs(x(a) - x(c)), rowHeight - 8, fill: palette[0], title: "P10 input \(HumanNumber.format(e.lowInput)): \(HumanNumber.format(a)) \(unit)")
            svg.rect(min(x(b), x(c)), y + 4, abs(x(b) - x(c)), rowHeight - 8, fill: palette[1], title: "P90 input \(HumanNumber.format(e.highInput)): \(HumanNumber.format(b)) \(unit)")
        }
        svg.line(x(central * scale), top - 8, x(central * scale), top + rowHeight * Double(shown.count), stroke: "#222222", width: 1.5)
        svg.rect(leftLabel, h - 22, 12, 10, fill: palette[0])
        svg.text(leftLabel + 16, h - 13, "input at P10", size: 11)
        svg.rect(leftLabel + 110, h - 22, 12, 10, fill: palette[1])
        svg.text(leftLabel + 126, h - 13, "input at P90", size: 11)
        // The central value's mark is the dark vertical line, drawn so here too.
        svg.line(leftLabel + 226, h - 24, leftLabel + 226, h - 10, stroke: "#222222", width: 1.5)
        svg.text(leftLabel + 234, h - 13, "central value", size: 11)
        return svg.text
    }
}
