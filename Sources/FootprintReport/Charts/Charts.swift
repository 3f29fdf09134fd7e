import FootprintModel

/// The report's charts, drawn with `SVGDocument`.
public enum Charts {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    static let width = 720.0, height = 360.0
    static let left = 80.0, right = 170.0, top = 40.0, bottom = 50.0

    /// A plot area with a y axis from 0 to `yMax`, x ticks at the years, a
    /// heading and a legend on the right. The plot keeps its size; the
    /// chart grows past 720 × 360 when the heading or legend needs room.
    struct Frame {
        let years: [Int]
        let yMax: Double
        let heading: String
        let legend: Legend
        var plotWidth: Double { Charts.width - left - right }
        var plotHeight: Double { Charts.height - top - bottom }
        var legendX: Double { left + plotWidth + 16 }
        var width: Double { max(Charts.width, legendX + legend.width + 6, left + TextLayout.width(heading, size: 15, bold: true) + 8) }
        var height: Double { max(Charts.height, top + 10 + legend.height) }
        /// Centre of year index i; its period spans x(i - 0.5) to x(i + 0.5).
        func x(_ i: Double) -> Double { left + (i + 0.5) * plotWidth / Double(max(1, years.count)) }
        func y(_ v: Double) -> Double { top + plotHeight * (1 - v / yMax) }

        /// A document of the frame's size with the heading and axes drawn.
        func document(title: String, description: String, yLabel: String) -> SVGDocument {
            var svg = SVGDocument(width: width, height: height, title: title, description: description)
            svg.text(left, 24, heading, size: 15, weight: "bold")
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
            return svg
        }

        /// Draws the legend and returns the SVG text.
        func finish(_ svg: inout SVGDocument) -> String {
            legend.draw(&svg, x: legendX, y: top + 10)
            return svg.text
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
    }

    static func periodHours(_ p: TimeGrid.Period) -> Double {
        TimeGrid.hoursSinceEpoch(p.end) - TimeGrid.hoursSinceEpoch(p.start)
    }

    /// Facility power per year: the yearly average, the highest step
    /// average and the installed hardware's draw at full load (power
    /// capacity), means with P5–P95 bands.
    public static func power(_ r: RunSummary) -> String {
        let periods = r.plan.grid.periods
        let avg = periods.indices.map { p -> Statistic in
            let h = periodHours(periods[p]), s = r.stat(.energyFacilityMWh, period: p)
            return Statistic(mean: s.mean / h, p5: s.p5 / h, p50: s.p50 / h, p95: s.p95 / h)
        }
        let peak = periods.indices.map { r.stat(.peakFacilityPowerMW, period: $0) }
        let capacity = periods.indices.map { r.stat(.powerCapacityMW, period: $0) }
        let (scale, unit) = powerUnit((peak + avg + capacity).map(\.p95).max() ?? 0)
        let step = r.plan.scenario.resolution.rawValue
        let lines = [(avg, palette[0], "average", nil as String?), (peak, palette[1], "highest \(step) average", "6,4"),
                     (capacity, palette[3], "capacity at full load", "2,3")]
        // Each series' band is tinted in its own colour, so its legend mark is too.
        let legend = lines.map { _, color, label, dash in
            r.hasRanges ? Legend.Entry(label: "\(label) (mean, P5–P95)", color: color, mark: .band(dash: dash))
                : Legend.Entry(label: "\(label) (mean)", color: color, mark: .line(dash: dash, dots: true))
        }
        let frame = Frame(years: periods.map(\.year), yMax: AxisTicks.niceMaximum(((peak + avg + capacity).map(\.p95).max() ?? 0) * scale),
                          heading: "Facility power by year", legend: Legend(legend))
        var svg = frame.document(title: "Facility power by year",
                                 description: "Average facility power, the highest \(step) average and the installed hardware's draw at full load per calendar year, mean with P5–P95 band.", yLabel: unit)
        for (series, color, _, dash) in lines {
            if r.hasRanges {
                let upper = series.enumerated().map { (frame.x(Double($0.offset)), frame.y($0.element.p95 * scale)) }
                let lower = series.enumerated().reversed().map { (frame.x(Double($0.offset)), frame.y($0.element.p5 * scale)) }
                svg.polygon(upper + lower, fill: color, opacity: Legend.bandOpacity)
            }
            svg.polyline(series.enumerated().map { (frame.x(Double($0.offset)), frame.y($0.element.mean * scale)) }, stroke: color, dash: dash)
            for (i, s) in series.enumerated() { svg.circle(frame.x(Double(i)), frame.y(s.mean * scale), 3, fill: color) }
        }
        return frame.finish(&svg)
    }

