import Foundation
import FootprintModel

/// Reads a scenario file and the catalog into a validated `Scenario`.
/// Every rule of docs/scenario-format.md is checked here, and all
/// problems are reported together; the engine never sees YAML.
public enum ScenarioLoader {
    /// The default scenario, relative to the working directory.
    public static let defaultModel = "Models/hybrid-buildout.yaml"

    /// The catalog beside the model (`catalog/` in the model's folder), or
    /// else `Models/catalog` under the working directory.
    public static func catalogDirectory(forModel file: String) -> String? {
        let beside = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("catalog")
        for candidate in [beside, "Models/catalog"] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
        }
        return nil
    }

    /// Loads `file` with its catalog, applying overrides (`PATH=VALUE`).
    public static func load(file: String, overrides: [String] = [], catalogDirectory: String? = nil) throws(ModelErrors) -> Scenario {
        let sets = try parseOverrides(overrides)
        let text = try readText(file)
        let catalog: Catalog
        if let dir = catalogDirectory ?? Self.catalogDirectory(forModel: file) {
            catalog = try Catalog.load(directory: dir, overrides: sets)
        } else {
            catalog = Catalog()
        }
        var scenario = try load(text: text, file: file, catalog: catalog, overrides: sets)
        scenario.catalogFiles = catalog.files.map { file in
            (catalog.directory.map { ($0 as NSString).appendingPathComponent(file.name) } ?? file.name, file.sha256)
        }
        return scenario
    }

    public static func parseOverrides(_ texts: [String]) throws(ModelErrors) -> [SetOverride] {
        var sets: [SetOverride] = []
        var issues: [ModelIssue] = []
        for t in texts {
            do { sets.append(try SetOverride(t)) } catch { issues += error.issues }
        }
        if !issues.isEmpty { throw ModelErrors(issues) }
        return sets
    }

    /// Loads a scenario from its text (`file` names it in messages).
    public static func load(text: String, file: String, catalog: Catalog, overrides: [SetOverride] = []) throws(ModelErrors) -> Scenario {
        var tree = try YAMLTree.parse(text, file: file)
        let diag = Diagnostics()
        for o in overrides where !["accelerators", "grids"].contains(o.segments[0]) {
            o.apply(to: &tree, dropping: 0, diag: diag)
        }
        try diag.throwIfAny()
        let reader = ScenarioReader(catalog: catalog, diag: diag, file: file)
        let scenario = reader.read(tree, sha256: SHA256.hex(Array(text.utf8)), overrides: overrides.map(\.text))
        try diag.throwIfAny()
        return scenario!
    }
}

/// The reading of one scenario tree: the header, sites and contracts here,
/// fleets in ScenarioReader+Fleets.swift.
struct ScenarioReader {
    let catalog: Catalog
    let diag: Diagnostics
    let file: String
    /// The catalog grids' profiles read so far (sites may share a grid).
    let profiles = CatalogProfiles()

