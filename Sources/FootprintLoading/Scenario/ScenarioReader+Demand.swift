import FootprintModel

/// The `demand:` block (docs/scenario-format.md, `demand`): revenue and users as year
/// series, and services answering prompts on some of the fleets.
extension ScenarioReader {
    /// A count of people or prompts: never negative.
    static let count = Bounds(lower: 0, upper: .infinity, rule: "zero or more (a count cannot be negative)")
    /// A model's achieved over peak FLOP/s: zero would make a prompt take forever.
    static let flopUtilization = Bounds(lower: .leastNonzeroMagnitude, upper: 1, rule: "greater than 0 and at most 1")

    /// Reads `node` given the fleets as written (`fleetNames`, in file
    /// order) and as read (`fleets`, which lack those with errors).
    func readDemand(_ node: YNode, fleetNames: [String], fleets: [Fleet], horizon: (CalendarDate, CalendarDate)?) -> Demand? {
        let path = "demand"
        guard let r = MapReader(node, path: path, diag: diag, expected: "a demand block (revenue_usd, users, services)") else { return nil }
        let source = r.sources()
        let revenueNode = r.node("revenue_usd"), usersNode = r.node("users")
        let revenue = r.series("revenue_usd", unit: "USD", bounds: .nonNegative, source: source)
        let users = r.series("users", unit: "users", bounds: Self.count, source: source)
        let servicesNode = r.node("services")
        r.rejectUnknown()
        if r.entries.isEmpty {
            diag.add(r.position, path, "the demand block is empty: give revenue_usd, users or services (or leave demand out)")
            return nil
        }
        if let horizon {
            if let revenue, let revenueNode { checkInsideHorizon(revenue, revenueNode, path: "demand.revenue_usd", horizon: horizon) }
            if let users, let usersNode { checkInsideHorizon(users, usersNode, path: "demand.users", horizon: horizon) }
        }
        var services: [Service] = []
        if let servicesNode {
            // An empty list is the same as none: economic intensities only.
            if case let .sequence(items, _) = servicesNode, items.isEmpty {} else {
                services = readList(servicesNode, path: "demand.services", what: "services") {
                    readService($0, path: $1, source: source, fleetNames: fleetNames, fleets: fleets, horizon: horizon)
                }
            }
        }
        return Demand(revenueUSD: revenue, users: users, services: services)
    }

    func readService(_ node: YNode, path: String, source: [String]?, fleetNames: [String], fleets: [Fleet],
                     horizon: (CalendarDate, CalendarDate)?) -> Service? {
        guard let r = MapReader(node, path: path, diag: diag, expected: "a service block (name, served_by, prompts_per_day, energy_wh_per_prompt or model)") else { return nil }
        let src = r.sources() ?? source
        let name = r.string("name", required: "the service's name")
        let servedBy = readServedBy(r, fleetNames: fleetNames)
        let promptsNode = r.node("prompts_per_day")
        let prompts = r.series("prompts_per_day", unit: "prompts/day", bounds: Self.count, source: src,
                               required: "how many prompts a day the service answers: a number, a distribution or a {year: prompts} series")
        if let horizon, let prompts, let promptsNode { checkInsideHorizon(prompts, promptsNode, path: path + ".prompts_per_day", horizon: horizon) }
        let given = r.quantity("energy_wh_per_prompt", unit: "Wh", bounds: .nonNegative, source: src)
        let modelNode = r.node("model")
        let fleetShare = r.quantity("fleet_share", unit: "", bounds: .fraction, source: src)
        r.rejectUnknown()

        var energy: Service.Energy?
        switch (r.has("energy_wh_per_prompt"), modelNode) {
        case (false, nil):
            diag.add(r.position, path, "prompts without an energy: give energy_wh_per_prompt (facility energy per prompt, all in, Wh) "
                     + "or model {active_params, tokens_per_prompt, flop_utilization} to compute it on the first served fleet's accelerator")
        case (true, let m?):
            diag.add(m.position, path + ".model", "give energy_wh_per_prompt or model, not both: the energy per prompt is either given or computed")
        case (true, nil):
            energy = given.map { .given($0) }
        case (false, let m?):
            energy = readModel(m, path: path + ".model", source: src)
            // The first served fleet's accelerator answers: it needs a peak.
            if let first = servedBy?.first, let fleet = fleets.first(where: { $0.name == fleetNames[first] }),
               fleet.accelerator[.peakTflops] == nil {
                let a = fleet.accelerator
                let accelerator = a.key.map { "accelerator '\($0)'" } ?? (a.name == "inline" ? "an inline accelerator" : "the inline accelerator '\(a.name)'")
                diag.add(m.position, path + ".model",
                         "the first served fleet, '\(fleet.name)', has \(accelerator) without peak_tflops, so the energy per prompt "
                         + "cannot be computed from the model: give energy_wh_per_prompt instead, or add peak_tflops to the accelerator (in the catalog or on the fleet)")
                energy = nil
            }
        }
        guard let name, let servedBy, let prompts, let energy else { return nil }
        // Indices among the fleets as read; all fleets were read when no
        // error was found, and with errors no scenario is returned.
        let indices = servedBy.compactMap { i in fleets.firstIndex { $0.name == fleetNames[i] } }
        guard indices.count == servedBy.count else { return nil }
        return Service(name: name, servedBy: indices, promptsPerDay: prompts, energy: energy, fleetShare: fleetShare, position: r.position)
    }

