import Foundation
import Testing
@testable import FootprintModel

/// One mistake, one message: a value that is present but refused is not
/// also reported as missing; distributions GSL cannot evaluate are refused
/// with the input's position and what would be right.
@Suite struct OneMessageTests {
    @Test(arguments: [".nan", ".inf", "-.inf", "high", "'0.5'", "[0.5]"])
    func refusedUtilizationIsReportedOnce(_ value: String) throws {
        let yaml = oneFleet().replacingOccurrences(of: "utilization: 0.5", with: "utilization: \(value)")
        do {
            _ = try scenario(yaml)
            Issue.record("accepted utilization: \(value)")
        } catch let e as ModelErrors {
            #expect(e.issues.count == 1, "\(e.issues.map(\.description))")
            #expect(e.issues[0].path == "fleets.f.utilization")
            #expect(!e.issues[0].message.contains("missing"))
        }
    }

    @Test func absentUtilizationIsStillMissing() throws {
        let yaml = oneFleet().replacingOccurrences(of: "    utilization: 0.5\n", with: "")
        do { _ = try scenario(yaml); Issue.record("accepted") } catch let e as ModelErrors {
            #expect(e.issues.map(\.message) == ["missing: the busy share of installed hours (0 to 1), or give avg_power_w"])
        }
    }

    /// The issue's cases: both aborted (exit 134) in GSL's gammainv.c and
    /// betainv.c; now refused at the key with the limits that would work.
    @Test(arguments: [
        ("{dist: gamma, shape: 1e-8, scale: 1}", "shape (1e-08) is outside 0.1 to 100000"),
        ("{dist: beta, alpha: 1e-300, beta: 1e300}", "alpha (1e-300) is outside 0.1 to 10000"),
        ("{dist: beta, alpha: 1e6, beta: 1e6}", "alpha (1000000.0) is outside 0.1 to 10000"),
    ])
    func distributionsGSLCannotInvertAreRefused(_ dist: String, _ fragment: String) throws {
        let yaml = oneFleet().replacingOccurrences(of: "utilization: 0.5", with: "utilization: \(dist)")
        do { _ = try scenario(yaml); Issue.record("accepted \(dist)") } catch let e as ModelErrors {
            #expect(e.issues.count == 1)
            #expect(e.issues[0].description.hasPrefix("test.yaml:14:18: error: fleets.f.utilization: impossible"))
            #expect(e.issues[0].message.contains(fragment), "\(e.issues[0].message)")
        }
    }

    /// Shapes where GSL's own inverse fails (gamma 0.1 below p ≈ 0.1) load,
    /// through the bisection fallback, with finite tails.
    @Test func gammaWithSmallShapeLoads() throws {
        let yaml = oneFleet().replacingOccurrences(of: "utilization: 0.5", with: "utilization: {dist: gamma, shape: 0.1, scale: 0.05}")
        let s = try scenario(yaml)
        let q = try #require(s.fleets[0].utilization)
        #expect(q.quantile(1e-6) >= 0 && q.quantile(1e-6) < 1e-50)
        #expect(q.quantile(0.05).isFinite)
    }
}
