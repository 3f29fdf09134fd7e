import FootprintModel

/// The company's inventory: the physical figures placed in the scopes the
/// GHG Protocol puts them in, from each site's control, the scenario's
/// consolidation approach and the sites' equity shares.
extension MarkdownReport {
    static let inventoryMetrics: [Metric] = [
        .emissionsScope2LocationTCO2e, .emissionsScope2MarketTCO2e, .emissionsScope2MarketHourlyTCO2e,
        .emissionsScope3Cat1TCO2e, .emissionsScope3Cat1SupplierTCO2e, .emissionsScope3Cat2TCO2e, .emissionsScope3Cat3TCO2e,
    ]

    var inventory: String {
        var t = "## Inventory by scope\n\n"
        t += boundaryStatement + "\n\n"
        let u = DisplayUnit.carbon((Self.inventoryMetrics + [.emissionsScope1TCO2e]).compactMap { r.estimatedMean($0) }.max() ?? 0)
        t += r.hasRanges ? "| Scope | Mean | P5 | P50 | P95 | Unit |\n|---|---:|---:|---:|---:|---|\n" : "| Scope | Value | Unit |\n|---|---:|---|\n"
        // Category 1 only where capacity is rented: elsewhere it is not zero
        // by estimate but empty by definition.
        let rents = s.sites.contains { $0.control == .cloud }
        let shown = [.emissionsScope1TCO2e] + Self.inventoryMetrics.filter { rents || ($0 != .emissionsScope3Cat1TCO2e && $0 != .emissionsScope3Cat1SupplierTCO2e) }
        for m in shown { t += tableRow(m.label, r.estimated(m), unit: u) }
        if let notes = estimateNotes(shown) { t += notes }
        return t
    }

    /// Which sites are in which scope, and why, in one paragraph.
    var boundaryStatement: String {
        let operated = s.sites.filter { $0.control != .cloud }, rented = s.sites.filter { $0.control == .cloud }
        func names(_ sites: [Site]) -> String {
            sites.map { site in site.control == .leased ? "\(site.name) (leased)" : site.name }.joined(separator: ", ")
        }
        var p: String
        switch s.consolidation {
        case .operationalControl:
            p = "Boundary: operational control (GHG Protocol Corporate Standard, chapter 3): every site the company operates counts whole. "
        case .equityShare:
            let shares = s.sites.map { "\($0.name) \($0.equityShare?.valueDescription ?? "1")" }.joined(separator: ", ")
            p = "Boundary: equity share (GHG Protocol Corporate Standard, chapter 3): each site counts at the company's share (\(shares)). "
        }
        let onGrid = operated.filter { !$0.offGrid }, offGrid = operated.filter(\.offGrid)
        if !onGrid.isEmpty {
            p += "The electricity \(names(onGrid)) \(onGrid.count == 1 ? "buys" : "buy") is the company's Scope 2, the hardware deployed there Scope 3 category 2 (upfront), and the upstream of that electricity category 3. "
        }
        if !offGrid.isEmpty {
            p += "\(names(offGrid)) \(offGrid.count == 1 ? "is" : "are") off-grid and buy\(offGrid.count == 1 ? "s" : "") no electricity (no Scope 2); the hardware deployed there is Scope 3 category 2. "
        }
        let generating = operated.filter { !$0.generation.isEmpty }
        if !generating.isEmpty {
            p += "The fuel burned by the generation units of \(names(generating)) is Scope 1, and its upstream (extraction, processing, transport, leaks) category 3. "
        }
        if !rented.isEmpty {
            p += "\(names(rented)) \(rented.count == 1 ? "is" : "are") capacity rented as a service: \(rented.count == 1 ? "its" : "their") electricity and the amortized embodied carbon of \(rented.count == 1 ? "its" : "their") hardware are Scope 3 category 1 (purchased services), on average data and, with the provider's contracts, supplier-specific; none of it is Scope 2. "
        }
        p += "The figures elsewhere in this report describe all the modelled electricity and hardware, whoever operates it."
        return p
    }
}
