import FootprintLoading
import FootprintModel

/// The scenario of `yaml` (named `file` in messages) with `set` overrides,
/// read through the public loader as a model file would be.
public func scenario(_ yaml: String, file: String = "test.yaml", catalog: Catalog = Catalog(), set: [String] = []) throws(ModelErrors) -> Scenario {
    try ScenarioLoader.load(text: yaml, file: file, catalog: catalog, overrides: ScenarioLoader.parseOverrides(set))
}
