import FootprintCommands
import FootprintModel

/// `GET /api/model`: the model's inputs grouped as the scenario is (the
/// scenario header, sites, fleets, contracts, generation, demand, and the
/// catalog entries it uses), each with its value, the text `--set` takes to
/// change it, its unit, bounds and source; and the metrics and years a
/// request can name.
enum ModelDescription {
    static func json(model: String) throws(CommandError) -> String {
        let plan = try compile(model)
        let s = plan.scenario
        var groups: [(kind: String, name: String, inputs: [JSONValue])] = []
        for q in plan.parameters {
            let (kind, name) = group(of: q.path)
            let input = JSONValue.object([
                ("path", .string(q.path)),
                ("value", .string(q.valueDescription)),
                ("set", .string(setText(q))),
                ("central", .number(formatNumber(q.central))),
                ("uncertain", .bool(q.isUncertain)),
                ("unit", .string(q.unit)),
                ("bounds", .string(q.bounds.rule)),
                ("quality", .string(q.dataQuality.rawValue)),
                ("source", q.source.map { .string($0) } ?? .null),
            ])
            if let i = groups.firstIndex(where: { $0.kind == kind && $0.name == name }) { groups[i].inputs.append(input) }
            else { groups.append((kind, name, [input])) }
        }
        let order = ["scenario", "sites", "contracts", "generation", "fleets", "demand", "accelerators", "grids", "gwp"]
        groups.sort { (order.firstIndex(of: $0.kind) ?? order.count, 0) < (order.firstIndex(of: $1.kind) ?? order.count, 0) }
        let metrics = Metric.allCases.map { JSONValue.object([("key", .string($0.key)), ("unit", .string($0.unit))]) }
        return ExplorerJSON.object([
            "model": .string(model),
            "name": .string(s.name),
            "samples": .number(s.samples),
            "seed": .number(String(s.seed)),
            "years": .array(plan.grid.periods.map { .number($0.year) }),
            "metrics": .array(metrics),
            "groups": .array(groups.map { g in .object([("kind", .string(g.kind)), ("name", .string(g.name)), ("inputs", .array(g.inputs))]) }),
        ]) + "\n"
    }

    /// The group an input belongs to: its contract or generation where it
    /// has one, else its site, fleet, service, catalog entry or the header.
    static func group(of path: String) -> (String, String) {
        let p = path.split(separator: ".").map(String.init)
        guard p.count >= 2, p[0] != "scenario" else { return ("scenario", "scenario") }
        if p.count >= 4, p[0] == "sites", p[2] == "contracts" { return ("contracts", "\(p[1]) · \(p[3])") }
        if p.count >= 3, p[0] == "sites", p[2] == "generation" { return ("generation", p.count >= 4 && Int(p[3]) == nil ? "\(p[1]) · \(p[3])" : p[1]) }
        if p.count >= 3, p[0] == "demand", p[1] == "services" { return ("demand", "service · \(p[2])") }
        return (p[0], p[1])
    }

    /// The value as `--set` takes it: `1.2`, or `{dist: pert, min: 1.1, mode: 1.2, max: 1.4}`.
    static func setText(_ q: Quantity) -> String {
        let f = formatNumber
        switch q.value {
        case let .fixed(x): return f(x)
        case let .distribution(d):
            switch d {
            case let .uniform(a, b): return "{dist: uniform, min: \(f(a)), max: \(f(b))}"
            case let .normal(m, s): return "{dist: normal, mean: \(f(m)), sd: \(f(s))}"
            case let .lognormal(mu, s): return "{dist: lognormal, mu: \(f(mu)), sigma: \(f(s))}"
            case let .beta(al, be, a, b): return "{dist: beta, alpha: \(f(al)), beta: \(f(be)), min: \(f(a)), max: \(f(b))}"
            case let .gamma(k, th): return "{dist: gamma, shape: \(f(k)), scale: \(f(th))}"
            case let .triangular(a, c, b): return "{dist: triangular, min: \(f(a)), mode: \(f(c)), max: \(f(b))}"
            case let .pert(a, c, b): return "{dist: pert, min: \(f(a)), mode: \(f(c)), max: \(f(b))}"
            }
        }
    }
}
