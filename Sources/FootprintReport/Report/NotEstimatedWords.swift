import FootprintModel

/// How reports, tables and the JSON's `not_estimated` list say why an
/// output is not estimated: the model names the missing input
/// (`MissingInput`), this says it in words.
enum NotEstimatedWords {
    /// "site texas has no WUE", and the like.
    static func words(_ gap: MissingInput, _ plan: EvaluationPlan) -> String {
        let s = plan.scenario
        switch gap {
        case let .wue(site): return "site \(s.sites[site].name) has no WUE"
        case let .gridWater(site): return "the grid of site \(s.sites[site].name) has no water of generation"
        case let .upstream(site): return "the grid of site \(s.sites[site].name) has no upstream factor"
        case let .embodied(fleet): return "fleet \(s.fleets[fleet].name) has no embodied figures"
        case let .serviceLife(fleet): return "fleet \(s.fleets[fleet].name) has embodied figures but no service life to amortize them over"
        case let .peakFLOP(fleet): return "the accelerator of fleet \(s.fleets[fleet].name) has no peak FLOP/s"
        case let .nox(site): return "a generator of site \(s.sites[site].name) has no NOx factor (nox_lb_per_mmbtu)"
        case let .fuelUpstream(site): return "a fuel burned at site \(s.sites[site].name) has no upstream factor (upstream_kg_per_mmbtu)"
        case let .refrigerants(site): return "site \(s.sites[site].name) lists no refrigerants"
        }
    }

    /// Every reason, joined: "site a has no WUE; site b has no WUE".
    static func reasons(_ e: Estimate, _ plan: EvaluationPlan) -> String {
        e.missing.map { words($0, plan) }.joined(separator: "; ")
    }

    /// The scopes of a run's results, as the JSON and CSV name them.
    static func scopes(_ plan: EvaluationPlan) -> [(kind: String, name: String, scope: Evaluation.Scope)] {
        let s = plan.scenario
        return [("total", "", .total)] + s.fleets.enumerated().map { ("fleet", $0.element.name, .fleet($0.offset)) }
            + s.sites.enumerated().map { ("site", $0.element.name, .site($0.offset)) }
    }
}

extension RunSummary {
    /// The statistic of an output, nil where it is not estimated (no input
    /// behind it: `EvaluationPlan.estimate`).
    func estimated(_ metric: Metric, _ scope: Evaluation.Scope = .total, period: Int? = nil) -> Statistic? {
        plan.estimate(metric, scope).isEstimated ? stat(metric, scope, period: period) : nil
    }

    /// The mean of an output, nil where it is not estimated.
    func estimatedMean(_ metric: Metric, _ scope: Evaluation.Scope = .total, period: Int? = nil) -> Double? {
        plan.estimate(metric, scope).isEstimated ? mean(metric, scope, period: period) : nil
    }
}
