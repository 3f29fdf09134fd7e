import Foundation
import Testing
import FootprintModel
@testable import FootprintLoading

/// Every file in Fixtures/bad is refused with the file, the line and column,
/// the key path and what is wrong. Each file's first line says what to
/// expect: `# expect: LINE:COL|PATH|FRAGMENT` (an empty part is not checked).
@Suite struct BadModelTests {
    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/bad").path

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func corpusIsPresent() { #expect(Self.files.count >= 25) }

    @Test(arguments: files)
    func refusedWithPosition(_ name: String) throws {
        let path = "\(Self.directory)/\(name)"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let header = text.split(separator: "\n")[0]
        let parts = header.dropFirst("# expect: ".count).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        #expect(parts.count == 3)
        let catalog = Catalog()
        do {
            _ = try ScenarioLoader.load(text: text, file: path, catalog: catalog)
            Issue.record("\(name) was accepted")
        } catch {
            let match = error.issues.first { issue in
                (parts[0].isEmpty || "\(issue.position.line):\(issue.position.column)".hasPrefix(parts[0]))
                    && (parts[1].isEmpty || issue.path == parts[1])
                    && issue.message.contains(parts[2])
            }
            #expect(match != nil, "\(name): got \(error.issues.map(\.description))")
            #expect(error.issues.allSatisfy { $0.position.file == path })
            #expect(error.issues.allSatisfy { $0.position.line > 0 })
        }
    }

    /// Several problems in one file are all reported.
    @Test func reportsEveryProblem() throws {
        let yaml = oneFleet().replacingOccurrences(of: "pue: 1.2", with: "pue: 0.5")
            .replacingOccurrences(of: "utilization: 0.5", with: "utilization: 2")
            .replacingOccurrences(of: "tdp_w: 700", with: "tdp_watts: 700")
        #expect(throws: ModelErrors.self) { try scenario(yaml) }
        do { _ = try scenario(yaml) } catch {
            #expect(error.issues.count >= 3)
            #expect(error.issues.contains { $0.path == "fleets.f.accelerator.tdp_watts" && $0.message.contains("did you mean 'tdp_w'") })
        }
    }

    @Test func hugeAndBinaryFilesAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-bad-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("binary.yaml")
        try Data([0x73, 0x63, 0x00, 0xff, 0xfe]).write(to: binary)
        #expect(throws: ModelErrors.self) { try ScenarioLoader.load(file: binary.path) }
        // Valid UTF-8 with a NUL byte in it: refused as binary, anywhere in the text.
        for text in ["\u{0}scenario: {}", "scenario: {name: x}\n# \u{0}"] {
            #expect { try YAMLTree.parse(text, file: "nul.yaml") } throws: { "\($0)".contains("the file contains NUL bytes: it is binary, not YAML") }
        }
        let huge = dir.appendingPathComponent("huge.yaml")
        try Data(repeating: 0x20, count: YAMLTree.maximumBytes + 1).write(to: huge)
        do { _ = try ScenarioLoader.load(file: huge.path); Issue.record("accepted") } catch {
            #expect(error.issues[0].message.contains("limited to"))
        }
        #expect(throws: ModelErrors.self) { try ScenarioLoader.load(file: dir.appendingPathComponent("missing.yaml").path) }
    }

    @Test func badSetOverridesAreRefused() {
        #expect(throws: ModelErrors.self) { try scenario(oneFleet(), set: ["sites.s.pue"]) }
        #expect(throws: ModelErrors.self) { try scenario(oneFleet(), set: ["sites.nowhere.pue=1.2"]) }
        #expect(throws: ModelErrors.self) { try scenario(oneFleet(), set: ["sites.s.pue=0.5"]) }
        #expect(throws: ModelErrors.self) { try scenario(oneFleet(), set: ["bogus.x=1"]) }
    }

    /// An override's problems are placed at the override, not in the file;
    /// no wording here says how it was given (the command line adds that).
    @Test func overrideProblemsNameTheOverride() {
        let found = issues(oneFleet(), set: ["sites.s.pue=0.5"])
        #expect(found.count == 1)
        #expect(found.first?.position.isOverride == true)
        #expect(found.first?.position.file == "sites.s.pue=0.5")
        #expect(found.first?.description == "override sites.s.pue=0.5: error: sites.s.pue: 0.5 is not allowed: must be 1 or more (PUE is facility energy over IT energy)")
        do { _ = try ScenarioLoader.parseOverrides(["sites.s.pue"]); Issue.record("accepted") } catch {
            #expect(error.issues.map(\.description) == ["override sites.s.pue: error: expected PATH=VALUE, e.g. sites.us-east.pue=1.2"])
            #expect(!error.description.contains("--set"))
        }
    }

    @Test func setOverridesApply() throws {
        let s = try scenario(oneFleet(), set: ["sites.s.pue=1.5", "fleets.f.utilization=0.25", "scenario.resolution=day"])
        #expect(s.sites[0].pue.knots[0].quantity.central == 1.5)
        #expect(s.fleets[0].utilization?.central == 0.25)
        #expect(s.resolution == .day)
        #expect(s.overrides.count == 3)
    }
}