    /// Indices into `fleetNames`: those named by `served_by`, or all.
    private func readServedBy(_ r: MapReader, fleetNames: [String]) -> [Int]? {
        let path = r.keyPath("served_by")
        let listed = "fleets: \(fleetNames.joined(separator: ", "))"
        guard let n = r.node("served_by") else { return Array(fleetNames.indices) }
        guard case let .sequence(items, pos) = n else {
            diag.add(n.position, path, "expected a list of fleet names, e.g. [\(fleetNames.first ?? "name")], found \(n.kindName) (\(listed))")
            return nil
        }
        if items.isEmpty {
            diag.add(pos, path, "served_by is empty: name at least one fleet (\(listed)), or leave served_by out to serve on all fleets")
            return nil
        }
        var indices: [Int] = []
        var ok = true
        for (i, item) in items.enumerated() {
            guard case let .scalar(fleet, p, _) = item else {
                diag.add(item.position, "\(path).\(i)", "expected a fleet name, found \(item.kindName) (\(listed))")
                ok = false
                continue
            }
            guard let index = fleetNames.firstIndex(of: fleet) else {
                let hint = didYouMean(fleet, fleetNames).map { " — did you mean '\($0)'?" } ?? ""
                diag.add(p, "\(path).\(i)", "no fleet named '\(fleet)'\(hint) (\(listed))")
                ok = false
                continue
            }
            if indices.contains(index) {
                diag.add(p, "\(path).\(i)", "'\(fleet)' is named twice: name each serving fleet once")
                ok = false
                continue
            }
            indices.append(index)
        }
        return ok ? indices : nil
    }

    /// `model: {active_params, tokens_per_prompt, flop_utilization}`.
    private func readModel(_ node: YNode, path: String, source: [String]?) -> Service.Energy? {
        guard let r = MapReader(node, path: path, diag: diag, expected: "a model block {active_params, tokens_per_prompt, flop_utilization}") else { return nil }
        let src = r.sources() ?? source
        let params = r.quantity("active_params", unit: "parameters", bounds: Self.count, source: src,
                                required: "the parameters active per generated token (all of a dense model's; a mixture of experts' active ones)")
        let tokens = r.quantity("tokens_per_prompt", unit: "tokens", bounds: Self.count, source: src,
                                required: "the tokens generated per prompt")
        let utilization = r.quantity("flop_utilization", unit: "", bounds: Self.flopUtilization, source: src,
                                     required: "the achieved share of the accelerator's peak FLOP/s while answering (greater than 0, at most 1)")
        r.rejectUnknown()
        // The bounds admit a distribution from 0 (its draws are clamped just
        // above), but each draw near 0 makes a prompt take almost forever.
        if let utilization, case let .distribution(d) = utilization.value {
            let from: Double?
            switch d {
            case let .uniform(lo, _), let .beta(_, _, lo, _), let .triangular(lo, _, _), let .pert(lo, _, _): from = lo
            case .normal, .lognormal, .gamma: from = nil  // their tails were checked against the bounds
            }
            if let lo = from, lo <= 0 {
                diag.add(utilization.position, utilization.path,
                         "this distribution starts at \(formatNumber(lo)): flop_utilization must be greater than 0 and at most 1 "
                         + "(at 0 a prompt would take forever); give a minimum above 0")
                return nil
            }
        }
        guard let params, let tokens, let utilization else { return nil }
        return .model(activeParams: params, tokensPerPrompt: tokens, flopUtilization: utilization)
    }

    /// A dated series must say something about the horizon: refused when
    /// all its knots lie before the horizon starts, or all on or after it
    /// ends. (A single number is a constant and always applies.)
    func checkInsideHorizon(_ series: SeriesInput, _ node: YNode, path: String, horizon: (CalendarDate, CalendarDate)) {
        guard case let .mapping(entries, pos) = node, let first = entries.first, dateOfKey(first.key) != nil else { return }
        let dates = series.knots.map(\.date)
        guard dates.allSatisfy({ $0 < horizon.0 }) || dates.allSatisfy({ $0 >= horizon.1 }) else { return }
        let written = dates.map { $0.month == 1 && $0.day == 1 ? String($0.year) : "\($0)" }.joined(separator: ", ")
        let side = dates[0] < horizon.0 ? "before it starts" : "on or after its end"
        diag.add(pos, path, "outside the horizon \(horizon.0) to \(horizon.1) (end exclusive): the series' knots (\(written)) all lie \(side), "
                 + "so it says nothing about the years modelled; give at least one knot inside the horizon, e.g. \(horizon.0.year)")
    }
}
