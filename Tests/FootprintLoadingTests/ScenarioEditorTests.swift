import Testing
@testable import FootprintLoading

/// `ScenarioEditor`: overrides written into a scenario's text, everything
/// else kept.
@Suite struct ScenarioEditorTests {
    let text = """
    # A scenario
    scenario:
      name: "Edited"   # its name
      samples: 200
    sites:
      - name: east
        pue: 1.2        # measured, 2024
        wue: {dist: uniform, min: 0.1, max: 0.3, source: "a report"}
        grid_share:
          value: 0.5
          source: "a contract"
        # the contracts
        contracts:
          - name: ppa
            share: 0.4
    fleets:
      - name: gpus
        utilization: 0.6
    """

    func apply(_ overrides: [String]) throws -> ScenarioEditor.Result {
        try ScenarioEditor.apply(overrides, to: text, file: "s.yaml")
    }

    @Test func aValueOnOneLineIsReplacedInPlaceWithItsComment() throws {
        let r = try apply(["sites.east.pue=1.35", "scenario.name=\"Other\""])
        #expect(r.notWritten.isEmpty)
        #expect(r.text == text.replacingOccurrences(of: "pue: 1.2        # measured", with: "pue: 1.35        # measured")
            .replacingOccurrences(of: "name: \"Edited\"   # its name", with: "name: \"Other\"   # its name"))
    }

    @Test func aFlowMappingIsReplacedWhole() throws {
        let r = try apply(["sites.east.wue={dist: pert, min: 0.1, mode: 0.2, max: 0.4}"])
        #expect(r.text.contains("    wue: {dist: pert, min: 0.1, mode: 0.2, max: 0.4}\n    grid_share:"))
    }

    @Test func aBlockIsReplacedOnItsKeysLineAndTheCommentAfterItStays() throws {
        let r = try apply(["sites.east.grid_share=0.7"])
        #expect(r.text.contains("    grid_share: 0.7\n    # the contracts\n    contracts:"))
        #expect(!r.text.contains("a contract"))
    }

    @Test func aKeyTheFileLacksIsAddedToItsMapping() throws {
        let r = try apply(["fleets.gpus.units=100", "scenario.seed=7"])
        #expect(r.text.hasSuffix("    utilization: 0.6\n    units: 100"))
        #expect(r.text.contains("  samples: 200\n  seed: 7\nsites:"))
    }

    @Test func valuesInsideListsAndTheCatalogAreReportedNotWritten() throws {
        let r = try apply(["sites.east.contracts.ppa.share=0.5", "accelerators.h100.tdp_w=600", "sites.east.contracts.0={name: x, share: 1}"])
        #expect(r.text.contains("        share: 0.5\nfleets:"))
        #expect(r.notWritten == ["accelerators.h100.tdp_w=600", "sites.east.contracts.0={name: x, share: 1}"])
    }

    @Test func aBadOverrideIsTheOverridesError() {
        #expect(throws: ModelErrors.self) { try apply(["sites.east.pue"]) }
    }
}
