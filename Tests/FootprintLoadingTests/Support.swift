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
    oneFleetYAML(name: "loading", site: site, fleet: fleet, grid: grid)
}
