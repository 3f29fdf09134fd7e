import Foundation
import GSL

/// Inputs that move together, drawn through a Gaussian copula.
///
/// The scenario's `correlations:` give Spearman rank correlations R between
/// inputs; every series' uncertain knots (a grid trajectory, a PUE path,
/// revenue by year) are comonotonic (R = 1) unless an entry names one of
/// them. Inputs joined by R = 1 form a cluster that moves as one (one
/// uniform for all). Clusters joined by R < 1 form a component whose
/// Pearson matrix (ρ = 2 sin(π R / 6)) is factored by Cholesky; each draw
/// takes one standard normal per cluster from its own stream, correlates
/// them (z = L ε), and maps each member through Φ and its own inverse CDF.
/// An input in no correlation draws exactly as it would without any.
struct CopulaPlan: Sendable {
    struct Member: Sendable {
        let slot: Int
        let distribution: ProbabilityDistribution
        let lower: Double, upper: Double
    }

    struct Component: Sendable {
        /// Each cluster's members; the cluster's index is its row in `cholesky`.
        let clusters: [[Member]]
        /// Row-major lower-triangular factor, `clusters.count`².
        let cholesky: [Double]
        /// The component's inputs, for Sobol's groups and messages.
        var slots: [Int] { clusters.flatMap { $0.map(\.slot) } }
    }

    let components: [Component]
    /// The dependences drawn, as stated: the scenario's entries, then each
    /// series whose knots move as one by default.
    let statements: [CorrelationStatement]
    /// Per parameter slot: drawn by the copula.
    let correlated: [Bool]
    /// The most clusters of a component (the size of a worker's scratch).
    let widest: Int

    var isEmpty: Bool { components.isEmpty }

    /// The groups of correlated inputs (slots), one per component.
    var groups: [[Int]] { components.map(\.slots) }

