import FootprintModel

/// The report's accounting parts: the two market-based rules side by side,
/// the carbon-free shares per site and year, and what the grid figures'
/// basis and upstream factors mean for the totals.
extension MarkdownReport {
    var marketRules: String {
        var t = "## Market-based: annual and hourly matching\n\n"
        let annual = r.stat(.emissionsMarketTCO2e).mean, hourly = r.stat(.emissionsMarketHourlyTCO2e).mean
        let u = DisplayUnit.carbon(max(annual, hourly))
        t += "Under the Scope 2 Guidance in force (GHG Protocol, 2015), contractual instruments are matched to consumption over each calendar year: market-based emissions are \(range(.emissionsMarketTCO2e, unit: u)). "
        t += "Under the revision the GHG Protocol put to consultation in October 2025, an instrument counts only in the hour it is generated, and an annual certificate (a share contract not marked `hourly` or `legacy`) counts for nothing: \(range(.emissionsMarketHourlyTCO2e, unit: u)). "
        let difference = hourly - annual
        if abs(difference) <= 1e-9 * max(abs(annual), 1) {
            t += "The two agree: every contract's energy coincides with consumption hour by hour (or there are no contracts).\n\n"
        } else {
            // Against a near-zero annual figure a percentage says little
            // (34,900 %): from ten times up, say how many times.
            // No ratio over a denominator that can be zero: only when the
            // annual figure is positive in every draw of the central 90 %.
            let share = r.stat(.emissionsMarketTCO2e).p5 <= 0 ? ""
                : hourly >= 10 * annual ? " (the hourly figure is \(HumanNumber.format(hourly / annual)) times the annual one)"
                : " (\(HumanNumber.format(difference / annual * 100)) %)"
            t += "The difference, \(u.format(difference)) \(u.name)\(share), is contracted energy that does not coincide with consumption in the same hour, or annual certificates the draft would no longer count: that much more consumption would be counted at the residual mix.\n\n"
        }
        t += "Carbon-free energy (CFE): contracted energy at zero intensity, matched under each rule, as a share of facility energy (ratios of means).\n\n"
        t += "| Site | Year | CFE, annual | CFE, hourly | Market-based, annual (\(u.name)) | Market-based, hourly (\(u.name)) |\n|---|---|---:|---:|---:|---:|\n"
        let periods = r.plan.grid.periods
        for (i, site) in s.sites.enumerated() {
            for p in periods.indices {
                let energy = r.stat(.energyFacilityMWh, .site(i), period: p).mean
                guard energy > 0 else { continue }
                let cfeA = r.stat(.energyCFEAnnualMWh, .site(i), period: p).mean / energy
                let cfeH = r.stat(.energyCFEHourlyMWh, .site(i), period: p).mean / energy
                t += "| \(site.name) | \(periods[p].year) | \(HumanNumber.format(cfeA * 100)) % | \(HumanNumber.format(cfeH * 100)) % | "
                t += "\(u.format(r.stat(.emissionsMarketTCO2e, .site(i), period: p).mean)) | \(u.format(r.stat(.emissionsMarketHourlyTCO2e, .site(i), period: p).mean)) |\n"
            }
        }
        for (i, site) in s.sites.enumerated() where r.hourlyMatching[i] != nil {
            t += "\n![Share of \(site.name)'s load matched hour by hour, by month and UTC hour of day](\(name)/matching-\(site.name).svg)\n"
        }
        return t
    }

    /// Charts of hourly matching, one per site with hourly supplies.
    var matchingCharts: [(String, String)] {
        s.sites.indices.compactMap { i in
            r.hourlyMatching[i].map { ("matching-\(s.sites[i].name).svg", Charts.hourlyMatching($0, site: s.sites[i].name)) }
        }
    }

    /// Notes on the grid figures' basis and on upstream factors.
    var accountingNotes: [String] {
        var notes: [String] = []
        let lifecycle = s.sites.filter { $0.grid.basis == .lifecycle }.map(\.name)
        if !lifecycle.isEmpty {
            notes.append("The grid figures of \(lifecycle.joined(separator: ", ")) are on a lifecycle basis (combustion plus the fuels' upstream), not combustion only as the Scope 2 Guidance asks: their Scope 2 figures include upstream emissions, and their upstream factor covers transmission and distribution losses only, so nothing is counted twice.")
        }
        let unstated = s.sites.filter { $0.grid.basis == nil && !$0.offGrid }.map(\.name)
        if !unstated.isEmpty {
            notes.append("The grid of \(unstated.joined(separator: ", ")) does not say whether its figures are combustion-only or lifecycle.")
        }
        let noUpstream = s.sites.filter { $0.grid.upstream == nil && !$0.offGrid }.map(\.name)
        if !noUpstream.isEmpty {
            notes.append("No upstream factor is given for the grid of \(noUpstream.joined(separator: ", ")): the upstream of its electricity (Scope 3 category 3) is not estimated there.")
        }
        return notes
    }

    /// The tornado's rows that move the metric, and the inputs that do not.
    var tornadoParts: (moving: [ScenarioSensitivity.TornadoEntry], still: [String]) {
        let moving = tornado.filter { $0.swing > 0 }
        return (moving, tornado.filter { $0.swing == 0 }.map(\.parameter))
    }
}