    func read(_ tree: YNode, sha256: String, overrides: [String]) -> Scenario? {
        guard let top = MapReader(tree, path: "", diag: diag, expected: "a mapping with scenario, sites and fleets") else { return nil }
        let header = top.node("scenario")
        let sitesNode = top.node("sites")
        let fleetsNode = top.node("fleets")
        let demandNode = top.node("demand")
        let correlationsNode = top.node("correlations")
        top.rejectUnknown()

        guard let header else { top.missing("scenario", "the scenario block (name, horizon, resolution, samples, seed)"); return nil }
        guard let h = MapReader(header, path: "scenario", diag: diag, expected: "the scenario block") else { return nil }
        let name = h.string("name", required: "a name for the scenario")
        let description = h.string("description") ?? ""
        var start: CalendarDate?, end: CalendarDate?
        if let hz = h.node("horizon"), let hr = MapReader(hz, path: "scenario.horizon", diag: diag, expected: "{start: YYYY-MM-DD, end: YYYY-MM-DD}") {
            start = hr.date("start", required: "the first day of the horizon")
            end = hr.date("end", required: "the day the horizon ends (exclusive)")
            hr.rejectUnknown()
            if let s = start, let e = end, !(s < e) {
                diag.add(hz.position, "scenario.horizon", "the horizon ends (\(e)) before or when it starts (\(s))")
                start = nil
            }
        } else if !h.has("horizon") {
            h.missing("horizon", "{start: YYYY-MM-DD, end: YYYY-MM-DD}")
        }
        var resolution = Scenario.Resolution.month
        if let r = h.string("resolution") {
            if let res = Scenario.Resolution(rawValue: r) { resolution = res } else {
                diag.add(h.node("resolution")!.position, "scenario.resolution", "'\(r)' is not a resolution: use year, month, day or hour")
            }
        }
        let samples = h.integer("samples", range: 1...10_000_000) ?? 1
        let seed = h.integer("seed", range: 0...Int.max) ?? 1
        var consolidation = Consolidation.operationalControl
        if let c = h.string("consolidation") {
            if let value = Consolidation(rawValue: c) { consolidation = value } else {
                diag.add(h.node("consolidation")!.position, "scenario.consolidation",
                         "'\(c)' is not a consolidation approach: use operational-control or equity-share")
            }
        }
        var gwp = GWP.builtIn(.ar5)
        if let g = h.string("gwp") {
            if let set = GWP.Set(rawValue: g) { gwp = catalog.gwpSets[set] ?? .builtIn(set) } else {
                diag.add(h.node("gwp")!.position, "scenario.gwp", "'\(g)' is not a GWP set: use AR5 (as eGRID and the GHG Protocol) or AR6 (as ESRS E1 asks)")
            }
        } else if let ar5 = catalog.gwpSets[.ar5] {
            gwp = ar5
        }
        var fiscalYearStart = MonthDay.january1
        if let text = h.string("fiscal_year_start") {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
               let m = Int(parts[0]), let d = Int(parts[1]), let day = MonthDay(month: m, day: d) {
                fiscalYearStart = day
            } else {
                diag.add(h.node("fiscal_year_start")!.position, "scenario.fiscal_year_start",
                         "'\(text)' is not a day of the year: write MM-DD, e.g. 07-01 for a fiscal year starting 1 July (29 February is not allowed: not every year has it)")
            }
        }
        let baseYear = h.integer("base_year", range: 1990...2100)
        let asOf = h.date("as_of")
        let etsShare = h.number("scope1_ets_share", unit: "", bounds: .fraction)
        var kind: ScenarioKind?
        if let k = h.string("kind") {
            kind = ScenarioKind(rawValue: k)
            if kind == nil {
                diag.add(h.node("kind")!.position, "scenario.kind",
                         "'\(k)' is not a kind: use campus (a named site) or deal (capacity committed with no site named)")
            }
        }
        if let baseYear, let start, let end {
            let years = TimeGrid(start: start, end: end, resolution: .year, fiscalYearStart: fiscalYearStart).periods.map(\.year)
            if !years.contains(baseYear) {
                diag.add(h.node("base_year")!.position, "scenario.base_year",
                         "\(baseYear) is not a reporting year of the horizon: use one of \(years.first ?? 0) to \(years.last ?? 0)")
            }
        }
        h.rejectUnknown()

        guard let sitesNode else { top.missing("sites", "a list of sites (name, grid, pue, ...)"); return nil }
        guard let fleetsNode else { top.missing("fleets", "a list of fleets (name, accelerator, site, deploy, ...)"); return nil }
        let sites = readList(sitesNode, path: "sites", what: "sites") { readSite($0, path: $1, gwp: gwp) }
        if consolidation == .operationalControl {
            for site in sites {
                guard let e = site.equityShare else { continue }
                diag.add(e.position, e.path, "an equity share counts only under the equity share approach: "
                    + "set scenario.consolidation: equity-share, or remove equity_share (operational control counts 100 % of an operated site)")
            }
        }
        // Names as written, so a fleet's reference is judged even when its
        // site has errors of its own.
        var siteNames: [String] = []
        if case let .sequence(items, _) = sitesNode {
            for item in items { if case let .scalar(n, _, _)? = item["name"] { siteNames.append(n) } }
        }
        let horizon = (start ?? .startOf(year: 1990), end ?? .startOf(year: 2200))
        let fleets = readList(fleetsNode, path: "fleets", what: "fleets") {
            readFleet($0, path: $1, siteNames: siteNames, horizon: horizon, checkHorizon: start != nil && end != nil)
        }
        var demand: Demand?
        if let demandNode {
            var fleetNames: [String] = []
            if case let .sequence(items, _) = fleetsNode {
                for item in items { if case let .scalar(n, _, _)? = item["name"], !fleetNames.contains(n) { fleetNames.append(n) } }
            }
            demand = readDemand(demandNode, fleetNames: fleetNames, fleets: fleets, horizon: start != nil && end != nil ? horizon : nil)
        }
        let correlations = correlationsNode.map(readCorrelations) ?? []
        guard let name, let start, let end, diag.isEmpty else { return nil }
        var scenario = Scenario(name: name, description: description, start: start, end: end, resolution: resolution,
                                samples: samples, seed: UInt64(seed), sites: sites, fleets: fleets, demand: demand,
                                file: file, sha256: sha256, overrides: overrides, consolidation: consolidation,
                                fiscalYearStart: fiscalYearStart, gwp: gwp)
        scenario.baseYear = baseYear
        scenario.asOf = asOf
        scenario.kind = kind
        scenario.scope1ETSShare = etsShare ?? 0
        scenario.correlations = correlations
        return scenario
    }