    static func powerUnit(_ maxMW: Double) -> (Double, String) {
        maxMW >= 1000 ? (1e-3, "GW") : maxMW >= 1 ? (1, "MW") : (1000, "kW")
    }

    static func carbonUnit(_ maxT: Double) -> (Double, String) {
        maxT >= 1e6 ? (1e-6, "MtCO2e") : maxT >= 1e3 ? (1e-3, "ktCO2e") : (1, "tCO2e")
    }

    /// Emissions per year of all modelled electricity and hardware, stacked:
    /// location-based, embodied upfront, upstream of electricity; the
    /// market-based figures as lines (the company's scopes are the
    /// inventory's, in the report's text).
    public static func emissions(_ r: RunSummary) -> String {
        let periods = r.plan.grid.periods
        let location = periods.indices.map { r.stat(.emissionsLocationTCO2e, period: $0).mean }
        let upfront = periods.indices.map { r.stat(.emissionsEmbodiedUpfrontTCO2e, period: $0).mean }
        let upstream = periods.indices.map { r.stat(.emissionsUpstreamTCO2e, period: $0).mean }
        let market = periods.indices.map { r.stat(.emissionsMarketTCO2e, period: $0).mean }
        let hourly = periods.indices.map { r.stat(.emissionsMarketHourlyTCO2e, period: $0).mean }
        let top = periods.indices.map { location[$0] + upfront[$0] + upstream[$0] } + market + hourly
        let (scale, unit) = carbonUnit(top.max() ?? 0)
        let legend = Legend([.init(label: "Electricity, location-based", color: palette[0], mark: .bar),
                             .init(label: "Embodied, upfront", color: palette[3], mark: .bar),
                             .init(label: "Upstream of electricity", color: palette[4], mark: .bar),
                             .init(label: "Electricity, market (annual)", color: palette[2], mark: .line(dash: "5,3", dots: true)),
                             .init(label: "Electricity, market (hourly)", color: palette[1], mark: .line(dash: "2,2", dots: true))])
        let frame = Frame(years: periods.map(\.year), yMax: AxisTicks.niceMaximum((top.max() ?? 0) * scale),
                          heading: "Emissions by year (means, all modelled electricity and hardware)", legend: legend)
        var svg = frame.document(title: "Emissions by year",
                                 description: "Means per calendar year of all modelled electricity and hardware: location-based electricity emissions, embodied carbon (upfront) and the upstream of electricity stacked; market-based electricity emissions under annual and hourly matching as lines.",
                                 yLabel: unit)
        frame.stackedBars(&svg, [(location.map { $0 * scale }, palette[0], "Electricity, location-based"),
                                 (upfront.map { $0 * scale }, palette[3], "Embodied, upfront"),
                                 (upstream.map { $0 * scale }, palette[4], "Upstream of electricity")], unit: unit)
        for (series, color, dash) in [(market, palette[2], "5,3"), (hourly, palette[1], "2,2")] {
            svg.polyline(series.enumerated().map { (frame.x(Double($0.offset)), frame.y($0.element * scale)) }, stroke: color, dash: dash)
            for (i, m) in series.enumerated() { svg.circle(frame.x(Double(i)), frame.y(m * scale), 3.5, fill: color) }
        }
        return frame.finish(&svg)
    }

