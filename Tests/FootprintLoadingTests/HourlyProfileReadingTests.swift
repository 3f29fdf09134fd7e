import Foundation
import Testing
import FootprintModel
@testable import FootprintLoading

/// Hourly CSV profiles: 8,760 values, after an optional block of `#`
/// comments and one optional header line.
@Suite struct HourlyProfileReadingTests {
    static func model(gridProfile: String) -> String {
        oneFleet(grid: "{intensity_kg_per_kwh: 0.4, hourly_profile: \"\(gridProfile)\", source: test}")
    }

    /// 3 for the first half of the year, 1 after: mean 2, so 1.5 and 0.5
    /// once normalized.
    static let halfAndHalf = Array(repeating: "3", count: 4380) + Array(repeating: "1", count: 4380)

    @Test func commentsAndAHeaderBeforeTheDataAreSkipped() throws {
        let file = try temporaryFile([
            "# source: ENTSO-E transparency platform, hourly generation by type",
            "# year: 2024",
            "",
            "# derivation: hourly intensity / annual mean",
            "relative_intensity",
            "# (one value per hour from 1 January 00:00)",
        ] + Self.halfAndHalf)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let profile = try #require(try scenario(Self.model(gridProfile: file)).sites[0].grid.hourlyProfile)
        #expect(profile.values.count == 8760)
        #expect(profile.values[0] == 1.5)
        #expect(profile.values[4379] == 1.5)
        #expect(profile.values[4380] == 0.5)
        #expect(profile.values[8759] == 0.5)
    }

    /// Windows line ends ("\r\n", one Character in Swift) split lines too.
    @Test func crlfLineEndsAreLines() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("crlf-\(UUID().uuidString).csv").path
        try (["relative_intensity"] + Self.halfAndHalf).joined(separator: "\r\n").write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let profile = try #require(try scenario(Self.model(gridProfile: file)).sites[0].grid.hourlyProfile)
        #expect(profile.values.count == 8760)
        #expect(profile.values[0] == 1.5 && profile.values[8759] == 0.5)
    }

    @Test func capacityFactorsMayHaveCommentsToo() throws {
        let file = try temporaryFile(["# solar farm, 2024, metered", "capacity_factor"] + Array(repeating: "0.25", count: 8760))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let s = try scenario(oneFleet(site: "contracts: [{kind: ppa, capacity_mw: 10, hourly_profile: \"\(file)\"}]"))
        let supply = try #require(s.sites[0].contracts[0].supply)
        #expect(supply.values.count == 8760)
        #expect(supply.values.allSatisfy { $0 == 0.25 })
    }

    @Test func aCommentAmongTheValuesIsRefusedWithItsLine() throws {
        let file = try temporaryFile(["# header block", "value", "1", "# late"] + Array(repeating: "1", count: 8759))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let found = issues(Self.model(gridProfile: file))
        #expect(found.count == 1)
        #expect(found.first?.position == FilePosition(file: file, line: 4, column: 1))
        #expect(found.first?.path == "sites.s.grid.hourly_profile")
        #expect(found.first?.message.contains("found '# late' (comments go before the values)") == true)
    }

    @Test func aSecondHeaderIsRefused() throws {
        let file = try temporaryFile(["hour", "value"] + Array(repeating: "1", count: 8760))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let found = issues(Self.model(gridProfile: file))
        #expect(found.map(\.position.line) == [2])
        #expect(found.first?.message.contains("expected a non-negative number (relative to the year's average), found 'value'") == true)
    }

    @Test func badProfilesAreRefusedWithFileAndLine() throws {
        let short = try temporaryFile(["relative_intensity"] + Array(repeating: "1", count: 100))
        let text = try temporaryFile(["relative_intensity", "1", "2", "high", "1"])
        defer { for f in [short, text] { try? FileManager.default.removeItem(atPath: f) } }
        let tooShort = issues(Self.model(gridProfile: short))
        #expect(tooShort.count == 1)
        #expect(tooShort.first?.path == "sites.s.grid.hourly_profile")
        #expect(tooShort.first?.message.contains("has 100 values; expected 8760") == true)
        let word = issues(Self.model(gridProfile: text))
        #expect(word.first?.position.description == "\(text):4:1")
        #expect(word.first?.message.contains("found 'high'") == true)
        let missing = issues(Self.model(gridProfile: "/nonexistent/profile.csv"))
        #expect(missing.first?.message.contains("cannot read the hourly profile '/nonexistent/profile.csv'") == true)
    }

    /// Hexadecimal and other forms `Double(String)` takes are not numbers in
    /// a profile, as in a model.
    @Test func onlyDecimalNumbers() throws {
        let file = try temporaryFile(["value", "0x1"] + Array(repeating: "1", count: 8759))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(issues(Self.model(gridProfile: file)).first?.message.contains("found '0x1'") == true)
    }
}
