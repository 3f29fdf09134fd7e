/// An input a metric needs and the scenario does not give: what makes an
/// output "not estimated" rather than zero. Words for it are the report's
/// (`NotEstimatedWords`); the model names the site or fleet only.
public enum MissingInput: Sendable, Hashable {
    /// The site has no WUE: no on-site water.
    case wue(site: Int)
    /// The site's grid has no water of generation.
    case gridWater(site: Int)
    /// The site's grid has no upstream (well-to-tank, T&D) factor.
    case upstream(site: Int)
    /// The fleet's hardware has no embodied figure at all.
    case embodied(fleet: Int)
    /// The fleet has embodied figures but no service life to amortize them over.
    case serviceLife(fleet: Int)
    /// The fleet's accelerator has no peak FLOP/s.
    case peakFLOP(fleet: Int)
    /// A generator of the site has no NOx factor.
    case nox(site: Int)
    /// A fuel burned at the site has no upstream (well-to-tank) factor.
    case fuelUpstream(site: Int)
    /// The site lists no refrigerants.
    case refrigerants(site: Int)
}

/// Whether an output has an input behind it: not at all (`isEstimated`
/// false: the output is not a zero but unknown), in part (`missing` names
/// the parts left out of a total), or in full.
public struct Estimate: Sendable, Equatable {
    public let isEstimated: Bool
    /// The inputs whose absence leaves (part of) the output out, in scope
    /// order; empty when the output is estimated in full.
    public let missing: [MissingInput]

    public static let full = Estimate(isEstimated: true, missing: [])
}

extension EvaluationPlan {
    /// Whether `metric` of `scope` is estimated (the same in every period:
    /// it depends on which inputs the scenario gives, not on the draw).
    ///
    /// A fleet's metric is not estimated when the input its formula needs
    /// is absent and the metric counts the fleet at all (category 2 does
    /// not count rented hardware: its zero there is a true zero). A sum is
    /// estimated when any part is, and names the parts that are not; a
    /// site's or the total's figure counts the fleets that are estimated and
    /// names those that are not — never unknown because one part is.
    public func estimate(_ metric: Metric, _ scope: Evaluation.Scope) -> Estimate {
        let fleets: [Int]
        switch scope {
        case .total: fleets = Array(self.fleets.indices)
        // A site's own emissions are no fleet's: a true zero there.
        case .fleet where Self.parts(of: metric).allSatisfy({ if case .site = $0.definition.formula { true } else { false } }): return .full
        case let .fleet(f): fleets = [f]
        case let .site(s): fleets = self.fleets.indices.filter { self.fleets[$0].site == s }
        }
        var estimated = fleets.isEmpty, missing: [MissingInput] = []
        for f in fleets {
            for part in Self.parts(of: metric) {
                let components = self.components(part, fleet: f)
                // Nothing to estimate (no generation for NOx): a true zero.
                if components.isEmpty { estimated = true }
                for gap in components {
                    if let gap {
                        if !missing.contains(gap) { missing.append(gap) }
                    } else {
                        estimated = true
                    }
                }
            }
        }
        return Estimate(isEstimated: estimated, missing: missing)
    }

    /// The metrics a metric adds up (itself when it is not a sum).
    private static func parts(of metric: Metric) -> [Metric] {
        if case let .sum(parts) = metric.definition.formula { return parts.flatMap { Self.parts(of: $0) } }
        return [metric]
    }

    /// The input fleet f's share of `metric` (not a sum) needs and lacks.
    private func missingInput(_ metric: Metric, fleet f: Int) -> MissingInput? {
        let fleet = fleets[f], s = fleet.site, site = sites[s]
        let operated = site.boundary.operated != 0, rented = site.boundary.rented != 0
        switch metric {
        case .waterOnsiteM3:
            return site.wue == nil ? .wue(site: s) : nil
        case .waterOffsiteM3:
            return site.gridWater == nil && !site.offGrid ? .gridWater(site: s) : nil
        case .emissionsUpstreamTCO2e:
            return site.upstream == nil && !site.offGrid ? .upstream(site: s) : nil
        case .emissionsEmbodiedUpfrontTCO2e:
            return upfrontGap(f)
        case .emissionsScope3Cat2TCO2e:
            return operated ? upfrontGap(f) : nil
        case .emissionsEmbodiedAmortizedTCO2e:
            return amortizedGap(f)
        case .emissionsScope3Cat1EmbodiedTCO2e:
            return rented ? amortizedGap(f) : nil
        case .computeExaFLOP:
            return fleet.inputs.peakTflops == nil ? .peakFLOP(fleet: f) : nil
        default:
            return nil
        }
    }

    /// Fleet f's share of `metric` (not a sum) as the parts its inputs
    /// give it, each nil where estimated or the input it lacks: one part
    /// for most metrics; category 3 has the grid's upstream and the fuels'
    /// (where the site has each); NOx has one part per site with generation
    /// and none without (a true zero).
    private func components(_ metric: Metric, fleet f: Int) -> [MissingInput?] {
        let s = fleets[f].site, site = sites[s], units = site.generation.units
        let operated = site.boundary.operated != 0
        let fuelGap: MissingInput? = units.contains { $0.upstream == nil } ? .fuelUpstream(site: s) : nil
        switch metric {
        case .emissionsNOxT:
            return units.isEmpty ? [] : [units.contains { $0.nox == nil } ? .nox(site: s) : nil]
        case .emissionsScope3Cat3TCO2e:
            guard operated else { return [nil] }
            var parts: [MissingInput?] = []
            if !site.offGrid { parts.append(site.upstream == nil ? .upstream(site: s) : nil) }
            if !units.isEmpty { parts.append(fuelGap) }
            return parts
        case .emissionsScope3Cat1GenerationTCO2e:
            return site.boundary.rented != 0 && !units.isEmpty ? [fuelGap] : [nil]
        case .emissionsScope1RefrigerantsTCO2e:
            return [refrigerants.contains { $0.site == s } ? nil : .refrigerants(site: s)]
        case .emissionsScope1TCO2e:
            // Combustion (a true zero without generation), and refrigerant
            // leaks where the site lists refrigerants.
            guard operated else { return [nil] }
            return [nil] + (refrigerants.contains { $0.site == s } ? [] : [.refrigerants(site: s)])
        default:
            return [missingInput(metric, fleet: f)]
        }
    }

    /// Upfront embodied carbon needs an embodied figure of the hardware or
    /// the site's construction carbon.
    private func upfrontGap(_ f: Int) -> MissingInput? {
        let i = fleets[f].inputs
        return fleets[f].hasNoEmbodied && i.construction == nil ? .embodied(fleet: f) : nil
    }

    /// Amortized embodied carbon needs figures and the life to spread them
    /// over: the hardware's with its service life, or the site's
    /// construction with the facility's life.
    private func amortizedGap(_ f: Int) -> MissingInput? {
        let fleet = fleets[f], i = fleet.inputs
        if !fleet.hasNoEmbodied && i.serviceLife != nil { return nil }
        if i.construction != nil && i.facilityLife != nil { return nil }
        return upfrontGap(f) ?? .serviceLife(fleet: f)
    }
}
