import Foundation
import Testing
import FootprintModel
import FootprintTestSupport
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

    /// The fast path for plain decimals gives exactly what the full parser
    /// gives, and declines what it cannot do exactly.
    @Test func simpleDecimalsAreExact() throws {
        // A fixed sequence (SplitMix64), so the cases are the same every run.
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var samples = ["0", "1", "0.5", "10", "100.50", "0.0123", "000.1000", "0.7171717171717171", "123456789012345",
                       "1234567890123456", "0.00000000000000000000001", "1e3", "-1", "0x1", ".5", "5.", "1.2.3", ""]
        for _ in 0..<20_000 {
            let digits = Int(next() % 17) + 1
            let text = String(format: "%.\(digits)f", Double(next() >> 11) / Double(1 << 53) * 1000)
            samples.append(text)
        }
        for text in samples {
            let fast = HourlyProfile.simpleDecimal(ArraySlice(Array(text.utf8)))
            if let fast { #expect(fast == Double(text), "\(text)") }
        }
        #expect(HourlyProfile.simpleDecimal(ArraySlice(Array("0.7171717171717171".utf8))) == nil)  // 16 digits: declined
        #expect(HourlyProfile.simpleDecimal(ArraySlice(Array("0.25".utf8))) == 0.25)
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

/// A catalog names profiles for many grids; a scenario reads only those of
/// the grids its sites use, once each, and a broken one is reported at the
/// catalog's line when a site uses its grid.
@Suite struct CatalogProfilesTests {
    @Test func onlyTheProfilesOfUsedGridsAreRead() throws {
        let folder = try temporaryFolder("catalog-profiles")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.csv")
        try HourlyProfileReadingTests.halfAndHalf.joined(separator: "\n").write(to: good, atomically: true, encoding: .utf8)
        try """
        GOOD: {name: good, intensity_kg_per_kwh: {value: 0.4, source: test}, hourly_profile: good.csv}
        BROKEN: {name: broken, intensity_kg_per_kwh: {value: 0.4, source: test}, hourly_profile: missing.csv}
        PLAIN: {name: plain, intensity_kg_per_kwh: {value: 0.4, source: test}}
        """.write(to: folder.appendingPathComponent("grids.yaml"), atomically: true, encoding: .utf8)
        let catalog = try Catalog.load(directory: folder.path)
        #expect(catalog.grids["BROKEN"]?.hourlyProfile == nil)
        #expect(catalog.grids["BROKEN"]?.hourlyProfileFile?.path == folder.appendingPathComponent("missing.csv").path)
        func model(_ grids: [String]) -> String {
            var y = "scenario: {name: p, horizon: {start: 2026-01-01, end: 2027-01-01}, resolution: month}\nsites:\n"
            for (i, g) in grids.enumerated() { y += "  - {name: s\(i), grid: \(g), pue: 1.2}\n" }
            return y + "fleets: [{name: f, accelerator: {tdp_w: 700, idle_w: 100, source: test}, site: s0, utilization: 0.5, lifetime_years: 5, deploy: [{date: 2026-01-01, units: 10}]}]\n"
        }
        // The broken profile is never read when no site uses its grid.
        let s = try ScenarioLoader.load(text: model(["GOOD", "GOOD", "PLAIN"]), file: "p.yaml", catalog: catalog)
        #expect(s.sites[0].grid.hourlyProfile?.values.first == 1.5)
        #expect(s.sites[1].grid.hourlyProfile?.values.first == 1.5)
        #expect(s.sites[2].grid.hourlyProfile == nil)
        #expect(s.profiles.count == 1)
        #expect { try ScenarioLoader.load(text: model(["BROKEN"]), file: "p.yaml", catalog: catalog) } throws: {
            "\($0)".contains("grids.yaml:2:") && "\($0)".contains("grids.BROKEN.hourly_profile")
        }
    }
}
