import Foundation
import Testing
import FootprintModel
@testable import FootprintLoading

/// Telemetry CSV for `footprint calibrate`: nvidia-smi's form as written,
/// the plain form, and refusals that point at the cell.
@Suite struct PowerTelemetryTests {
    func parse(_ lines: [String]) throws(ModelErrors) -> PowerTelemetry {
        try PowerTelemetry.parse(lines.joined(separator: "\n"), file: "t.csv")
    }

    func refusal(_ lines: [String]) -> [ModelIssue] {
        do { _ = try parse(lines); return [] } catch { return error.issues }
    }

    @Test func nvidiaSMIAsWritten() throws {
        let t = try parse([
            "timestamp, utilization.gpu [%], power.draw [W]",
            "2024/01/01 10:00:00.000, 87 %, 512.34 W",
            "2024/01/01 10:00:01.000, 0 %, 61.20 W\r",
            "timestamp, utilization.gpu [%], power.draw [W]",  // a log appended to
            "2024/01/01 10:00:02.000, 100 %, 699.9 W",
        ])
        #expect(t.form == .nvidiaSMI)
        #expect(t.utilization == [0.87, 0, 1])
        #expect(t.powerW == [512.34, 61.2, 699.9])
    }

    @Test func nvidiaSMIWithOtherFieldsAndNoUnits() throws {
        let t = try parse([
            "index, name, utilization.gpu [%], power.draw.average [W]",
            "0, NVIDIA H100 80GB HBM3, 45, 350.5",
            "1, NVIDIA H100 80GB HBM3, 50, 362",
        ])
        #expect(t.utilization == [0.45, 0.5])
        #expect(t.powerW == [350.5, 362])
    }

    @Test func plainFractionsAndPercent() throws {
        let fractions = try parse(["# a comment", "utilization,power_w", "0,100", "0.5,400.5", "1,700"])
        #expect(fractions.form == .plain)
        #expect(fractions.utilization == [0, 0.5, 1])
        #expect(fractions.powerW == [100, 400.5, 700])
        let percent = try parse(["utilization_pct,power_w", "0,100", "50,400", "100,700"])
        #expect(percent.utilization == [0, 0.5, 1])
        let bracketed = try parse(["utilization [%],power_w", "25,200"])
        #expect(bracketed.utilization == [0.25])
    }

    @Test func aNonNumericCellIsNamedByLineAndColumn() {
        let found = refusal(["timestamp, utilization.gpu [%], power.draw [W]", "2024/01/01 10:00:00.000, 87 %, [N/A]"])
        #expect(found.count == 1)
        #expect(found.first?.description == "t.csv:2:32: error: power.draw [W]: '[N/A]' is not a number; expected a power in watts, zero or more"
            + " (nvidia-smi writes [N/A] or [Not Supported] where it has no reading: remove those rows)")
    }

    @Test func negativePowerIsRefused() {
        let found = refusal(["utilization,power_w", "0.5,-3"])
        #expect(found.first?.description == "t.csv:2:5: error: power_w: -3 is negative; expected a power in watts, zero or more")
    }

    @Test func utilizationOutOfRangeIsRefusedWithTheRightUnit() {
        #expect(refusal(["utilization,power_w", "87,500"]).first?.description
            == "t.csv:2:1: error: utilization: 87 is above 1; expected a utilization from 0 to 1 (a fraction) (for percent, name the column utilization_pct)")
        #expect(refusal(["timestamp, utilization.gpu [%], power.draw [W]", "x, 101 %, 500 W"]).first?.description
            == "t.csv:2:4: error: utilization.gpu [%]: 101 % is above 100; expected a utilization from 0 to 100 %")
        #expect(refusal(["utilization,power_w", "-0.1,500"]).first?.message.contains("negative") == true)
    }

    @Test func aWrongHeaderSaysWhatIsExpected() {
        let found = refusal(["time,gpu_util,watts", "1,2,3"])
        #expect(found.count == 1)
        #expect(found.first?.position.line == 1)
        #expect(found.first?.message.contains("names no utilization and power columns; expected nvidia-smi's 'timestamp, utilization.gpu [%], power.draw [W]'") == true)
        #expect(refusal(["utilization,power.draw [mW]"]).first?.message == "the power column is in 'mW'; expected watts ([W])")
        #expect(refusal([]).first?.message.hasPrefix("the file has no header and no samples") == true)
    }

    @Test func aShortRowAndManyBadRows() {
        #expect(refusal(["utilization,power_w", "0.5"]).first?.description == "t.csv:2:1: error: 1 cells; the header has 2 (utilization, power_w)")
        let many = refusal(["utilization,power_w"] + Array(repeating: "x,1", count: 25))
        #expect(many.count == PowerTelemetry.maximumListedProblems + 1)
        #expect(many.contains { $0.message == "15 more problems not listed" && $0.position.line == 0 })
    }

    @Test func missingFileIsNamed() {
        #expect { try PowerTelemetry.load("/nonexistent/power.csv") } throws: { error in
            "\(error)".contains("/nonexistent/power.csv: error: no such file")
        }
    }

    @Test func theShippedExamplesRead() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Models/telemetry").path
        #expect(try PowerTelemetry.load(folder + "/example-nvidia-smi.csv").count == 120)
        #expect(try PowerTelemetry.load(folder + "/example-plain.csv").count == 60)
    }
}
