import Foundation

/// The engine's scratch memory, allocated once per engine and freed with
/// it. Every buffer is sized from the plan; a draw writes before it reads.
final class EngineScratch {
    let fleetCount: Int, steps: Int, energyCount: Int
    /// Per fleet: what its draw fixes. Per deployment: units deployed.
    let draws: UnsafeMutablePointer<FleetDraw>
    let units: UnsafeMutablePointer<Double>
    /// Per (fleet, period): `Formulas.width` sums.
    let sums: UnsafeMutablePointer<Double>
    /// Per constant site: each energy metric's rate; its trajectory's knot
    /// values (`closed.knotStart`, `closed.knotCount`).
    let siteRates: UnsafeMutablePointer<Rate>
    let knots: UnsafeMutablePointer<Double>
    /// Each fleet's inputs, and the closed form's tables.
    let fleetInputs: UnsafeMutablePointer<FleetInputs>
    let closed: ClosedForm
    /// The fleets of each site.
    let fleetsAt: [[Int]]
    /// Where each value of the results is; periods, metrics per row, and
    /// per fleet the periods it is installed in.
    let layout: ResultLayout
    let periods: Int, metrics: Int
    let fleetPeriods: UnsafeMutablePointer<Range<Int>>
    /// The formulas as `write` reads them.
    let toMetrics: SumsToMetrics
    /// Per metric: what `write` multiplies its sums column by for the
    /// fleet at hand (its power, or a per-unit figure).
    let multipliers: UnsafeMutablePointer<Double>
    /// What a draw computes (everything unless the engine was told what is read).
    let required: RequiredWork
    /// The row additions that make sites, the total and whole horizons.
    let additions: RowAdditions
    /// The peak metrics (their columns in a row), in `Formulas.peaks` order.
    let peakCount: Int
    let peakMetrics: UnsafeMutablePointer<Metric>
    /// Each peak's energy metric (its index among the energy metrics), and
    /// the per-unit power of a fleet's draw it is multiplied by.
    let peakEnergy: UnsafeMutablePointer<Int>
    let peakPower: UnsafeMutablePointer<FleetDraw.Field>
    /// True when the peaks are taken at the plan's candidate steps (every
    /// site in closed form), else at every step.
    let candidatePoints: Bool
    /// Each period's first peak point, and the end: period p owns points
    /// `points[p] ..< points[p + 1]`.
    let points: UnsafeMutablePointer<Int>
    /// Site power (MW) per peak metric, site and point.
    private let sitePowerBase: UnsafeMutablePointer<Double>
    let sitePower: UnsafeMutableBufferPointer<Double>
    let pointCount: Int, siteCount: Int
    /// The total's power at each point (one peak metric at a time).
    let pointTotals: UnsafeMutablePointer<Double>
    /// One fleet's installed units at each peak point (units, as unit-hours
    /// per hour of the point's step).
    let installedAtPoint: UnsafeMutablePointer<Double>
    /// Per (fleet, step) unit-hours, for step-by-step sites and step peaks.
    let unitHours: UnsafeMutablePointer<Double>
    let inverseHours: [Double]
    /// One step's energy-metric rates, and the site's rates they come from.
    let stepRates: UnsafeMutablePointer<Double>
    let stepSiteRates: UnsafeMutablePointer<Rate>
    /// `Formulas.rateOperands`, and a site's values as they index
    /// (`Formulas.valueCount`: the fields, 1, 0).
    let rateOperands: UnsafeMutablePointer<Int>
    let siteValues: UnsafeMutablePointer<Double>
    /// Hourly matching: the site's load per step, each supply's capacity,
    /// and what supplies cover at each step.
    let load: UnsafeMutablePointer<Double>
    let capacities: UnsafeMutablePointer<Double>
    let matched: UnsafeMutablePointer<MatchedSupply>
    /// The last draw, kept where a site has hourly supplies (for
    /// `Engine.hourlyMatching`).
    let keepsDraw: Bool
    let lastDraw: UnsafeMutablePointer<Double>
    private var allocations: [UnsafeMutableRawPointer] = []

