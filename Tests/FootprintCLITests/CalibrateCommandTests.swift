import Foundation
import Testing

/// `footprint calibrate` end to end: both CSV forms, the formats, and
/// refusals printed once with their place and exit status 1.
@Suite struct CalibrateCommandTests {
    @Test func nvidiaSMIExamplePrintsACatalogBlock() throws {
        let out = try footprint("calibrate", "Models/telemetry/example-nvidia-smi.csv")
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.contains("\nexample-nvidia-smi:\n"))
        #expect(out.stdout.contains("  idle_w: {dist: normal, mean: 94.93, sd: 0.67, source: \"fit of Models/telemetry/example-nvidia-smi.csv (120 points, utilization 0.00-1.00, RSE 5.45 W, R² 0.9995), footprint calibrate:"))
        #expect(out.stdout.contains("  tdp_w: {dist: normal, mean: 692.3, sd: 1, "))
        #expect(out.stdout.contains("  power_exponent: {dist: normal, mean: 1.2609, sd: 0.0088, "))
    }

    @Test func plainExampleAsJSONWithAKey() throws {
        let out = try footprint("calibrate", "Models/telemetry/example-plain.csv", "--format", "json", "--key", "my-gpu")
        #expect(out.status == 0, "\(out)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect(json["points"] as? Int == 60)
        let idle = try #require((json["parameters"] as? [String: Any])?["idle_w"] as? [String: Double])
        #expect(abs(idle["estimate"]! - 95) < 3 * idle["standard_error"]!)  // the example's true idle is 95 W
        #expect(((json["catalog"] as? [String: Any])?["my-gpu"]) != nil)
        #expect((json["covariance"] as? [[Double]])?.count == 3)
    }

    @Test func tooFewPointsIsRefusedOnce() throws {
        let file = try temporaryFile(["utilization,power_w", "0,100", "1,700"])
        defer { try? FileManager.default.removeItem(atPath: file) }
        let out = try footprint("calibrate", file)
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr == "\(file): error: 2 samples: fitting idle_w, tdp_w and power_exponent needs at least 3, at 3 or more different utilizations\n")
    }

    @Test func oneUtilizationIsRefused() throws {
        let file = try temporaryFile(["utilization,power_w", "0.5,400", "0.5,410", "0.5,405"])
        defer { try? FileManager.default.removeItem(atPath: file) }
        let out = try footprint("calibrate", file)
        #expect(out.status == 1)
        #expect(out.stderr.hasPrefix("\(file): error: all 3 samples are at one utilization (0.5)"))
    }

    @Test func aBadCellIsNamedWithItsLine() throws {
        let file = try temporaryFile(["timestamp, utilization.gpu [%], power.draw [W]", "2024/01/01 10:00:00.000, 87 %, 512.34 W",
                                           "2024/01/01 10:00:01.000, abc, 500 W"])
        defer { try? FileManager.default.removeItem(atPath: file) }
        let out = try footprint("calibrate", file)
        #expect(out.status == 1)
        #expect(out.stderr == "\(file):3:26: error: utilization.gpu [%]: 'abc' is not a number; expected a utilization from 0 to 100 %\n"
            + "1 error in the telemetry; nothing was fitted.\n")
    }
}
