import Testing
import FootprintLoading
@testable import FootprintModel

/// The shipped training-run scenarios reproduce their papers within 1 %.
@Suite struct PublishedFiguresTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let model: String
        let metric: Metric
        let published: Double
        let citation: String
        var testDescription: String { "\(model) \(metric.key)" }
    }

    @Test(arguments: [
        Case(model: "gpt3-training.yaml", metric: .energyFacilityMWh, published: 1287,
             citation: "Patterson et al. 2021, Table 4: 1,287 MWh"),
        Case(model: "gpt3-training.yaml", metric: .emissionsLocationTCO2e, published: 552,
             citation: "Patterson et al. 2021, Table 4: 552 tCO2e"),
        Case(model: "bloom-training.yaml", metric: .energyFacilityMWh, published: 433.196,
             citation: "Luccioni et al. 2023: 1,082,990 GPU-h × 0.4 kW = 433,196 kWh"),
        Case(model: "bloom-training.yaml", metric: .emissionsLocationTCO2e, published: 24.69,
             citation: "Luccioni et al. 2023: 24.69 tCO2e dynamic consumption"),
    ])
    func reproducesPublishedFigure(_ c: Case) throws {
        let s = try ScenarioLoader.load(file: "\(packageRoot.path)/Models/\(c.model)")
        let e = Engine(plan: try EvaluationPlan(s)).evaluateCentral()
        let ours = e.value(c.metric)
        #expect(abs(ours / c.published - 1) < 0.01, "\(c.citation); ours \(ours)")
    }
}
