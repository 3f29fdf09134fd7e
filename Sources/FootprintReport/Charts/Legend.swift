/// A chart's legend: one entry a series, each drawn with the mark the
/// series uses (a bar's fill, a line's colour and dash, a band's tint
/// behind its line), labels wrapped to further lines rather than cut.
struct Legend {
    enum Mark {
        /// A filled swatch, as stacked bars are drawn.
        case bar
        /// A line, solid or dashed as the series is, with a dot where the
        /// series marks its points.
        case line(dash: String?, dots: Bool)
        /// A line with dots over its P5–P95 band, tinted as the band is.
        case band(dash: String?)
    }

    struct Entry {
        let label: String
        let color: String
        let mark: Mark
    }

    static let size = 11.0, lineHeight = 13.0, entryHeight = 18.0, textOffset = 24.0
    /// Labels wrap past this width (about 24 characters).
    static let maxTextWidth = 160.0
    static let bandOpacity = 0.18

    let entries: [Entry]
    let lines: [[String]]

    init(_ entries: [Entry]) {
        self.entries = entries
        lines = entries.map { TextLayout.wrap($0.label, size: Self.size, maxWidth: Self.maxTextWidth) }
    }

    /// From the swatch's left edge to the end of the widest line.
    var width: Double {
        Self.textOffset + (lines.joined().map { TextLayout.width($0, size: Self.size) }.max() ?? 0)
    }

    /// From the first baseline's entry top to below the last line.
    var height: Double {
        lines.reduce(0) { $0 + Self.entryHeight + Self.lineHeight * Double($1.count - 1) }
    }

    /// Draws the legend with its first baseline at `y`.
    func draw(_ svg: inout SVGDocument, x: Double, y: Double) {
        var yy = y
        for (entry, text) in zip(entries, lines) {
            switch entry.mark {
            case .bar:
                svg.rect(x, yy - 9, 18, 10, fill: entry.color)
            case let .line(dash, dots):
                svg.line(x, yy - 4, x + 18, yy - 4, stroke: entry.color, width: dots ? 2 : 3, dash: dash)
                if dots { svg.circle(x + 9, yy - 4, 3, fill: entry.color) }
            case let .band(dash):
                svg.polygon([(x, yy - 10), (x + 18, yy - 10), (x + 18, yy + 2), (x, yy + 2)], fill: entry.color, opacity: Self.bandOpacity)
                svg.line(x, yy - 4, x + 18, yy - 4, stroke: entry.color, width: 2, dash: dash)
                svg.circle(x + 9, yy - 4, 3, fill: entry.color)
            }
            for (k, line) in text.enumerated() {
                svg.text(x + Self.textOffset, yy + Self.lineHeight * Double(k), line, size: Self.size)
            }
            yy += Self.entryHeight + Self.lineHeight * Double(text.count - 1)
        }
    }
}
