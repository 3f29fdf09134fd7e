import FootprintModel

/// The report's charts, drawn with `SVGDocument`.
public enum Charts {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    static let width = 720.0, height = 360.0
    static let left = 80.0, right = 170.0, top = 40.0, bottom = 50.0

    /// A plot area with a y axis from 0 to `yMax`, x ticks at the years.
    struct Frame {
        let years: [Int]
        let yMax: Double
        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }
        /// Centre of year index i.
        func x(_ i: Double) -> Double { left + (i + 0.5) * plotWidth / Double(max(1, years.count)) }
        func y(_ v: Double) -> Double { top + plotHeight * (1 - v / yMax) }

        func draw(_ svg: inout SVGDocument, title: String, yLabel: String) {
            svg.text(left, 24, title, size: 15, weight: "bold")
            for t in AxisTicks.ticks(0, yMax) {
                svg.line(left, y(t), left + plotWidth, y(t), stroke: "#e0e0e0")
                svg.text(left - 8, y(t) + 4, HumanNumber.trimmed(t), size: 11, anchor: .end)
            }
            svg.line(left, top, left, top + plotHeight, stroke: "#444444")
            svg.line(left, top + plotHeight, left + plotWidth, top + plotHeight, stroke: "#444444")
            let every = max(1, years.count / 10)
            for (i, year) in years.enumerated() where i % every == 0 {
                svg.text(x(Double(i)), top + plotHeight + 18, String(year), size: 11, anchor: .middle)
            }
            svg.text(18, top + plotHeight / 2, yLabel, size: 12, anchor: .middle, rotate: -90)
        }

        /// One bar a year of stacked layers (values already scaled to the
        /// axis), each rectangle titled "YEAR LABEL: VALUE UNIT".
        func stackedBars(_ svg: inout SVGDocument, _ layers: [(values: [Double], color: String, label: String)], unit: String) {
            let barWidth = plotWidth / Double(max(1, years.count)) * 0.6
            for i in years.indices {
                let left = x(Double(i)) - barWidth / 2
                var base = 0.0
                for layer in layers {
                    let v = layer.values[i]
                    svg.rect(left, y(base + v), barWidth, y(base) - y(base + v), fill: layer.color,
                             title: "\(years[i]) \(layer.label): \(HumanNumber.format(v)) \(unit)")
                    base += v
                }
            }
        }