    init(_ scenario: Scenario, parameters: [Quantity]) throws(CorrelationError) {
        let slotOf = Dictionary(parameters.enumerated().map { ($0.element.path, $0.offset) }, uniquingKeysWith: { first, _ in first })
        // Pairs (i < j) with their rank correlation and where they were given.
        var pairs: [Pair: (rank: Double, at: String)] = [:]
        var named = Set<Int>()
        for (e, spec) in scenario.correlations.enumerated() {
            var slots: [Int] = []
            for (path, position) in zip(spec.inputs, spec.positions) {
                let at = "\(position): correlations.\(e).inputs"
                guard let s = slotOf[path] else {
                    // An override that replaced the part it belonged to (a
                    // fleet's accelerator swapped by --set) took it out of the model.
                    if !scenario.overrides.isEmpty { continue }
                    let hint = didYouMean(path, parameters.map(\.path)).map { " — did you mean '\($0)'?" } ?? ""
                    throw CorrelationError("\(at): no input '\(path)' in this model\(hint); give the path as --set names it (`footprint run --set` lists them in its errors)")
                }
                guard parameters[s].isUncertain, case .distribution = parameters[s].value else {
                    // Fixed by --set (a sweep's value, a what-if): it no longer
                    // varies, so it leaves the correlation.
                    if parameters[s].position.isOverride { continue }
                    throw CorrelationError("\(at): '\(path)' is a fixed value (\(parameters[s].valueDescription)), not a distribution: only uncertain inputs can be correlated")
                }
                slots.append(s)
                named.insert(s)
            }
            for a in 0..<slots.count {
                for b in (a + 1)..<slots.count {
                    let pair = Pair(slots[a], slots[b])
                    if let given = pairs[pair], given.rank != spec.rank {
                        throw CorrelationError("\(spec.position): correlations.\(e): \(parameters[pair.i].path) and \(parameters[pair.j].path) already have rank \(given.rank) (\(given.at)), here \(spec.rank): give each pair one coefficient")
                    }
                    pairs[pair] = (spec.rank, "correlations.\(e), line \(spec.position.line)")
                }
            }
        }
        var statements = scenario.correlations.map {
            CorrelationStatement(inputs: $0.inputs, rank: $0.rank, reason: $0.source ?? "assumption of the scenario's author (no source or reason given)")
        }
        // A series' uncertain knots move as one, unless the scenario names one of them.
        for knots in Self.seriesKnots(scenario) {
            let slots = knots.compactMap { slotOf[$0] }.filter { parameters[$0].isUncertain }
            guard Set(slots).count >= 2, slots.allSatisfy({ !named.contains($0) }) else { continue }
            statements.append(CorrelationStatement(inputs: slots.map { parameters[$0].path }, rank: 1,
                                                   reason: "default: the knots of one series move as one (a trajectory is one uncertain path, not independent years); a correlations: entry naming a knot replaces it"))
            for a in 0..<slots.count { for b in (a + 1)..<slots.count where slots[a] != slots[b] { pairs[Pair(slots[a], slots[b])] = (1, "a series' knots") } }
        }
        self.statements = statements
        guard !pairs.isEmpty else { components = []; correlated = [Bool](repeating: false, count: parameters.count); widest = 0; return }
        // Clusters: inputs joined by rank 1.
        var parent = Array(0..<parameters.count)
        func root(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for (pair, c) in pairs where c.rank == 1 { parent[root(pair.j)] = root(pair.i) }
        let slots = Set(pairs.keys.flatMap { [$0.i, $0.j] }).sorted()
        var clusterOf: [Int: Int] = [:], clusters: [[Int]] = []
        for s in slots {
            let r = root(s)
            if let c = clusterOf[r] { clusters[c].append(s) } else { clusterOf[r] = clusters.count; clusters.append([s]) }
        }
        // Coefficients between clusters; a pair inside a cluster must be 1.
        var between: [Pair: (rank: Double, inputs: (Int, Int))] = [:]
        for (pair, c) in pairs.sorted(by: { ($0.key.i, $0.key.j) < ($1.key.i, $1.key.j) }) where c.rank != 1 {
            let a = clusterOf[root(pair.i)]!, b = clusterOf[root(pair.j)]!
            let names = "\(parameters[pair.i].path) and \(parameters[pair.j].path)"
            guard a != b else {
                throw CorrelationError("\(scenario.file): correlations: \(names) move as one (rank 1, through the entries joining them) but are given rank \(c.rank) (\(c.at)): give them one coefficient")
            }
            let key = Pair(a, b)
            if let given = between[key], given.rank != c.rank {
                let other = "\(parameters[given.inputs.0].path) and \(parameters[given.inputs.1].path)"
                throw CorrelationError("\(scenario.file): correlations: \(names) (rank \(c.rank)) and \(other) (rank \(given.rank)) relate the same inputs that move as one: their coefficients conflict")
            }
            between[key] = (c.rank, (pair.i, pair.j))
        }
        // Components: clusters joined by any coefficient.
        var cparent = Array(0..<clusters.count)
        func croot(_ x: Int) -> Int { var x = x; while cparent[x] != x { x = cparent[x] }; return x }
        for key in between.keys { cparent[croot(key.j)] = croot(key.i) }
        var componentOf: [Int: Int] = [:], members: [[Int]] = []
        for c in clusters.indices {
            let r = croot(c)
            if let k = componentOf[r] { members[k].append(c) } else { componentOf[r] = members.count; members.append([c]) }
        }
        var built: [Component] = []
        for m in members {
            let n = m.count
            var matrix = [Double](repeating: 0, count: n * n)
            for a in 0..<n {
                matrix[a * n + a] = 1
                for b in 0..<n where a != b {
                    if let c = between[Pair(m[a], m[b])] { matrix[a * n + b] = 2 * sin(Double.pi * c.rank / 6) }
                }
            }
            guard let l = Cholesky.lower(matrix, n: n) else {
                let names = m.flatMap { clusters[$0] }.map { parameters[$0].path }
                throw CorrelationError("\(scenario.file): correlations: the coefficients among \(names.joined(separator: ", ")) conflict: no joint distribution has them all (their correlation matrix is not positive definite); weaken one of them")
            }
            built.append(Component(clusters: m.map { c in
                clusters[c].map { s in
                    guard case let .distribution(d) = parameters[s].value else { preconditionFailure("a correlated input is a distribution") }
                    return Member(slot: s, distribution: d, lower: parameters[s].bounds.lower, upper: parameters[s].bounds.upper)
                }
            }, cholesky: l))
        }
        components = built
        var flags = [Bool](repeating: false, count: parameters.count)
        for s in slots { flags[s] = true }
        correlated = flags
        widest = built.map(\.clusters.count).max() ?? 0
    }

    /// The paths of every series' knots, one list per series with two or more.
    static func seriesKnots(_ s: Scenario) -> [[String]] {
        var series: [SeriesInput?] = []
        for site in s.sites {
            series += [site.pue, site.wue, site.gridTrajectory]
            for c in site.contracts { series += [c.share, c.capacityMW] }
        }
        series += [s.demand?.revenueUSD, s.demand?.users]
        return series.compactMap { $0 }.filter { $0.knots.count >= 2 }.map { $0.knots.map(\.quantity.path) }
    }

    /// Draws every correlated input into `v`: `normals` (at least `widest`
    /// values) is scratch; `stream` the copula's own stream.
    @inline(__always)
    func draw(into v: UnsafeMutableBufferPointer<Double>, stream: RandomStream, normals: UnsafeMutablePointer<Double>) {
        for component in components {
            let n = component.clusters.count
            for a in 0..<n { normals[a] = stream.standardNormal() }
            // z = L ε, from the last row up so that ε is read before it is overwritten.
            component.cholesky.withUnsafeBufferPointer { l in
                var a = n - 1
                while a >= 0 {
                    var z = 0.0
                    for b in 0...a { z += l[a * n + b] * normals[b] }
                    normals[a] = z
                    a -= 1
                }
            }
            for a in 0..<n {
                let u = Swift.min(Swift.max(standardNormalCDF(normals[a]), 1e-12), 1 - 1e-12)
                for m in component.clusters[a] {
                    v[m.slot] = Swift.min(Swift.max(m.distribution.unsafeQuantile(u), m.lower), m.upper)
                }
            }
        }
    }
}

/// One dependence a run draws: the inputs, their rank correlation, and why.
public struct CorrelationStatement: Sendable {
    public let inputs: [String]
    public let rank: Double
    public let reason: String
}

/// An unordered pair of indices.
struct Pair: Hashable {
    let i: Int, j: Int
    init(_ a: Int, _ b: Int) { i = min(a, b); j = max(a, b) }
}

/// Why a scenario's correlations cannot be drawn.
public struct CorrelationError: Error, CustomStringConvertible {
    public let description: String
    init(_ message: String) { description = message }
}
