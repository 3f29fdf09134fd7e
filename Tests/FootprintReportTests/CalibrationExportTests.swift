import Foundation
import Testing
import FootprintModel
import FootprintLoading
@testable import FootprintReport

/// The block `footprint calibrate` prints loads as a catalog entry, keeps
/// the fit's values and obeys the idle/TDP rule.
@Suite struct CalibrationExportTests {
    @Test func theBlockLoadsAsACatalogEntry() throws {
        let u = (0...40).map { Double($0) / 40 }
        let p = u.enumerated().map { i, x in 80 + 520 * pow(x, 1.4) + (i % 2 == 0 ? 3 : -3) }
        let fit = try PowerCurveFit.fit(utilization: u, powerW: p)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("calibration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try CalibrationExport.yaml(fit, file: "power.csv", key: "test-gpu")
            .write(to: dir.appendingPathComponent("accelerators.yaml"), atomically: true, encoding: .utf8)
        let catalog = try Catalog.load(directory: dir.path)
        let a = try #require(catalog.accelerators["test-gpu"])
        let idle = try #require(a[.idleW]), tdp = try #require(a[.tdpW]), k = try #require(a[.powerExponent])
        #expect(abs(idle.mean - fit.idleW.value) <= 0.05 * fit.idleW.standardError + 1e-9)
        #expect(abs(tdp.mean - fit.tdpW.value) <= 0.05 * fit.tdpW.standardError + 1e-9)
        #expect(abs(k.mean - 1.4) < 4 * fit.powerExponent.standardError)
        #expect(idle.reach.upperBound <= tdp.reach.lowerBound)
        #expect(idle.source?.hasPrefix("fit of power.csv (41 points, utilization 0.00-1.00, RSE 3.") == true)
    }
}