    /// `closedForm`: per site, summed in closed form; `reads`: the values
    /// read after each draw (nil: all of them; see `RequiredWork`).
    init(_ plan: EvaluationPlan, closedForm: [Bool], reads: [Int]?) {
        let candidatePoints = !closedForm.contains(false)
        let formulas = plan.formulas, sums = plan.periodSums
        fleetCount = plan.fleets.count
        steps = plan.grid.stepCount
        energyCount = formulas.energy.count
        siteCount = plan.sites.count
        self.candidatePoints = candidatePoints
        let anySteps = !candidatePoints
        let matching = plan.sites.contains { !$0.supplies.isEmpty }
        let loads = plan.sites.contains(where: \.needsLoad)
        pointCount = candidatePoints ? sums.candidateSteps.count : steps
        fleetsAt = plan.sites.indices.map { s in plan.fleets.indices.filter { plan.fleets[$0].site == s } }
        inverseHours = plan.grid.inverseHours
        // A peak's rate must be flat at a constant site for the closed
        // form's candidate steps to hold.
        for peak in formulas.peaks {
            precondition(formulas.isFlat(peak.energy), "\(peak.metric.key): a peak's rate must not vary with the grid trajectory")
        }

        var allocator = Allocator()
        func buffer<T: BitwiseCopyable>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> { allocator.buffer(count, value) }
        draws = buffer(fleetCount, FleetDraw.zero)
        periods = sums.periods
        metrics = ResultLayout.metrics
        layout = plan.layout
        fleetPeriods = allocator.copy(sums.fleetPeriods)
        toMetrics = SumsToMetrics(formulas, &allocator)
        multipliers = buffer(metrics, 0)
        required = RequiredWork(plan, reads: reads, stepByStep: closedForm, &allocator)
        additions = RowAdditions(plan, required, &allocator)
        peakCount = formulas.peaks.count
        peakMetrics = buffer(peakCount, Metric.energyITMWh)
        peakEnergy = buffer(peakCount, 0)
        peakPower = buffer(peakCount, FleetDraw.Field.powerMW)
        for (i, peak) in formulas.peaks.enumerated() {
            peakMetrics[i] = peak.metric; peakEnergy[i] = peak.energy; peakPower[i] = peak.perUnit
        }
        let pointStarts = candidatePoints ? sums.candidatePeriods : plan.grid.periodSteps.map(\.lowerBound) + [steps]
        points = buffer(pointStarts.count, 0)
        points.update(from: pointStarts, count: pointStarts.count)
        units = buffer(sums.terms.count, 0)
        self.sums = buffer(fleetCount * sums.periods * formulas.width, 0)
        siteRates = buffer(siteCount * energyCount, Rate())
        closed = ClosedForm(sums, &allocator)
        knots = buffer(sums.siteKnots.reduce(0) { $0 + $1.count }, 1)
        fleetInputs = allocator.copy(plan.fleetInputs)
        let powerCount = formulas.peaks.count * siteCount * pointCount
        sitePowerBase = buffer(powerCount, 0)
        sitePower = UnsafeMutableBufferPointer(start: sitePowerBase, count: powerCount)
        pointTotals = buffer(pointCount, 0)
        installedAtPoint = buffer(pointCount, 0)
        unitHours = buffer(anySteps ? fleetCount * steps : 0, 0)
        stepRates = buffer(energyCount, 0)
        stepSiteRates = buffer(energyCount, Rate())
        rateOperands = allocator.copy(formulas.rateOperands)
        siteValues = buffer(Formulas.valueCount, 0)
        siteValues[Formulas.one] = 1
        load = buffer(loads ? steps : 0, 0)
        capacities = buffer(plan.sites.map(\.supplies.count).max() ?? 0, 0)
        matched = buffer(matching ? steps : 0, MatchedSupply())
        keepsDraw = matching
        lastDraw = buffer(matching ? plan.parameters.count : 0, 0)
        allocations = allocator.allocations
    }