    /// Water per year: on-site (WUE × IT energy) and off-site (the
    /// power plants' water of generation) stacked, means.
    public static func water(_ r: RunSummary) -> String {
        let periods = r.plan.grid.periods
        let onsite = periods.indices.map { r.stat(.waterOnsiteM3, period: $0).mean }
        let offsite = periods.indices.map { r.stat(.waterOffsiteM3, period: $0).mean }
        let top = zip(onsite, offsite).map { $0 + $1 }
        let u = DisplayUnit.water(top.max() ?? 0)
        let legend = Legend([.init(label: "On-site (WUE)", color: palette[7], mark: .bar),
                             .init(label: "Generation (off-site)", color: palette[0], mark: .bar)])
        let frame = Frame(years: periods.map(\.year), yMax: AxisTicks.niceMaximum((top.max() ?? 0) * u.scale),
                          heading: "Water by year (means)", legend: legend)
        var svg = frame.document(title: "Water by year",
                                 description: "Means per calendar year: on-site water (WUE × IT energy) and water of generation at the power plants, stacked.",
                                 yLabel: u.name)
        frame.stackedBars(&svg, [(onsite.map { $0 * u.scale }, palette[7], "on-site"),
                                 (offsite.map { $0 * u.scale }, palette[0], "generation (off-site)")], unit: u.name)
        return frame.finish(&svg)
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
        let legend = Legend([.init(label: "Explained by \(name)", color: palette[2], mark: .bar),
                             .init(label: "Remainder", color: "#c7c7c7", mark: .bar),
                             .init(label: "Prompts × energy per prompt", color: palette[1], mark: .line(dash: "5,3", dots: true))])
        let frame = Frame(years: periods.map(\.year), yMax: AxisTicks.niceMaximum(top * u.scale),
                          heading: "What \(name) explains of its fleets' energy (means)", legend: legend)
        var svg = frame.document(title: "Reconciliation: \(name)",
                                 description: "Means per calendar year: the served fleets' facility energy, split into the part the service's prompts explain and the remainder (training, research, idle capacity, other products).",
                                 yLabel: u.name)
        frame.stackedBars(&svg, [(explained.map { $0 * u.scale }, palette[2], "explained by \(name)"),
                                 (periods.indices.map { (fleets[$0] - explained[$0]) * u.scale }, "#c7c7c7", "remainder")], unit: u.name)
        let demand = periods.indices.map { r.stat(.energyFacilityMWh, service: i, period: $0)?.mean ?? 0 }
        svg.polyline(demand.enumerated().map { (frame.x(Double($0.offset)), frame.y($0.element * u.scale)) }, stroke: palette[1], dash: "5,3")
        // Dots, so a one-year horizon still shows the line's value.
        for (i, d) in demand.enumerated() { svg.circle(frame.x(Double(i)), frame.y(d * u.scale), 3, fill: palette[1]) }
        return frame.finish(&svg)
    }

    /// Average installed accelerators per fleet and year (accelerator-hours
    /// over the year's hours), each year's average held flat across the
    /// year: a generation switch shows as the step it is, not a ramp.
    public static func fleets(_ r: RunSummary) -> String {
        let periods = r.plan.grid.periods
        let names = r.plan.fleetNames
        let series = names.indices.map { f in
            periods.indices.map { r.stat(.acceleratorHours, .fleet(f), period: $0).mean / periodHours(periods[$0]) }
        }
        let maxUnits = series.flatMap { $0 }.max() ?? 0
        let (scale, unit) = maxUnits >= 1e6 ? (1e-6, "million accelerators") : maxUnits >= 1e3 ? (1e-3, "thousand accelerators") : (1, "accelerators")
        let legend = Legend(names.indices.map { .init(label: names[$0], color: palette[$0 % palette.count], mark: .line(dash: nil, dots: false)) })
        let frame = Frame(years: periods.map(\.year), yMax: AxisTicks.niceMaximum(maxUnits * scale),
                          heading: "Installed accelerators by fleet (yearly average, means)", legend: legend)
        var svg = frame.document(title: "Installed accelerators by fleet",
                                 description: "Average installed accelerators per fleet and calendar year (means), held over each year.", yLabel: unit)
        for (f, s) in series.enumerated() {
            let steps = s.enumerated().flatMap { i, v in
                [(frame.x(Double(i) - 0.5), frame.y(v * scale)), (frame.x(Double(i) + 0.5), frame.y(v * scale))]
            }
            svg.polyline(steps, stroke: palette[f % palette.count])
        }
        return frame.finish(&svg)
    }
}