        func legend(_ svg: inout SVGDocument, _ entries: [(String, String, Bool)]) {
            var yy = top + 10
            let x0 = left + plotWidth + 16
            for (label, color, band) in entries {
                if band { svg.rect(x0, yy - 9, 18, 10, fill: color) } else { svg.line(x0, yy - 4, x0 + 18, yy - 4, stroke: color, width: 3) }
                svg.text(x0 + 24, yy, label, size: 11)
                yy += 18
            }
        }
    }

    static func periodHours(_ p: TimeGrid.Period) -> Double {
        TimeGrid.hoursSinceEpoch(p.end) - TimeGrid.hoursSinceEpoch(p.start)
    }

    /// Facility power per year: the yearly average and the peak, means with
    /// P5–P95 bands.
    public static func power(_ r: RunSummary) -> String {
        let periods = r.plan.grid.periods
        let avg = periods.indices.map { p -> Statistic in
            let h = periodHours(periods[p]), s = r.stat(.energyFacilityMWh, period: p)
            return Statistic(mean: s.mean / h, p5: s.p5 / h, p50: s.p50 / h, p95: s.p95 / h)
        }
        let peak = periods.indices.map { r.stat(.peakFacilityPowerMW, period: $0) }
        let (scale, unit) = powerUnit(max(peak.map(\.p95).max() ?? 0, avg.map(\.p95).max() ?? 0))
        let frame = Frame(years: periods.map(\.start.year), yMax: AxisTicks.niceMaximum((peak.map(\.p95) + avg.map(\.p95)).max()! * scale))
        var svg = SVGDocument(width: width, height: height, title: "Facility power by year",
                              description: "Average and peak facility power per calendar year, mean with P5–P95 band.")
        frame.draw(&svg, title: "Facility power by year", yLabel: unit)
        var legend: [(String, String, Bool)] = []
        for (series, color, label, dash) in [(avg, palette[0], "average", nil as String?), (peak, palette[1], "peak", "6,4")] {
            if r.hasRanges {
                let upper = series.enumerated().map { (frame.x(Double($0.offset)), frame.y($0.element.p95 * scale)) }
                let lower = series.enumerated().reversed().map { (frame.x(Double($0.offset)), frame.y($0.element.p5 * scale)) }
                svg.polygon(upper + lower, fill: color, opacity: 0.18)
            }
            svg.polyline(series.enumerated().map { (frame.x(Double($0.offset)), frame.y($0.element.mean * scale)) }, stroke: color, dash: dash)
            for (i, s) in series.enumerated() { svg.circle(frame.x(Double(i)), frame.y(s.mean * scale), 3, fill: color) }
            legend.append(("\(label) (mean)", color, false))
        }
        if r.hasRanges { legend.append(("P5–P95", "#cccccc", true)) }
        frame.legend(&svg, legend)
        return svg.text
    }

    static func powerUnit(_ maxMW: Double) -> (Double, String) {
        maxMW >= 1000 ? (1e-3, "GW") : maxMW >= 1 ? (1, "MW") : (1000, "kW")
    }

    static func carbonUnit(_ maxT: Double) -> (Double, String) {
        maxT >= 1e6 ? (1e-6, "MtCO2e") : maxT >= 1e3 ? (1e-3, "ktCO2e") : (1, "tCO2e")
    }

    /// Emissions per year stacked by scope: Scope 2 location-based and
    /// Scope 3 cat. 2 embodied (upfront); market-based Scope 2 as a line.
    public static func emissions(_ r: RunSummary) -> String {
        let periods = r.plan.grid.periods
        let location = periods.indices.map { r.stat(.emissionsLocationTCO2e, period: $0).mean }
        let upfront = periods.indices.map { r.stat(.emissionsEmbodiedUpfrontTCO2e, period: $0).mean }
        let upstream = periods.indices.map { r.stat(.emissionsUpstreamTCO2e, period: $0).mean }
        let market = periods.indices.map { r.stat(.emissionsMarketTCO2e, period: $0).mean }
        let hourly = periods.indices.map { r.stat(.emissionsMarketHourlyTCO2e, period: $0).mean }
        let top = periods.indices.map { location[$0] + upfront[$0] + upstream[$0] } + market + hourly
        let (scale, unit) = carbonUnit(top.max() ?? 0)
        let frame = Frame(years: periods.map(\.start.year), yMax: AxisTicks.niceMaximum((top.max() ?? 0) * scale))
        var svg = SVGDocument(width: width, height: height, title: "Emissions by year and scope",
                              description: "Means per calendar year: Scope 2 location-based, Scope 3 category 2 embodied (upfront) and category 3 upstream of electricity stacked; Scope 2 market-based under annual and hourly matching as lines.")
        frame.draw(&svg, title: "Emissions by year and scope (means)", yLabel: unit)
        frame.stackedBars(&svg, [(location.map { $0 * scale }, palette[0], "Scope 2 location-based"),
                                 (upfront.map { $0 * scale }, palette[3], "Scope 3 embodied, upfront"),
                                 (upstream.map { $0 * scale }, palette[4], "Scope 3 upstream of electricity")], unit: unit)
        for (series, color, dash) in [(market, palette[2], "5,3"), (hourly, palette[1], "2,2")] {
            svg.polyline(series.enumerated().map { (frame.x(Double($0.offset)), frame.y($0.element * scale)) }, stroke: color, dash: dash)
            for (i, m) in series.enumerated() { svg.circle(frame.x(Double(i)), frame.y(m * scale), 3.5, fill: color) }
        }
        frame.legend(&svg, [("Scope 2, location", palette[0], true), ("Scope 3 cat. 2, upfront", palette[3], true),
                            ("Scope 3 cat. 3, upstream", palette[4], true),
                            ("Scope 2, market (annual)", palette[2], false), ("Scope 2, market (hourly)", palette[1], false)])
        return svg.text
    }

    /// Water per year: on-site (WUE × IT energy) and off-site (the
    /// power plants' water of generation) stacked, means.
    public static func water(_ r: RunSummary) -> String {
        let periods = r.plan.grid.periods
        let onsite = periods.indices.map { r.stat(.waterOnsiteM3, period: $0).mean }
        let offsite = periods.indices.map { r.stat(.waterOffsiteM3, period: $0).mean }
        let top = zip(onsite, offsite).map { $0 + $1 }
        let u = DisplayUnit.water(top.max() ?? 0)
        let frame = Frame(years: periods.map(\.start.year), yMax: AxisTicks.niceMaximum((top.max() ?? 0) * u.scale))
        var svg = SVGDocument(width: width, height: height, title: "Water by year",
                              description: "Means per calendar year: on-site water (WUE × IT energy) and water of generation at the power plants, stacked.")
        frame.draw(&svg, title: "Water by year (means)", yLabel: u.name)
        frame.stackedBars(&svg, [(onsite.map { $0 * u.scale }, palette[7], "on-site"),
                                 (offsite.map { $0 * u.scale }, palette[0], "generation (off-site)")], unit: u.name)
        frame.legend(&svg, [("On-site (WUE)", palette[7], true), ("Generation (off-site)", palette[0], true)])
        return svg.text
    }

    /// A heat map of the share of a site's load matched hour by hour by its
    /// hourly supplies: calendar month (rows) × UTC hour of day (columns),
    /// at central values.
    public static func hourlyMatching(_ shares: [Double], site: String) -> String {
        let cell = 24.0, x0 = 60.0, y0 = 50.0
        var svg = SVGDocument(width: x0 + 24 * cell + 90, height: y0 + 12 * cell + 40, title: "Hourly matching at \(site)",
                              description: "Mean share of the site's load matched in the same hour by its hourly supplies, by month and UTC hour of day (central values).")
        svg.text(x0, 24, "Share of load matched hour by hour at \(site) (central values)", size: 15, weight: "bold")
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
        for (i, v) in [0.0, 0.5, 1.0].enumerated() {
            let y = y0 + Double(i) * 40
            svg.rect(x0 + 24 * cell + 16, y, 18, 18, fill: shade(v))
            svg.text(x0 + 24 * cell + 40, y + 13, "\(Int(v * 100)) %", size: 11)
        }
        return svg.text
    }

    /// White (0) to green (1).
    static func shade(_ share: Double) -> String {
        let s = min(1, max(0, share))
        func hex(_ x: Double) -> String {
            let v = Int((x).rounded())
            let digits = Array("0123456789abcdef")
            return String([digits[v / 16], digits[v % 16]])
        }
        return "#" + hex(255 - 211 * s) + hex(255 - 95 * s) + hex(255 - 211 * s)
    }

    /// The served fleets' facility energy per year, split into what a
    /// service's prompts explain and the remainder (means).
    public static func reconciliation(_ r: RunSummary, service i: Int, name: String, served: [Int]) -> String {
        let periods = r.plan.grid.periods
        let fleets = periods.indices.map { p in served.reduce(0) { $0 + r.stat(.energyFacilityMWh, .fleet($1), period: p).mean } }
        let explained = periods.indices.map { p in min(fleets[p], r.stat(.energyFacilityMWh, service: i, period: p)?.mean ?? 0) }
        let top = max(fleets.max() ?? 0, periods.indices.map { r.stat(.energyFacilityMWh, service: i, period: $0)?.mean ?? 0 }.max() ?? 0)
        let u = DisplayUnit.energy(top)
        let frame = Frame(years: periods.map(\.start.year), yMax: AxisTicks.niceMaximum(top * u.scale))
        var svg = SVGDocument(width: width, height: height, title: "Reconciliation: \(name)",
                              description: "Means per calendar year: the served fleets' facility energy, split into the part the service's prompts explain and the remainder (training, research, idle capacity, other products).")
        frame.draw(&svg, title: "What \(name) explains of its fleets' energy (means)", yLabel: u.name)
        frame.stackedBars(&svg, [(explained.map { $0 * u.scale }, palette[2], "explained by \(name)"),
                                 (periods.indices.map { (fleets[$0] - explained[$0]) * u.scale }, "#c7c7c7", "remainder")], unit: u.name)
        let demand = periods.indices.map { r.stat(.energyFacilityMWh, service: i, period: $0)?.mean ?? 0 }
        svg.polyline(demand.enumerated().map { (frame.x(Double($0.offset)), frame.y($0.element * u.scale)) }, stroke: palette[1], dash: "5,3")
        frame.legend(&svg, [("Explained by \(name)", palette[2], true), ("Remainder", "#c7c7c7", true), ("Prompts × energy per prompt", palette[1], false)])
        return svg.text
    }

    /// Average installed accelerators per fleet and year (accelerator-hours
    /// over the year's hours).
    public static func fleets(_ r: RunSummary) -> String {
        let periods = r.plan.grid.periods
        let names = r.plan.fleetNames
        let series = names.indices.map { f in
            periods.indices.map { r.stat(.acceleratorHours, .fleet(f), period: $0).mean / periodHours(periods[$0]) }
        }
        let maxUnits = series.flatMap { $0 }.max() ?? 0
        let (scale, unit) = maxUnits >= 1e6 ? (1e-6, "million accelerators") : maxUnits >= 1e3 ? (1e-3, "thousand accelerators") : (1, "accelerators")
        let frame = Frame(years: periods.map(\.start.year), yMax: AxisTicks.niceMaximum(maxUnits * scale))
        var svg = SVGDocument(width: width, height: height, title: "Installed accelerators by fleet",
                              description: "Average installed accelerators per fleet and calendar year (means).")
        frame.draw(&svg, title: "Installed accelerators by fleet (yearly average, means)", yLabel: unit)
        var legend: [(String, String, Bool)] = []
        for (f, s) in series.enumerated() {
            let color = palette[f % palette.count]
            svg.polyline(s.enumerated().map { (frame.x(Double($0.offset)), frame.y($0.element * scale)) }, stroke: color)
            legend.append((names[f], color, false))
        }
        frame.legend(&svg, legend)
        return svg.text
    }

    /// The tornado: each input's P10 → P90 swing of the metric, largest on top.
    public static func tornado(_ entries: [ScenarioSensitivity.TornadoEntry], central: Double, metricLabel: String, scale: Double, unit: String) -> String {
        let shown = Array(entries.prefix(12))
        let rowHeight = 26.0
        // Labels are input paths; sans-serif at 11 px averages under 6.5 px a character.
        let leftLabel = max(200, 16 + 6.5 * Double(shown.map(\.parameter.count).max() ?? 0)), plotRight = 40.0
        let chartWidth = max(width, leftLabel + 420)
        let h = 70 + rowHeight * Double(shown.count) + 40
        var svg = SVGDocument(width: chartWidth, height: h, title: "Tornado: \(metricLabel)",
                              description: "The metric with each input at its P10 and P90, others at central values.")
        svg.text(16, 24, "Sensitivity of \(metricLabel) (\(unit)): inputs at P10 and P90", size: 15, weight: "bold")
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
            svg.text(leftLabel - 8, y + 16, e.parameter, size: 11, anchor: .end)
            let c = central * scale
            svg.rect(min(x(a), x(c)), y + 4, abs(x(a) - x(c)), rowHeight - 8, fill: palette[0], title: "P10 input \(HumanNumber.format(e.lowInput)): \(HumanNumber.format(a)) \(unit)")
            svg.rect(min(x(b), x(c)), y + 4, abs(x(b) - x(c)), rowHeight - 8, fill: palette[1], title: "P90 input \(HumanNumber.format(e.highInput)): \(HumanNumber.format(b)) \(unit)")
        }
        svg.line(x(central * scale), top - 8, x(central * scale), top + rowHeight * Double(shown.count), stroke: "#222222", width: 1.5)
        svg.rect(leftLabel, h - 22, 12, 10, fill: palette[0])
        svg.text(leftLabel + 16, h - 13, "input at P10", size: 11)
        svg.rect(leftLabel + 110, h - 22, 12, 10, fill: palette[1])
        svg.text(leftLabel + 126, h - 13, "input at P90", size: 11)
        svg.text(leftLabel + 230, h - 13, "| central value", size: 11)
        return svg.text
    }
}
