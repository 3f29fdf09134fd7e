import Testing

/// The loader places an override's problem at the override; the command
/// line says which option gave it and that nothing ran.
@Suite struct OverrideMessageTests {
    @Test func namesTheOptionThatGaveIt() throws {
        let r = try footprint("validate", "Models/gpt3-training.yaml", "--set", "sites.microsoft-datacenter.pue=0.5")
        #expect(r.status != 0)
        #expect(r.stderr == """
            sites.microsoft-datacenter.pue=0.5 (given with --set): error: sites.microsoft-datacenter.pue: \
            0.5 is not allowed: must be 1 or more (PUE is facility energy over IT energy)
            1 error in the model; nothing was run or written.

            """)
        let b = try footprint("compare", "Models/gpt3-training.yaml", "Models/gpt3-training.yaml", "--set-b", "scenario.samples=0")
        #expect(b.status != 0)
        #expect(b.stderr.hasPrefix("scenario.samples=0 (given with --set-b): error: scenario.samples: 0 is out of range"))
    }
}
