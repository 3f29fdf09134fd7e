/// Sums over each period that do not depend on the draw, per deployment:
/// what lets a site whose values are constant within a draw be summed in
/// closed form, without visiting steps.
///
/// Installed unit-hours at step t are H(t) = Σ_d n_d·s_d(t): the schedules
/// s_d per unit are fixed, only the amounts n_d vary with the draw. The grid
/// trajectory is linear in its knot values, g(t) = Σ_k φ_k(t)·g_k. So the
/// sums a metric's rate (flat + trajectory·g + shaped·g·π) needs per period
/// p are bilinear forms whose step sums are computed once per scenario:
///
///     Σ_{t∈p} H(t)              = Σ_d n_d · S[d,p]
///     Σ_{t∈p} H(t)·g(t)         = Σ_d n_d · Σ_k g_k·G[d,p,k]
///     Σ_{t∈p} H(t)·g(t)·π(t)    = Σ_d n_d · Σ_k g_k·Π[d,p,k]     (π: the grid's hourly profile, or 1)
///     arrivals in p              = Σ_d n_d · A[d,p]
///
/// Peaks: a deployment's installed fraction is piecewise linear in time
/// (it bends where its arrival and retirement ramps start and end). A step
/// lying inside one linear piece averages it to its value at the step's
/// midpoint, so along a run of such steps the averages are monotone. Any
/// non-negative combination (a fleet, a site, all sites) therefore peaks,
/// within a period, at a step containing a bend, a neighbour of one, or the
/// period's first or last step. Those candidate steps are found once; when
/// every site is in closed form, a draw evaluates power only there.
struct PeriodSums: Sendable {
    let periods: Int
    let terms: [DeploymentAmount]
    /// Per fleet: its deployments (range into `terms`) and the periods it
    /// is active in.
    let fleetTerms: [Range<Int>], fleetPeriods: [Range<Int>]
    /// S and A: `[d * periods + p]`.
    let installedTable: [Double], arrivingTable: [Double]
    /// G and Π: `[termKnots[d] + p * K + k]`, K the knots of the fleet's site.
    let trajectoryTable: [Double], shapedTable: [Double]
    let termKnots: [Int]
    /// Per site: its trajectory's knot slots (one knot of value 1 when it
    /// has no trajectory: slot −1).
    let siteKnots: [[Int]]
    /// Candidate steps for the peaks, ascending; those of period p are
    /// `candidatePeriods[p] ..< candidatePeriods[p + 1]`.
    let candidateSteps: [Int]
    let candidatePeriods: [Int]
    /// Per fleet: its range of candidate steps.
    let fleetCandidates: [Range<Int>]
    /// Units installed per unit deployed, as a step average (unit-hours /
    /// hours), at each candidate step: `[c * terms.count + d]`.
    let rates: [Double]

