import FootprintModel

extension ScenarioReader {
    func readFleet(_ node: YNode, path: String, siteNames: [String], horizon: (CalendarDate, CalendarDate), checkHorizon: Bool) -> Fleet? {
        guard let r = MapReader(node, path: path, diag: diag, expected: "a fleet block") else { return nil }
        let source = r.sources()
        let name = r.string("name", required: "the fleet's name")
        var accelerator: Accelerator?
        if let a = r.node("accelerator") {
            switch a {
            case let .scalar(key, pos, _):
                if let found = catalog.accelerators[key] { accelerator = found } else {
                    let hint = didYouMean(key, catalog.acceleratorOrder).map { " — did you mean '\($0)'?" } ?? ""
                    let whereFrom = catalog.directory.map { "in \($0)/\(Catalog.acceleratorsFile)" } ?? "(no catalog found: put one in Models/catalog/)"
                    diag.add(pos, path + ".accelerator", "no accelerator '\(key)' \(whereFrom)\(hint)")
                }
            default:
                accelerator = readAccelerator(a, key: nil, path: path + ".accelerator", diag: diag)
            }
        } else {
            r.missing("accelerator", "an accelerator key of the catalog (e.g. nvidia-gb200) or an inline block")
        }
        // The fleet's own figures replace the accelerator's.
        var own: [AcceleratorField: Quantity] = [:]
        for f in AcceleratorField.allCases {
            if let q = r.quantity(f.rawValue, unit: f.unit, bounds: f.bounds, source: source) { own[f] = q }
        }
        if !own.isEmpty { accelerator = accelerator?.overriding(own) }
        // A fleet's own idle_w or tdp_w must keep the rule with the other.
        if let blame = own[.idleW] ?? own[.tdpW], let idle = accelerator?[.idleW], let tdp = accelerator?[.tdpW] {
            checkIdleBelowTDP(idle: idle, tdp: tdp, blame: blame, diag: diag)
        }
        var siteIndex: Int?
        if let s = r.string("site", required: "the name of one of the sites (\(siteNames.joined(separator: ", ")))") {
            siteIndex = siteNames.firstIndex(of: s)
            if siteIndex == nil {
                let hint = didYouMean(s, siteNames).map { " — did you mean '\($0)'?" } ?? ""
                diag.add(r.node("site")!.position, path + ".site", "no site named '\(s)'\(hint) (sites: \(siteNames.joined(separator: ", ")))")
            }
        }
        let utilization = r.quantity("utilization", unit: "", bounds: .fraction, source: source)
        let avgPower = r.quantity("avg_power_w", unit: "W", bounds: .nonNegative, source: source)
        let flopUtilization = r.quantity("flop_utilization", unit: "", bounds: Self.flopUtilization, source: source)
        let decline = r.quantity("usd_per_unit_decline_per_year", unit: "", bounds: Bounds(lower: -1, upper: 0.99, rule: "between -1 and 0.99"), source: source)
        let baseYear = r.integer("usd_per_unit_year", range: 1990...2100) ?? horizon.0.year
        var lifetime: Lifetime?
        let lifetimeKeys = ["lifetime_years", "lifetime_days", "lifetime_hours"].filter { r.has($0) }
        if lifetimeKeys.count > 1 {
            diag.add(r.position, path, "give one of \(lifetimeKeys.joined(separator: ", ")), not several")
        }
        var lifetimeQuantity: Quantity?
        for (key, unit, upper) in [("lifetime_years", "years", 200.0), ("lifetime_days", "days", 73_000), ("lifetime_hours", "hours", 1_750_000)] {
            let bounds = Bounds(lower: 1e-9, upper: upper, rule: "greater than 0 and at most \(formatNumber(upper))")
            guard let q = r.quantity(key, unit: unit, bounds: bounds, source: source) else { continue }
            guard case let .fixed(x) = q.value else {
                diag.add(q.position, q.path, "must be a number, not a distribution: retirement schedules are computed once per scenario")
                continue
            }
            lifetimeQuantity = q
            lifetime = key == "lifetime_years" ? .years(x) : key == "lifetime_days" ? .days(x) : .hours(x)
        }
        var deployments: [Deployment] = []
        if let d = r.node("deploy") {
            let items: [YNode]
            switch d {
            case let .sequence(list, pos):
                items = list
                if list.isEmpty { diag.add(pos, path + ".deploy", "the deployment list is empty") }
            case .mapping: items = [d]
            case .scalar: items = []; diag.add(d.position, path + ".deploy", "expected a list of deployments or a {commitment: ...} block")
            }
            for (i, item) in items.enumerated() {
                let p = items.count == 1 && !(d.isSequence) ? path + ".deploy" : "\(path).deploy.\(i)"
                if let dep = readDeployment(item, path: p, source: source, horizon: horizon, checkHorizon: checkHorizon) {
                    deployments.append(dep)
                }
            }
        } else {
            r.missing("deploy", "a list of deployments ({date: YYYY-MM-DD, units: N}, {year: YYYY, it_mw: X}, {year: YYYY, capex_usd: X}) or {commitment: {...}}")
        }
        r.rejectUnknown()

        guard let name, let accelerator, let siteIndex else { return nil }
        // What the chosen deployments and power model need.
        let needsLifetime = deployments.contains { if case .commitment = $0.amount { false } else { true } }
        if needsLifetime, lifetime == nil, lifetimeKeys.isEmpty {
            r.missing("lifetime_years", "how long units serve before retirement (lifetime_years, lifetime_days or lifetime_hours)")
        }
        if avgPower == nil {
            if accelerator[.tdpW] == nil { diag.add(r.position, path + ".tdp_w", "missing: the accelerator's TDP (or give the fleet avg_power_w)") }
            if accelerator[.idleW] == nil { diag.add(r.position, path + ".idle_w", "missing: the accelerator's idle power (or give the fleet avg_power_w)") }
            if utilization == nil { r.missing("utilization", "the busy share of installed hours (0 to 1), or give avg_power_w") }
        }
        for (i, dep) in deployments.enumerated() {
            switch dep.amount {
            case .capexUSD where accelerator[.usdPerUnit] == nil:
                diag.add(dep.position, dep.path, "a capex_usd deployment needs usd_per_unit (the all-in cost per accelerator) on the accelerator or the fleet")
            case let .commitment(total, nil):
                if let price = accelerator[.usdPerAcceleratorHour] {
                    deployments[i] = Deployment(amount: .commitment(totalUSD: total, usdPerAcceleratorHour: price),
                                                arrival: dep.arrival, position: dep.position, path: dep.path)
                } else {
                    diag.add(dep.position, dep.path + ".commitment.usd_per_accelerator_hour",
                             "missing: the price per accelerator-hour (here, or as usd_per_accelerator_hour of the accelerator)")
                }
            default: break
            }
        }
        return Fleet(name: name, accelerator: accelerator, siteIndex: siteIndex, utilization: utilization, avgPowerW: avgPower,
                     lifetime: lifetime, lifetimeInput: lifetimeQuantity, costDeclinePerYear: decline, costBaseYear: baseYear, deployments: deployments,
                     flopUtilization: flopUtilization)
    }

