import Foundation
import Testing
import FootprintModel
@testable import FootprintLoading

/// The rule that no draw idles above its peak (docs/scenario-format.md,
/// "Idle below TDP"), on the shipped catalog and on blocks written to break it.
@Suite struct IdleBelowTDPTests {
    static let catalogDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Models/catalog").path

    static let catalog = try! Catalog.load(directory: catalogDirectory)

    @Test func theCatalogHasAccelerators() { #expect(Self.catalog.acceleratorOrder.count >= 10) }

    /// For every accelerator with both fields: idle's highest possible draw
    /// is at most TDP's lowest, checked both on `reach` and, independently
    /// of it, on the distributions' quantiles (0 and 1 for bounded ones,
    /// the one-in-a-million tails for the others, which `quantile` clamps
    /// to the field's bounds as draws are).
    @Test(arguments: catalog.acceleratorOrder)
    func idleCannotExceedTDPInAnyDraw(_ key: String) throws {
        let a = try #require(Self.catalog.accelerators[key])
        guard let idle = a[.idleW], let tdp = a[.tdpW] else { return }
        #expect(idle.reach.upperBound <= tdp.reach.lowerBound, "\(key): idle \(idle.valueDescription), tdp \(tdp.valueDescription)")
        let idleHigh = max(idle.quantile(1), idle.quantile(1 - Quantity.negligibleTail))
        let tdpLow = min(tdp.quantile(0), tdp.quantile(Quantity.negligibleTail))
        if idleHigh.isFinite && tdpLow.isFinite {
            #expect(idleHigh <= tdpLow, "\(key): idle reaches \(idleHigh) W, TDP falls to \(tdpLow) W")
        }
    }

    @Test func reachOfEachKindOfValue() throws {
        let q = { (text: String) throws -> Quantity in
            try #require(try scenario(oneFleet(fleet: "idle_w: \(text)")).fleets[0].accelerator[.idleW])
        }
        #expect(try q("120").reach == 120...120)
        #expect(try q("{dist: uniform, min: 50, max: 150}").reach == 50...150)
        #expect(try q("{dist: triangular, min: 50, mode: 60, max: 150}").reach == 50...150)
        // A normal reaches mean ± 4.753 sd at the one-in-a-million tails.
        let n = try q("{dist: normal, mean: 100, sd: 10}").reach
        #expect(abs(n.lowerBound - 52.465) < 0.01 && abs(n.upperBound - 147.535) < 0.01)
    }

    @Test func overlappingRangesAreRefusedWithBothRangesAndWhatWouldBeRight() throws {
        let yaml = oneFleet().replacingOccurrences(
            of: "{tdp_w: 700, idle_w: 100,",
            with: "{tdp_w: {dist: uniform, min: 400, max: 1000}, idle_w: {dist: uniform, min: 150, max: 470},")
        let found = issues(yaml)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.path == "fleets.f.accelerator.idle_w")
        #expect(issue.position.line == 11)
        #expect(issue.message.hasPrefix("idle_w can reach 470 W (150 to 470 W, uniform(min 150, max 470)) but tdp_w can be as low as 400 W (400 to 1000 W, uniform(min 400, max 1000))"))
        #expect(issue.message.contains("idle_w max ≤ 400 W, or tdp_w min ≥ 470 W"))
        #expect(issue.message.contains("fleets.f.accelerator.tdp_w at test.yaml:11:"))
        // Touching ranges are allowed: idle's max equal to TDP's min never exceeds it.
        #expect(issues(yaml.replacingOccurrences(of: "max: 470", with: "max: 400")).isEmpty)
    }

    @Test func aFleetOverridingOnlyTDPIsBlamedForIt() throws {
        let found = issues(oneFleet(fleet: "tdp_w: 90"))
        #expect(found.map(\.path) == ["fleets.f.tdp_w"])
        #expect(found.first?.message.contains("(the other value: fleets.f.accelerator.idle_w at test.yaml:11:") == true)
    }

    @Test func aSetOverrideOfTheCatalogIsChecked() throws {
        do {
            _ = try Catalog.load(directory: Self.catalogDirectory,
                                 overrides: ScenarioLoader.parseOverrides(["accelerators.nvidia-h100-sxm.idle_w={dist: normal, mean: 650, sd: 20}"]))
            Issue.record("accepted")
        } catch {
            #expect(error.issues.first?.path == "accelerators.nvidia-h100-sxm.idle_w")
            #expect(error.issues.first?.position.isOverride == true)
        }
    }
}