    /// A list of named blocks; names must be unique.
    func readList<T>(_ node: YNode, path: String, what: String, _ read: (YNode, String) -> T?) -> [T] {
        guard case let .sequence(items, pos) = node else {
            diag.add(node.position, path, "expected a list of \(what) (- name: ...), found \(node.kindName)")
            return []
        }
        if items.isEmpty { diag.add(pos, path, "the list of \(what) is empty") }
        var seen: [String: FilePosition] = [:]
        var out: [T] = []
        for (i, item) in items.enumerated() {
            var itemPath = "\(path).\(i)"
            if case let .scalar(n, p, _)? = item["name"] {
                itemPath = "\(path).\(n)"
                if let first = seen[n] {
                    diag.add(p, itemPath, "duplicate name: '\(n)' is already used at line \(first.line)")
                    continue
                }
                seen[n] = p
            }
            if let v = read(item, itemPath) { out.append(v) }
        }
        return out
    }

    func readSite(_ node: YNode, path: String, gwp: GWP) -> Site? {
        guard let r = MapReader(node, path: path, diag: diag, expected: "a site block") else { return nil }
        let source = r.sources()
        let name = r.string("name", required: "the site's name")
        var grid: Grid?, offGrid = false
        if let g = r.node("grid") {
            switch g {
            case let .scalar("none", pos, false):
                offGrid = true
                grid = offGridGrid(at: pos, path: path + ".grid")
            case let .scalar(key, pos, _):
                if let found = catalog.grids[key] { grid = profiles.read(found, diag: diag) } else {
                    // A name, state or balancing authority a grid serves first; then spelling.
                    let served = catalog.gridOrder.filter { k in
                        catalog.grids[k].map { g in g.aliases.contains { $0.caseInsensitiveCompare(key) == .orderedSame } } ?? false
                    }
                    let hint = !served.isEmpty
                        ? " — the grids that serve \(key): " + served.map { "'\($0)' (\(catalog.grids[$0]!.name))" }.joined(separator: ", ")
                        : didYouMean(key, catalog.gridOrder).map { " — did you mean '\($0)'?" } ?? ""
                    let whereFrom = catalog.directory.map { "in \($0)/\(Catalog.gridsFile)" } ?? "(no catalog found: put one in Models/catalog/)"
                    diag.add(pos, path + ".grid", "no grid '\(key)' \(whereFrom)\(hint)")
                }
            default:
                grid = readGrid(g, key: nil, path: path + ".grid", diag: diag)
            }
        } else {
            r.missing("grid", "a grid key of the catalog (e.g. US-VA) or an inline {intensity_kg_per_kwh: ..., source: ...}")
        }
        let pue = r.series("pue", unit: "", bounds: .pue, source: source, required: "the site's PUE (1 or more)")
        let wue = r.series("wue_l_per_kwh", unit: "L/kWh", bounds: .nonNegative, source: source)
        let trajectory = r.series("grid_trajectory", unit: "", bounds: .nonNegative, source: source)
        let residual = r.quantity("residual_mix_kg_per_kwh", unit: "kg/kWh", bounds: .nonNegative, source: source)
        let construction = r.quantity("construction_kgco2e_per_mw", unit: "kgCO2e/MW", bounds: .nonNegative, source: source)
        let facilityLife = r.quantity("facility_life_years", unit: "years", bounds: .positive, source: source)
        var control = SiteControl.owned
        if let c = r.string("control") {
            if let value = SiteControl(rawValue: c) { control = value } else {
                diag.add(r.node("control")!.position, path + ".control", "'\(c)' is not a kind of control: use owned, leased or cloud")
            }
        }
        let equity = r.quantity("equity_share", unit: "", bounds: .fraction, source: source)
        var contracts: [Contract] = []
        if let cs = r.node("contracts") {
            if case let .sequence(items, _) = cs {
                for (i, item) in items.enumerated() {
                    if let c = readContract(item, path: "\(path).contracts.\(i)", source: source) { contracts.append(c) }
                }
            } else {
                diag.add(cs.position, path + ".contracts", "expected a list of contracts (- {kind: ppa, share: 0.5, intensity_kg_per_kwh: 0})")
            }
        }
        let generation = r.node("generation").map { readGeneration($0, path: path + ".generation", source: source) } ?? []
        let refrigerants = r.node("refrigerants").map { readRefrigerants($0, path: path + ".refrigerants", source: source, gwp: gwp) } ?? []
        r.rejectUnknown()
        if offGrid {
            if let cs = r.node("contracts"), !contracts.isEmpty {
                diag.add(cs.position, path + ".contracts", "an off-grid site (grid: none) buys no grid electricity, so it has no contracts: remove them, or give the site a grid")
            }
            for key in ["residual_mix_kg_per_kwh", "grid_trajectory"] {
                if let n = r.node(key) { diag.add(n.position, path + "." + key, "an off-grid site (grid: none) has no \(key): remove it, or give the site a grid") }
            }
            if generation.isEmpty, r.node("generation") == nil {
                r.missing("generation", "an off-grid site (grid: none) needs on-site generation to serve its load")
            }
        }
        if control == .cloud, let n = r.node("refrigerants"), !refrigerants.isEmpty {
            diag.add(n.position, path + ".refrigerants", "a cloud site's refrigerants are its provider's Scope 1, which Footprint does not carry into category 1: remove them, or give the site control: owned or leased")
        }
        if construction != nil, facilityLife == nil {
            r.missing("facility_life_years", "the life over which construction_kgco2e_per_mw is amortized")
        }
        guard let name, let grid, let pue else { return nil }
        return Site(name: name, grid: grid, pue: pue, wue: wue, gridTrajectory: trajectory, contracts: contracts,
                    residualMix: residual, constructionKgPerMW: construction, facilityLifeYears: facilityLife,
                    control: control, equityShare: equity, generation: generation, offGrid: offGrid, refrigerants: refrigerants)
    }

