import Foundation
import Testing
import FootprintLoading
@testable import FootprintModel
// The helpers every test target shares (packageRoot, scenario(_:), ...),
// visible in every file of this target.
@_exported import FootprintTestSupport

func central(_ yaml: String, set: [String] = []) throws -> Evaluation {
    let plan = try EvaluationPlan(try scenario(yaml, set: set))
    return Engine(plan: plan).evaluateCentral()
}

/// Relative closeness: |a − b| ≤ tolerance · max(|a|, |b|, tiny).
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-300)
}

/// One site, one fleet, a year-long horizon: the basis of the hand-computed
/// cases. Placeholders {SITE} and {FLEET} add keys.
func oneFleet(site: String = "", fleet: String = "", deploy: String = "[{date: 2026-01-01, units: 1000}]",
              resolution: String = "month", horizonEnd: String = "2027-01-01") -> String {
    oneFleetYAML(name: "hand-computed", site: site, fleet: fleet, deploy: deploy, resolution: resolution, horizonEnd: horizonEnd)
}