    init(grid: TimeGrid, sites sitePlans: [SitePlan], fleets: [FleetPlan]) {
        let periods = grid.periods.count
        self.periods = periods
        siteKnots = sitePlans.map { $0.trajectory?.slots ?? [-1] }

        var terms: [DeploymentAmount] = [], fleetTerms: [Range<Int>] = [], fleetPeriods: [Range<Int>] = []
        var installed: [Double] = [], arriving: [Double] = [], trajectory: [Double] = [], shaped: [Double] = []
        var termKnots: [Int] = []
        for fleet in fleets {
            let site = sitePlans[fleet.site]
            let knots = siteKnots[fleet.site].count
            let d0 = terms.count
            for d in fleet.deployments {
                terms.append(d.amountInputs)
                let s0 = installed.count, k0 = shaped.count
                termKnots.append(k0)
                installed += repeatElement(0, count: periods)
                arriving += repeatElement(0, count: periods)
                shaped += repeatElement(0, count: periods * knots)
                trajectory += repeatElement(0, count: periods * knots)
                for i in d.unitHours.indices {
                    let t = d.first + i, p = Int(grid.periodOfStep[t])
                    let h = d.unitHours[i], hPi = h * (site.profile?[t] ?? 1)
                    installed[s0 + p] += h
                    if i < d.arrivals.count { arriving[s0 + p] += d.arrivals[i] }
                    let o = k0 + p * knots
                    if knots > 1, let tr = site.trajectory {
                        let lo = Int(tr.lower[t]), w = tr.weight[t]
                        shaped[o + lo] += hPi * (1 - w); shaped[o + lo + 1] += hPi * w
                        trajectory[o + lo] += h * (1 - w); trajectory[o + lo + 1] += h * w
                    } else {
                        shaped[o] += hPi
                        trajectory[o] += h
                    }
                }
            }
            fleetTerms.append(d0..<terms.count)
            let active = fleet.activeSteps
            fleetPeriods.append(active.isEmpty ? 0..<0
                                : Int(grid.periodOfStep[active.lowerBound])..<(Int(grid.periodOfStep[active.upperBound - 1]) + 1))
        }
        self.terms = terms
        self.fleetTerms = fleetTerms
        self.fleetPeriods = fleetPeriods
        installedTable = installed; arrivingTable = arriving
        trajectoryTable = trajectory; shapedTable = shaped
        self.termKnots = termKnots

        // Candidate steps: each period's ends, and each bend's step with its
        // neighbours.
        let steps = grid.stepCount
        var candidate = [Bool](repeating: false, count: steps)
        for range in grid.periodSteps where !range.isEmpty {
            candidate[range.lowerBound] = true
            candidate[range.upperBound - 1] = true
        }
        for fleet in fleets {
            for d in fleet.deployments {
                for x in d.breakpoints where x >= grid.boundaries[0] && x <= grid.boundaries[steps] {
                    let t = grid.step(containing: x)
                    for u in max(0, t - 1)...min(steps - 1, t + 1) { candidate[u] = true }
                }
            }
        }
        let candidateSteps = candidate.indices.filter { candidate[$0] }
        self.candidateSteps = candidateSteps
        var candidatePeriods = [Int](repeating: candidateSteps.count, count: periods + 1)
        for (c, t) in candidateSteps.enumerated().reversed() { candidatePeriods[Int(grid.periodOfStep[t])] = c }
        // Periods without a candidate (none: every non-empty period has
        // two) start where the next one does.
        for p in stride(from: periods - 1, through: 0, by: -1) where candidatePeriods[p] > candidatePeriods[p + 1] {
            candidatePeriods[p] = candidatePeriods[p + 1]
        }
        self.candidatePeriods = candidatePeriods
        fleetCandidates = fleets.map { fleet in
            let a = fleet.activeSteps
            let lo = candidateSteps.firstIndex { $0 >= a.lowerBound } ?? candidateSteps.count
            let hi = candidateSteps.firstIndex { $0 >= a.upperBound } ?? candidateSteps.count
            return lo..<max(lo, hi)
        }
        var rates = [Double](repeating: 0, count: candidateSteps.count * terms.count)
        var d = 0
        for fleet in fleets {
            for dep in fleet.deployments {
                for (c, t) in candidateSteps.enumerated() where t >= dep.first && t < dep.first + dep.unitHours.count {
                    rates[c * terms.count + d] = dep.unitHours[t - dep.first] * grid.inverseHours[t]
                }
                d += 1
            }
        }
        self.rates = rates
    }

    /// Unit-hours per unit deployed, summed over fleet f's deployments, in
    /// period p (non-zero exactly when the fleet is installed then).
    func installed(fleet f: Int, period p: Int) -> Double {
        fleetTerms[f].reduce(0) { $0 + installedTable[$1 * periods + p] }
    }

    /// Arrivals per unit deployed, summed over fleet f's deployments, in period p.
    func arriving(fleet f: Int, period p: Int) -> Double {
        fleetTerms[f].reduce(0) { $0 + arrivingTable[$1 * periods + p] }
    }
}
