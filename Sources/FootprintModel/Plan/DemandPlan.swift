import GSL

/// A scenario's demand compiled for the draws: each series as weights on
/// its knots' slots per period, so a draw's prompts, revenue and user-years
/// per period are dot products.
struct DemandPlan: Sendable {
    struct ServicePlan: Sendable {
        let served: [Int]
        /// Prompts in each period.
        let prompts: PeriodWeights
        let energy: EnergyPlan
        let fleetShare: Int?
    }

    enum EnergyPlan: Sendable {
        case given(Int)
        /// The slots of the model's inputs; `fleet` is the first served
        /// fleet, whose accelerator's peak FLOP/s is `peak`.
        case model(params: Int, tokens: Int, utilization: Int, fleet: Int, peak: Int?)
    }

    let services: [ServicePlan]
    /// Revenue in each period: the series at the period's start × the
    /// period's share of its calendar year.
    let revenue: PeriodWeights?
    /// User-years in each period: ∫ users dt ÷ the calendar year's length.
    let users: PeriodWeights?

    init(_ demand: Demand, grid: TimeGrid, fleets: [FleetPlan], registry: inout SlotRegistry) throws {
        var services: [ServicePlan] = []
        for service in demand.services {
            let energy: EnergyPlan
            switch service.energy {
            case let .given(q): energy = .given(registry.slot(q))
            case let .model(params, tokens, utilization):
                let first = service.servedBy.first ?? 0
                energy = .model(params: registry.slot(params), tokens: registry.slot(tokens), utilization: registry.slot(utilization),
                                fleet: first, peak: fleets.indices.contains(first) ? fleets[first].inputs.peakTflops : nil)
            }
            // Prompts per day × the step's days.
            let prompts = try PeriodWeights(service.promptsPerDay, grid: grid, registry: &registry) { t, _ in grid.hours[t] / 24 }
            services.append(ServicePlan(served: service.servedBy, prompts: prompts, energy: energy,
                                        fleetShare: registry.slot(service.fleetShare)))
        }
        self.services = services
        revenue = try demand.revenueUSD.map { try PeriodWeights(atPeriodStart: $0, grid: grid, registry: &registry) }
        users = try demand.users.map { series in
            try PeriodWeights(series, grid: grid, registry: &registry) { t, p in grid.hours[t] / Self.yearHours(grid.periods[p], grid.fiscalYearStart) }
        }
    }

    /// Hours of the whole reporting year a period lies in (a period the
    /// horizon clips still counts its users against the full year).
    static func yearHours(_ period: TimeGrid.Period, _ fiscal: MonthDay) -> Double {
        let y = period.year
        return TimeGrid.hoursSinceEpoch(fiscal.start(ofYear: y + 1)) - TimeGrid.hoursSinceEpoch(fiscal.start(ofYear: y))
    }
}

/// A series' value per period as `Σ_k v[slots[k]] · weights[p · K + k]`.
struct PeriodWeights: Sendable {
    let slots: [Int]
    let weights: [Double]

    /// Σ over the period's steps of the series at the step's midpoint ×
    /// `scale(step, period)`.
    init(_ series: SeriesInput, grid: TimeGrid, registry: inout SlotRegistry, scale: (Int, Int) -> Double) throws {
        let plan = try SeriesPlan(series, grid: grid, registry: &registry)
        slots = plan.slots
        let k = slots.count, periods = grid.periods.count
        var weights = [Double](repeating: 0, count: periods * k)
        for t in 0..<grid.stepCount {
            let p = Int(grid.periodOfStep[t]), x = scale(t, p)
            if k == 1 { weights[p] += x; continue }
            let lo = Int(plan.lower[t]), w = plan.weight[t]
            weights[p * k + lo] += x * (1 - w)
            weights[p * k + lo + 1] += x * w
        }
        self.weights = weights
    }

    /// The series at each period's start × the period's share of its year.
    init(atPeriodStart series: SeriesInput, grid: TimeGrid, registry: inout SlotRegistry) throws {
        slots = series.knots.map { registry.slot($0.quantity) }
        let k = slots.count, periods = grid.periods
        var weights = [Double](repeating: 0, count: periods.count * k)
        let position = k > 1 ? try Interpolator(x: series.knots.map { TimeGrid.hoursSinceEpoch($0.date) },
                                                y: (0..<k).map(Double.init), kind: .linear) : nil
        for (p, period) in periods.enumerated() {
            let share = (TimeGrid.hoursSinceEpoch(period.end) - TimeGrid.hoursSinceEpoch(period.start)) / DemandPlan.yearHours(period, grid.fiscalYearStart)
            guard let position else { weights[p] = share; continue }
            let f = position.clampedValue(at: TimeGrid.hoursSinceEpoch(period.start))
            let lo = min(Int(f), k - 2), w = f - Double(lo)
            weights[p * k + lo] += share * (1 - w)
            weights[p * k + lo + 1] += share * w
        }
        self.weights = weights
    }

    @inline(__always)
    func value(period p: Int, _ v: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        let k = slots.count
        for j in 0..<k { sum += v[slots[j]] * weights[p * k + j] }
        return sum
    }
}