    /// Every energy metric's rate at a site with values `s`, into `out`
    /// (`Formulas.rateOperands`).
    @inline(__always)
    func rates(_ s: SiteValues, into out: UnsafeMutablePointer<Rate>) {
        let values = siteValues
        s.store(into: values)
        for e in 0..<energyCount {
            let k = rateOperands + 6 &* e
            out[e] = Rate(flat: values[k[0]] * values[k[1]], trajectory: values[k[2]] * values[k[3]],
                          shaped: values[k[4]] * values[k[5]])
        }
    }

    /// Site s's power at each point, for peak metric i.
    @inline(__always)
    func power(peak i: Int, site s: Int) -> UnsafeMutablePointer<Double> {
        sitePowerBase + (i * siteCount + s) * pointCount
    }

    /// The first step of this draw at which an off-grid site's generation
    /// did not serve its load: the site (−1: none), the step and the MW
    /// unserved.
    var shortfallSite = -1, shortfallStep = 0, shortfallMW = 0.0

    func recordShortfall(site: Int, step: Int, mw: Double) {
        guard shortfallSite < 0 else { return }
        shortfallSite = site; shortfallStep = step; shortfallMW = mw
    }

    deinit { for p in allocations { p.deallocate() } }

    /// Buffers of the scratch, each initialised, freed with it without
    /// deinitializing: their elements are `BitwiseCopyable`, so there is
    /// nothing to release.
    struct Allocator {
        var allocations: [UnsafeMutableRawPointer] = []

        mutating func buffer<T: BitwiseCopyable>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
            p.initialize(repeating: value, count: max(1, count))
            allocations.append(UnsafeMutableRawPointer(p))
            return p
        }

        /// A copy of `array`.
        mutating func copy<T: BitwiseCopyable>(_ array: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
            p.initialize(from: array, count: array.count)
            allocations.append(UnsafeMutableRawPointer(p))
            return p
        }

