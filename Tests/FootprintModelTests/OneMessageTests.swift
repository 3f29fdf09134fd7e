import Foundation
import Testing
import FootprintLoading
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
        } catch let e {
            #expect(e.issues.count == 1, "\(e.issues.map(\.description))")
            #expect(e.issues[0].path == "fleets.f.utilization")
            #expect(!e.issues[0].message.contains("missing"))
        }
    }

    @Test func absentUtilizationIsStillMissing() throws {
        let yaml = oneFleet().replacingOccurrences(of: "    utilization: 0.5\n", with: "")
        do { _ = try scenario(yaml); Issue.record("accepted") } catch let e {
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
        do { _ = try scenario(yaml); Issue.record("accepted \(dist)") } catch let e {
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

/// The fuzz campaign's and the mutation test's finding: a shipped model
/// with one number replaced by an extreme (PERT max 1e308) made `validate`
/// hang in GSL (β = ∞). Refused at once, for every shipped PERT input.
@Suite(.timeLimit(.minutes(1))) struct ExtremeNumberTests {
    @Test(arguments: ["1e308", "-1e308", "1.7976931348623157e308"])
    func pertWithExtremeBoundIsRefusedQuickly(_ extreme: String) throws {
        let text = try String(contentsOfFile: "\(packageRoot.path)/Models/hybrid-buildout.yaml", encoding: .utf8)
            .replacingOccurrences(of: "mode: 0.7, max: 0.9", with: "mode: 0.7, max: \(extreme)")
            .replacingOccurrences(of: "min: 0.5, mode: 0.7", with: extreme.hasPrefix("-") ? "min: \(extreme), mode: 0.7" : "min: 0.5, mode: 0.7")
        let catalog = try Catalog.load(directory: "\(packageRoot.path)/Models/catalog")
        let start = Date()
        #expect(throws: ModelErrors.self) { try ScenarioLoader.load(text: text, file: "mutant.yaml", catalog: catalog) }
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
