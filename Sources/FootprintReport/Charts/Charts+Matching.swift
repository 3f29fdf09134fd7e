extension Charts {
    /// A heat map of the share of a site's load matched hour by hour by its
    /// hourly supplies: calendar month (rows) × UTC hour of day (columns),
    /// at central values. The hour axis names its time zone: the hours are
    /// UTC, not the site's local time.
    public static func hourlyMatching(_ shares: [Double], site: String) -> String {
        let cell = 24.0, x0 = 60.0, y0 = 50.0
        let heading = "Share of load matched hour by hour at \(site) (central values)"
        let width = max(x0 + 24 * cell + 90, x0 + TextLayout.width(heading, size: 15, bold: true) + 8)
        var svg = SVGDocument(width: width, height: y0 + 12 * cell + 58, title: "Hourly matching at \(site)",
                              description: "Mean share of the site's load matched in the same hour by its hourly supplies, by month and UTC hour of day (central values).")
        svg.text(x0, 24, heading, size: 15, weight: "bold")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for m in 0..<12 {
            svg.text(x0 - 8, y0 + Double(m) * cell + 16, months[m], size: 11, anchor: .end)
            for h in 0..<24 {
                let share = shares[m * 24 + h]
                let fill = share.isNaN ? "#f0f0f0" : shade(share)
                svg.rect(x0 + Double(h) * cell, y0 + Double(m) * cell, cell - 1, cell - 1, fill: fill,
                         title: share.isNaN ? "\(months[m]) \(h):00 UTC: no load" : "\(months[m]) \(h):00 UTC: \(HumanNumber.format(share * 100)) % matched")
            }
        }
        for h in stride(from: 0, to: 24, by: 3) {
            svg.text(x0 + Double(h) * cell + cell / 2, y0 + 12 * cell + 16, "\(h)h", size: 11, anchor: .middle)
        }
        svg.text(x0 + 12 * cell, y0 + 12 * cell + 36, "Hour of day (UTC)", size: 12, anchor: .middle)
        for (i, v) in [0.0, 0.5, 1.0].enumerated() {
            let y = y0 + Double(i) * 40
            // Outlined: the 0 % swatch is as white as the page.
            svg.rect(x0 + 24 * cell + 16, y, 18, 18, fill: shade(v), stroke: "#999999")
            svg.text(x0 + 24 * cell + 40, y + 13, "\(Int(v * 100)) %", size: 11)
        }
        return svg.text
    }
}