    func readDeployment(_ node: YNode, path: String, source: [String]?, horizon: (CalendarDate, CalendarDate), checkHorizon: Bool) -> Deployment? {
        guard let r = MapReader(node, path: path, diag: diag, expected: "a deployment ({date, units}, {year, it_mw}, {year, capex_usd} or {commitment: ...})") else { return nil }
        let src = r.sources() ?? source
        if let c = r.node("commitment") {
            r.rejectUnknown()
            guard let cr = MapReader(c, path: path + ".commitment", diag: diag, expected: "{total_usd, start, end, usd_per_accelerator_hour}") else { return nil }
            let csrc = cr.sources() ?? src
            let total = cr.quantity("total_usd", unit: "USD", bounds: .nonNegative, source: csrc, required: "the committed spend in dollars")
            let start = cr.date("start", required: "the first day of the commitment")
            let end = cr.date("end", required: "the day the commitment ends (exclusive)")
            let price = cr.quantity("usd_per_accelerator_hour", unit: "USD/h", bounds: .positive, source: csrc)
            cr.rejectUnknown()
            guard let total, let start, let end else { return nil }
            let arrival = Deployment.Arrival(start: start, end: end)
            guard checkArrival(arrival, span: true, position: c.position, path: path + ".commitment", horizon: horizon, checkHorizon: checkHorizon) else { return nil }
            return Deployment(amount: .commitment(totalUSD: total, usdPerAcceleratorHour: price), arrival: arrival, position: c.position, path: path)
        }
        // When: date, year, or start/end.
        let whenKeys = ["date", "year", "start"].filter { r.has($0) }
        var arrival: Deployment.Arrival?
        if whenKeys.count != 1 {
            diag.add(r.position, path, whenKeys.isEmpty
                     ? "missing: when the units arrive: date: YYYY-MM-DD (all on that day), year: YYYY (evenly over the year) or start/end dates"
                     : "give one of date, year or start/end, not \(whenKeys.joined(separator: " and "))")
        }
        if let d = r.date("date") { arrival = .init(start: d, end: d) }
        if let y = r.integer("year", range: 1990...2200) { arrival = .init(start: .startOf(year: y), end: .startOf(year: y + 1)) }
        if let s = r.date("start") {
            if let e = r.date("end", required: "the day arrivals end (exclusive)") {
                if s < e { arrival = .init(start: s, end: e) } else {
                    diag.add(r.position, path, "arrivals end (\(e)) before or when they start (\(s))")
                }
            }
        } else if r.has("end") { _ = r.node("end"); diag.add(r.position, path, "end without start") }
        // How many.
        let amountKeys = ["units", "it_mw", "capex_usd"].filter { r.has($0) }
        if amountKeys.count != 1 {
            diag.add(r.position, path, amountKeys.isEmpty
                     ? "missing: how much: units, it_mw or capex_usd"
                     : "give one of units, it_mw or capex_usd, not \(amountKeys.joined(separator: " and "))")
        }
        var amount: Deployment.Amount?
        if let q = r.quantity("units", unit: "units", bounds: Bounds(lower: 0, upper: .infinity, rule: "zero or more (a count cannot be negative)"), source: src) { amount = .units(q) }
        if let q = r.quantity("it_mw", unit: "MW", bounds: .nonNegative, source: src) { amount = .itMW(q) }
        if let q = r.quantity("capex_usd", unit: "USD", bounds: .nonNegative, source: src) { amount = .capexUSD(q) }
        r.rejectUnknown()
        guard let arrival, let amount, whenKeys.count == 1, amountKeys.count == 1 else { return nil }
        guard checkArrival(arrival, span: !arrival.isInstant, position: r.position, path: path, horizon: horizon, checkHorizon: checkHorizon) else { return nil }
        return Deployment(amount: amount, arrival: arrival, position: r.position, path: path)
    }

    func checkArrival(_ a: Deployment.Arrival, span: Bool, position: FilePosition, path: String,
                      horizon: (CalendarDate, CalendarDate), checkHorizon: Bool) -> Bool {
        guard checkHorizon else { return true }
        let inside = a.start >= horizon.0 && (span ? a.end <= horizon.1 : a.start < horizon.1)
        if !inside {
            let when = a.isInstant ? "\(a.start)" : "\(a.start) to \(a.end)"
            diag.add(position, path, "\(when) lies outside the horizon \(horizon.0) to \(horizon.1) (end exclusive)")
        }
        return inside
    }
}

private extension YNode {
    var isSequence: Bool { if case .sequence = self { true } else { false } }
}
