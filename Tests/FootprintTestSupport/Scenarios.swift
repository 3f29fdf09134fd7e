import FootprintLoading
import FootprintModel

/// The scenario of `yaml` (named `file` in messages) with `set` overrides,
/// read through the public loader as a model file would be.
public func scenario(_ yaml: String, file: String = "test.yaml", catalog: Catalog = Catalog(), set: [String] = []) throws(ModelErrors) -> Scenario {
    try ScenarioLoader.load(text: yaml, file: file, catalog: catalog, overrides: ScenarioLoader.parseOverrides(set))
}

/// One site `s` and one fleet `f` of 1,000 units over a year, as YAML: the
/// case the hand-computed and the loader tests start from. `site` and
/// `fleet` add keys to the site's and the fleet's block. Without a
/// `resolution` the key is left out (the loader's default), so the lines
/// below it keep the numbers the loader tests' messages name.
public func oneFleetYAML(name: String, site: String = "", fleet: String = "", grid: String = "{intensity_kg_per_kwh: 0.4, source: test}",
                         deploy: String = "[{date: 2026-01-01, units: 1000}]", resolution: String? = nil,
                         horizonEnd: String = "2027-01-01") -> String {
    let indented = { (keys: String) in keys.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") }
    let resolutionLine = resolution.map { "\n  resolution: \($0)" } ?? ""
    return """
    scenario:
      name: \(name)
      horizon: {start: 2026-01-01, end: \(horizonEnd)}\(resolutionLine)
    sites:
      - name: s
        grid: \(grid)
        pue: 1.2
    \(indented(site))
    fleets:
      - name: f
        accelerator: {tdp_w: 700, idle_w: 100, host_w: 200, network_w: 50, source: test}
        site: s
        utilization: 0.5
        lifetime_years: 5
        deploy: \(deploy)
    \(indented(fleet))
    """
}