        /// A copy of `ranges` (two `Int`s each, nothing to release; the
        /// standard library does not declare `Range` `BitwiseCopyable`).
        mutating func copy(_ ranges: [Range<Int>]) -> UnsafeMutablePointer<Range<Int>> {
            let p = UnsafeMutablePointer<Range<Int>>.allocate(capacity: max(1, ranges.count))
            p.initialize(from: ranges, count: ranges.count)
            allocations.append(UnsafeMutableRawPointer(p))
            return p
        }
    }

    /// `PeriodSums`' tables as the closed form reads them in every draw
    /// (plain memory: no reference counting in the loops); see there.
    struct ClosedForm {
        let termCount: Int
        let terms: UnsafeMutablePointer<DeploymentAmount>
        let fleetTerms: UnsafeMutablePointer<Range<Int>>
        let installed: UnsafeMutablePointer<Double>, arriving: UnsafeMutablePointer<Double>
        let trajectory: UnsafeMutablePointer<Double>, shaped: UnsafeMutablePointer<Double>
        let termKnots: UnsafeMutablePointer<Int>
        /// Per site: its knots' slots are `knotSlots[knotStart[s] ..< knotStart[s] + knotCount[s]]`.
        let knotStart: UnsafeMutablePointer<Int>, knotCount: UnsafeMutablePointer<Int>, knotSlots: UnsafeMutablePointer<Int>
        let candidateCount: Int
        let candidatePeriods: UnsafeMutablePointer<Int>
        let fleetCandidates: UnsafeMutablePointer<Range<Int>>
        /// `PeriodSums.rates` transposed: deployment d's at candidate c is
        /// `unitRates[d * candidateCount + c]` (a deployment's contiguous).
        let unitRates: UnsafeMutablePointer<Double>

        init(_ sums: PeriodSums, _ allocator: inout Allocator) {
            termCount = sums.terms.count
            terms = allocator.copy(sums.terms)
            fleetTerms = allocator.copy(sums.fleetTerms)
            installed = allocator.copy(sums.installedTable)
            arriving = allocator.copy(sums.arrivingTable)
            trajectory = allocator.copy(sums.trajectoryTable)
            shaped = allocator.copy(sums.shapedTable)
            termKnots = allocator.copy(sums.termKnots)
            var start: [Int] = [], k = 0
            for knots in sums.siteKnots { start.append(k); k += knots.count }
            knotStart = allocator.copy(start)
            knotCount = allocator.copy(sums.siteKnots.map(\.count))
            knotSlots = allocator.copy(sums.siteKnots.flatMap { $0 })
            candidatePeriods = allocator.copy(sums.candidatePeriods)
            fleetCandidates = allocator.copy(sums.fleetCandidates)
            candidateCount = sums.candidateSteps.count
            let terms = termCount, candidates = candidateCount
            unitRates = allocator.copy((0..<terms * candidates).map { i in sums.rates[(i % candidates) * terms + i / candidates] })
        }
    }

    /// How `Engine.write` turns a (fleet, period) row of sums into the
    /// fleet's metrics: metric m = sums column `columns[m]` × the fleet's
    /// power (MW) — energy metrics and peaks — or, for `unitMetrics[j]`
    /// (per unit-hour, per arrival, and peaks of another per-unit power),
    /// × the fleet's `unitFields[j]`;
    /// then each sum metric `sumMetrics[i]` = 0 + its parts
    /// `sumPartMetrics[sumParts[i] ..< sumParts[i + 1]]` in order (what the
    /// first step wrote there is overwritten). Metrics are columns of a
    /// results row.
    struct SumsToMetrics {
        /// The sums row: `Formulas.width`, and where unit-hours, arrivals and the first peak are.
        let width: Int, unitHoursIndex: Int, arrivalsIndex: Int, peakIndex: Int
        let columns: UnsafeMutablePointer<Int>
        let unitCount: Int, unitMetrics: UnsafeMutablePointer<Int>
        let unitFields: UnsafeMutablePointer<FleetDraw.Field>
        let sumCount: Int, sumMetrics: UnsafeMutablePointer<Int>
        let sumParts: UnsafeMutablePointer<Int>, sumPartMetrics: UnsafeMutablePointer<Int>

        init(_ formulas: Formulas, _ allocator: inout Allocator) {
            func buffer<T: BitwiseCopyable>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> { allocator.buffer(count, value) }
            width = formulas.width
            unitHoursIndex = formulas.unitHoursIndex; arrivalsIndex = formulas.arrivalsIndex; peakIndex = formulas.peakIndex
            columns = buffer(ResultLayout.metrics, 0)
            for (e, m) in formulas.energy.enumerated() { columns[m.rawValue] = e }
            for (i, peak) in formulas.peaks.enumerated() { columns[peak.metric.rawValue] = formulas.peakIndex + i }
            let unit = formulas.perUnitHour.map { ($0.metric.rawValue, formulas.unitHoursIndex, $0.field) }
                + formulas.perArrival.map { ($0.metric.rawValue, formulas.arrivalsIndex, $0.field) }
                + formulas.peaks.enumerated().filter { $0.element.perUnit != .powerMW }
                    .map { ($0.element.metric.rawValue, formulas.peakIndex + $0.offset, $0.element.perUnit) }
            unitCount = unit.count
            unitMetrics = buffer(unit.count, 0)
            unitFields = buffer(unit.count, FleetDraw.Field.one)
            for (j, w) in unit.enumerated() { unitMetrics[j] = w.0; columns[w.0] = w.1; unitFields[j] = w.2 }
            sumCount = formulas.sums.count
            sumMetrics = buffer(sumCount, 0)
            sumParts = buffer(sumCount + 1, 0)
            let parts = formulas.sums.flatMap(\.parts)
            sumPartMetrics = buffer(parts.count, 0)
            for (i, sum) in formulas.sums.enumerated() {
                sumMetrics[i] = sum.metric.rawValue
                sumParts[i + 1] = sumParts[i] + sum.parts.count
            }
            for (j, m) in parts.enumerated() { sumPartMetrics[j] = m.rawValue }
        }
    }
}
