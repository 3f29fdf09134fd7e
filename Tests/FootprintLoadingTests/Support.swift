import Foundation
import Testing
import FootprintModel
@testable import FootprintLoading
// The helpers every test target shares (scenario(_:), temporaryFile, ...),
// visible in every file of this target.
@_exported import FootprintTestSupport

/// The issues a model is refused with (none if it is accepted).
func issues(_ yaml: String, catalog: Catalog = Catalog(), set: [String] = []) -> [ModelIssue] {
    do { _ = try scenario(yaml, catalog: catalog, set: set); return [] } catch { return error.issues }
}

/// One site, one fleet, a year-long horizon. {SITE}/{FLEET} text is added
/// to the site's and the fleet's block.
func oneFleet(site: String = "", fleet: String = "", grid: String = "{intensity_kg_per_kwh: 0.4, source: test}") -> String {
    """
    scenario:
      name: loading
      horizon: {start: 2026-01-01, end: 2027-01-01}
    sites:
      - name: s
        grid: \(grid)
        pue: 1.2
    \(site.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    fleets:
      - name: f
        accelerator: {tdp_w: 700, idle_w: 100, host_w: 200, network_w: 50, source: test}
        site: s
        utilization: 0.5
        lifetime_years: 5
        deploy: [{date: 2026-01-01, units: 1000}]
    \(fleet.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    """
}
