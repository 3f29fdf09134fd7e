import Foundation

/// What a draw computes and how it adds rows, fixed when the engine is built.
extension EngineScratch {
    /// What a draw must compute for the values its caller reads
    /// (`Engine.init(plan:reads:)`), fixed at construction. Rows are
    /// (scope, period) pairs of `ResultLayout`; a row is needed when a value
    /// in it is read or it feeds a needed one:
    ///
    /// * a service's values read fleets' rows of every period (and, for
    ///   energy per prompt from the model, its fleet's whole horizon); the
    ///   demand block the total's rows and whole horizon;
    /// * a whole horizon, every period's row of its scope (sums, peaks);
    /// * a site's or the total's row in period p, the rows in p of its
    ///   fleets installed then, and (for its peaks) the power in p of its
    ///   site or of every site;
    /// * a fleet's row, its sums in that period; a site's power in p, the
    ///   peaks loop in p of every fleet at the site installed then;
    /// * a site summed step by step computes all its fleets or none.
    ///
    /// With every value read, every flag is true and a draw does all it
    /// did before `reads` existed.
    struct RequiredWork {
        /// Per (scope, period or whole horizon): `rows[scope * (periods + 1) + p]`.
        let rows: UnsafeMutablePointer<Bool>
        /// Per (fleet, period): its sums and metrics; its peaks loop (its
        /// peak, or its site's power).
        let fleetSums: UnsafeMutablePointer<Bool>, fleetPeaks: UnsafeMutablePointer<Bool>
        /// Per fleet: anything of it this draw (its units, its sums).
        let fleets: UnsafeMutablePointer<Bool>
        /// Per service, and the demand block.
        let services: UnsafeMutablePointer<Bool>
        let demand: Bool
        private let rowsPerScope: Int

        /// Whether the (scope, period) row is needed (`period`: the whole horizon at `periods`).
        @inline(__always)
        func row(scope: Int, period: Int) -> Bool { rows[scope &* rowsPerScope &+ period] }

        init(_ plan: EvaluationPlan, reads: [Int]?, stepByStep closedForm: [Bool], _ allocator: inout Allocator) {
            let layout = plan.layout, periods = layout.periods
            rowsPerScope = periods + 1
            let fleetCount = layout.fleets, siteCount = layout.sites
            let fleetPeriods = plan.periodSums.fleetPeriods
            let rowCount = layout.scopes * (periods + 1)
            var rows = [Bool](repeating: reads == nil, count: rowCount)
            var services = [Bool](repeating: reads == nil, count: layout.services)
            var demand = reads == nil && layout.hasDemand
            func row(_ scope: Int, _ p: Int) -> Int { scope * (periods + 1) + p }
            for i in reads ?? [] {
                switch layout.place(of: i) {
                case let .row(scope, p): rows[row(scope, p)] = true
                case let .service(s): services[s] = true
                case .demand: demand = true
                }
            }
            for s in 0..<layout.services where services[s] {
                let service = plan.demand!.services[s]
                for f in service.served { for p in 0..<periods { rows[row(layout.index(.fleet(f)), p)] = true } }
                if case let .model(_, _, _, f, _) = service.energy {
                    for p in 0...periods { rows[row(layout.index(.fleet(f)), p)] = true }
                }
            }
            if demand { for p in 0...periods { rows[row(layout.index(.total), p)] = true } }
            for scope in 0..<layout.scopes where rows[row(scope, periods)] {
                for p in 0..<periods { rows[row(scope, p)] = true }
            }
            // Site and total rows: their fleets' rows, and the sites' power.
            var power = [Bool](repeating: false, count: siteCount * periods)
            for p in 0..<periods {
                let total = rows[row(layout.index(.total), p)]
                for s in 0..<siteCount where total || rows[row(layout.index(.site(s)), p)] {
                    power[s * periods + p] = true
                }
                for (f, fleet) in plan.fleets.enumerated() where fleetPeriods[f].contains(p) {
                    if total || rows[row(layout.index(.site(fleet.site)), p)] { rows[row(layout.index(.fleet(f)), p)] = true }
                }
            }
            var sums = [Bool](repeating: false, count: fleetCount * periods)
            var peaks = sums, fleets = [Bool](repeating: false, count: fleetCount)
            for (f, fleet) in plan.fleets.enumerated() {
                for p in fleetPeriods[f] {
                    sums[f * periods + p] = rows[row(layout.index(.fleet(f)), p)]
                    peaks[f * periods + p] = sums[f * periods + p] || power[fleet.site * periods + p]
                    fleets[f] = fleets[f] || peaks[f * periods + p]
                }
            }
            for s in 0..<siteCount where !closedForm[s] {
                let at = plan.fleets.indices.filter { plan.fleets[$0].site == s }
                if at.contains(where: { fleets[$0] }) { for f in at { fleets[f] = true } }
            }
            self.rows = allocator.copy(rows)
            fleetSums = allocator.copy(sums)
            fleetPeaks = allocator.copy(peaks)
            self.fleets = allocator.copy(fleets)
            self.services = allocator.copy(services)
            self.demand = demand
        }
    }

    /// The row additions of `Engine.aggregate`, in order: op j sets the
    /// row at `targets[j]` (an offset in the results) to 0 + the row at
    /// `sources[j]` when `starts[j]`, else adds that row to it. First
    /// (`..< wholeStart`) each site's and the total's row per period from
    /// the rows of its fleets installed then, in fleet order; then each
    /// scope's whole horizon from its rows that anything was added to, in
    /// period order. Only the additions to rows that `needs` asks for are
    /// kept (all of an addition's target: its first still starts it).
    struct RowAdditions {
        let count: Int, wholeStart: Int
        let targets: UnsafeMutablePointer<Int>, sources: UnsafeMutablePointer<Int>
        let starts: UnsafeMutablePointer<Bool>

        init(_ plan: EvaluationPlan, _ needs: RequiredWork, _ allocator: inout Allocator) {
            let layout = plan.layout, fleetPeriods = plan.periodSums.fleetPeriods
            let periods = layout.periods, sites = layout.sites
            var targets: [Int] = [], sources: [Int] = [], starts: [Bool] = []
            /// Per scope and period: whether the row is written (by `write` or an addition).
            var written = [[Bool]](repeating: [Bool](repeating: false, count: periods), count: layout.scopes)
            for (f, range) in fleetPeriods.enumerated() { for p in range { written[layout.index(.fleet(f))][p] = true } }
            func add(_ target: Int, _ source: Int, starts first: Bool) {
                guard case let .row(scope, p) = layout.place(of: target), needs.row(scope: scope, period: p) else { return }
                targets.append(target); sources.append(source); starts.append(first)
            }
            for scope in [layout.index(.total)] + (0..<sites).map({ layout.index(.site($0)) }) {
                for p in 0..<periods {
                    for (f, fleet) in plan.fleets.enumerated()
                    where (scope == layout.index(.total) || scope == layout.index(.site(fleet.site))) && fleetPeriods[f].contains(p) {
                        add(layout.row(scope: scope, period: p), layout.row(scope: layout.index(.fleet(f)), period: p), starts: !written[scope][p])
                        written[scope][p] = true
                    }
                }
            }
            wholeStart = targets.count
            for scope in 0..<layout.scopes {
                var first = true
                for p in 0..<periods where written[scope][p] {
                    add(layout.row(scope: scope, period: periods), layout.row(scope: scope, period: p), starts: first)
                    first = false
                }
            }
            count = targets.count
            self.targets = allocator.copy(targets)
            self.sources = allocator.copy(sources)
            self.starts = allocator.copy(starts)
        }
    }
}