    static let contractKinds = ["ppa", "vppa", "rec", "go", "green-tariff", "onsite"]

    func readContract(_ node: YNode, path: String, source: [String]?) -> Contract? {
        let shapes = "{kind: ppa, share: 0.5} or {kind: ppa, capacity_mw: 300, hourly_profile: solar.csv}"
        guard let r = MapReader(node, path: path, diag: diag, expected: "a contract \(shapes)") else { return nil }
        let src = r.sources() ?? source
        let kind = r.string("kind", required: "the instrument: \(Self.contractKinds.joined(separator: ", "))")
        if let kind, !Self.contractKinds.contains(kind) {
            diag.add(r.node("kind")!.position, path + ".kind", "'\(kind)' is not a contract kind: use \(Self.contractKinds.joined(separator: ", "))")
        }
        let supplied = r.node("hourly_profile") != nil || r.node("capacity_mw") != nil
        let share = r.series("share", unit: "", bounds: .fraction, source: src,
                             required: supplied ? nil : "the share of the site's consumption covered (0 to 1) or a {year: share} series; "
                                + "or, for supply matched hour by hour, capacity_mw and hourly_profile")
        var capacity: SeriesInput?, supply: HourlyProfile?
        if supplied {
            capacity = r.series("capacity_mw", unit: "MW", bounds: .nonNegative, source: src,
                                required: "the contracted capacity in MW (or a {year: MW} series) that hourly_profile's capacity factors scale")
            if let file = r.string("hourly_profile", required: "a CSV of 8,760 hourly capacity factors (0 to 1) of the contracted supply") {
                let position = r.node("hourly_profile")?.position ?? r.position
                supply = HourlyProfile.loadCapacityFactors(resolve(file, namedAt: position), at: position, key: path + ".hourly_profile", diag: diag)
            }
            if let node = r.node("share") {
                diag.add(node.position, path + ".share",
                         "a contract is either a share of consumption or an hourly supply (capacity_mw with hourly_profile), not both: split it into two contracts")
            }
        }
        // How a share contract counts under hourly matching.
        let hourly = r.boolean("hourly"), legacy = r.boolean("legacy")
        for (key, value) in [("hourly", hourly), ("legacy", legacy)] where value != nil && supplied {
            diag.add(r.node(key)!.position, path + "." + key,
                     "only a share contract says how it counts under hourly matching; an hourly supply (capacity_mw with hourly_profile) is matched hour by hour already")
        }
        if hourly == true, legacy == true {
            diag.add(r.position, path, "give at most one of hourly and legacy: a share delivered in every hour (hourly: true) or an existing contract counted annually (legacy: true)")
        }
        var technology: ContractTechnology?
        if let t = r.string("technology") {
            technology = ContractTechnology(rawValue: t)
            if technology == nil {
                let all = ContractTechnology.allCases.map(\.rawValue)
                let hint = didYouMean(t, all).map { " — did you mean '\($0)'?" } ?? ""
                diag.add(r.node("technology")!.position, path + ".technology", "'\(t)' is not a technology\(hint): use \(all.joined(separator: ", "))")
            }
        }
        let boundary = r.string("market_boundary")
        var criteria: [Int] = []
        if let q = r.node("quality_criteria") {
            if case let .sequence(items, _) = q, items.allSatisfy({ if case let .scalar(x, _, _) = $0, let n = Int(x), (1...8).contains(n) { true } else { false } }) {
                criteria = items.compactMap { if case let .scalar(x, _, _) = $0 { Int(x) } else { nil } }
            } else {
                diag.add(q.position, path + ".quality_criteria", "expected a list of the Scope 2 Quality Criteria met, numbers 1 to 8 (e.g. [1, 2, 3, 4, 5, 6, 7])")
            }
        }
        let intensity = r.quantity("intensity_kg_per_kwh", unit: "kg/kWh", bounds: .nonNegative, source: src)
            ?? Quantity(.fixed(0), source: "default of a contract without intensity_kg_per_kwh: zero-carbon supply (docs/scenario-format.md, contracts)", path: path + ".intensity_kg_per_kwh",
                        unit: "kg/kWh", position: r.position, bounds: .nonNegative)
        r.rejectUnknown()
        guard let kind else { return nil }
        if supplied {
            guard let capacity, let supply else { return nil }
            return Contract(kind: kind, share: nil, capacityMW: capacity, supply: supply, intensity: intensity,
                            technology: technology, marketBoundary: boundary, qualityCriteria: criteria)
        }
        guard let share, !(hourly == true && legacy == true) else { return nil }
        return Contract(kind: kind, share: share, capacityMW: nil, supply: nil, intensity: intensity,
                        hourly: hourly ?? false, legacy: legacy ?? false, technology: technology,
                        marketBoundary: boundary, qualityCriteria: criteria)
    }
}

/// Reads a catalog grid's profile the first time a site uses the grid, once
/// per load.
final class CatalogProfiles {
    private var read: [String: HourlyProfile?] = [:]

    func read(_ grid: Grid, diag: Diagnostics) -> Grid {
        guard let file = grid.hourlyProfileFile else { return grid }
        if let done = read[file.path] { return grid.withHourlyProfile(done) }
        let profile = HourlyProfile.loadRelativeIntensities(file.path, at: file.position, key: file.key, diag: diag)
        read[file.path] = .some(profile)
        return grid.withHourlyProfile(profile)
    }
}
