/// What one draw fixes at a site, at one step or (for a site whose inputs
/// are constant within the draw) at every step: the numbers the metrics'
/// rates are made of (`Metric.definition`).
public struct SiteValues: Sendable {
    /// The values a metric's rate is a product of (`Metric.definition`).
    /// A new one is a case here and its value set in `SitePlan.values`.
    public enum Field: Int, Sendable, CaseIterable {
        /// PUE (facility ÷ IT energy).
        case pue
        /// On-site water per kWh of IT energy (L/kWh = m³/MWh).
        case wue
        /// The grid's average intensity (kg/kWh = t/MWh), before g(t) and π(t).
        case intensity
        /// Upstream (Scope 3 category 3) per kWh consumed, before g(t).
        case upstream
        /// The grid's water of generation per kWh consumed.
        case gridWater
        /// Market-based coverage under the 2015 rule (annual matching): `Coverage`'s parts.
        case annualContracted, annualUncovered, annualCarbonFree
        /// Market-based coverage under the October 2025 draft (hourly matching).
        case hourlyContracted, hourlyUncovered, hourlyCarbonFree
        /// PUE × the share of facility energy drawn from the grid × the
        /// company's share of the site's electricity in Scope 2 (an operated
        /// site), and in Scope 3 category 1 (a rented one).
        case pueOperated, pueRented
        /// PUE × the share of facility energy drawn from the grid (1 without
        /// on-site generation): what every grid-side metric multiplies.
        case pueGrid
        /// The share of facility energy generated on site.
        case onsiteShare
        /// Per MWh of facility energy, what on-site generation burns and
        /// emits (`GenerationSplit`): MMBtu of fuel; t of CO2, CH4, N2O and
        /// t CO2e × the company's share of an operated site (Scope 1); t
        /// NOx; t CO2e of combustion and fuel upstream × its share of a
        /// rented site (category 1); t CO2e of fuel upstream × its share of
        /// an operated site (category 3).
        case fuelRate, co2Operated, ch4Operated, n2oOperated, noxRate, scope1Operated, generationRented, fuelUpstreamOperated
        /// Under the 2015 rule, the shares of consumption contracts (share
        /// and hourly supplies) cover and leave to the residual mix.
        case annualCoveredShare, annualResidualShare
        /// Per MWh of facility energy, t CO2e of a supplier's on-site units ×
        /// the company's share of an operated site (Scope 2 over a direct line).
        case supplierOperated
        /// The flat part of market-based Scope 2 under each rule: contracted
        /// grid electricity plus a supplier's on-site units.
        case annualMarketFlatOperated, hourlyMarketFlatOperated
    }

    /// Each field's value at its `rawValue` (at most 32 fields: one vector,
    /// copied without a per-field case).
    private var values = SIMD32<Double>()

    /// Every field 0 but the PUE, 1.
    public init() {
        self[.pue] = 1
    }

    @inline(__always)
    public subscript(field: Field) -> Double {
        get { values[field.rawValue] }
        set { values[field.rawValue] = newValue }
    }

    /// Coverage under the 2015 rule: the three `annual…` fields.
    public var annual: Coverage {
        get {
            Coverage(contracted: self[.annualContracted], uncovered: self[.annualUncovered], carbonFree: self[.annualCarbonFree],
                     coveredShare: self[.annualCoveredShare], residualShare: self[.annualResidualShare])
        }
        set {
            self[.annualContracted] = newValue.contracted; self[.annualUncovered] = newValue.uncovered; self[.annualCarbonFree] = newValue.carbonFree
            self[.annualCoveredShare] = newValue.coveredShare; self[.annualResidualShare] = newValue.residualShare
        }
    }

    /// Coverage under the October 2025 draft: the three `hourly…` fields.
    public var hourly: Coverage {
        get { Coverage(contracted: self[.hourlyContracted], uncovered: self[.hourlyUncovered], carbonFree: self[.hourlyCarbonFree]) }
        set { self[.hourlyContracted] = newValue.contracted; self[.hourlyUncovered] = newValue.uncovered; self[.hourlyCarbonFree] = newValue.carbonFree }
    }

    /// Every field, in `Field` order, at `out`.
    @inline(__always)
    func store(into out: UnsafeMutablePointer<Double>) {
        for f in 0..<Self.fieldCount { out[f] = values[f] }
    }

    static let fieldCount = Field.allCases.count

}

/// How contracts cover a site's consumption under one market-based rule,
/// per MWh of facility energy.
public struct Coverage: Sendable, Equatable {
    /// Σ covered share × the contract's intensity (t/MWh).
    public var contracted = 0.0
    /// The share nothing covers × the residual mix (t/MWh, before g(t)).
    public var uncovered = 0.0
    /// The share covered by contracts of zero intensity (carbon-free energy).
    public var carbonFree = 0.0
    /// The shares contracts cover and leave to the residual mix (they add up to 1).
    public var coveredShare = 0.0, residualShare = 1.0

    public init() {}

    public init(contracted: Double, uncovered: Double, carbonFree: Double, coveredShare: Double = 0, residualShare: Double = 1) {
        self.contracted = contracted; self.uncovered = uncovered; self.carbonFree = carbonFree
        self.coveredShare = coveredShare; self.residualShare = residualShare
    }

    /// Share contracts on what supply left: `remaining` of consumption is
    /// not covered by supply (whose covered share carries `supplied`
    /// intensity and `suppliedFree` carbon-free share). Shares summing to
    /// more than what remains cover it once: they are scaled down.
    @inline(__always)
    static func cover(_ shares: ShareSums, remaining: Double, residual: Double,
                      supplied: Double = 0, suppliedFree: Double = 0) -> Coverage {
        var sigma = shares.share, contracted = shares.contracted, free = shares.carbonFree
        if sigma > remaining {
            contracted = contracted * remaining / sigma
            free = free * remaining / sigma
            sigma = remaining
        }
        return Coverage(contracted: supplied + contracted, uncovered: (remaining - sigma) * residual,
                        carbonFree: suppliedFree + free, coveredShare: 1 - remaining + sigma, residualShare: remaining - sigma)
    }
}

/// Σσ, Σσ·I and Σσ of zero-intensity contracts over a set of share contracts.
struct ShareSums {
    var share = 0.0, contracted = 0.0, carbonFree = 0.0

    @inline(__always)
    mutating func add(share sigma: Double, intensity: Double) {
        share += sigma
        contracted += sigma * intensity
        if intensity == 0 { carbonFree += sigma }
    }
}

extension SitePlan {
    /// The one function that turns a draw into a site's values at step t
    /// (any t when `isConstantWithinDraw`). At a site with hourly supplies,
    /// `matched` gives what they cover at this step under each rule.
    @inline(__always)
    func values(_ v: UnsafeBufferPointer<Double>, at t: Int, matched: MatchedSupply? = nil, loadMW: Double = 0) -> SiteValues {
        var s = SiteValues()
        s[.pue] = pue.value(at: t, v)
        let shares = boundary.shares(v)
        if generation.isEmpty {
            s[.pueGrid] = s[.pue]
        } else {
            let g = generation.split(v, at: t, loadMW: loadMW)
            s[.pueGrid] = s[.pue] * (1 - g.onsite)
            s[.onsiteShare] = g.onsite
            s[.fuelRate] = g.fuel
            s[.co2Operated] = g.co2 * shares.operated
            s[.ch4Operated] = g.ch4 * shares.operated
            s[.n2oOperated] = g.n2o * shares.operated
            s[.noxRate] = g.nox
            s[.scope1Operated] = g.co2e * shares.operated
            s[.generationRented] = (g.co2e + g.supplierCO2e + g.upstream) * shares.rented
            s[.supplierOperated] = g.supplierCO2e * shares.operated
            s[.fuelUpstreamOperated] = g.upstream * shares.operated
        }
        s[.pueOperated] = s[.pueGrid] * shares.operated
        s[.pueRented] = s[.pueGrid] * shares.rented
        s[.wue] = wue?.value(at: t, v) ?? 0
        s[.intensity] = v[intensity]
        s[.upstream] = upstream.map { v[$0] } ?? 0
        s[.gridWater] = gridWater.map { v[$0] } ?? 0
        var all = ShareSums(), eligible = ShareSums()
        for c in contracts {
            let sigma = c.share.value(at: t, v), i = v[c.intensity]
            all.add(share: sigma, intensity: i)
            // Under the draft rule an annual certificate counts for nothing,
            // unless it delivers in every hour or is grandfathered.
            if c.countsHourly { eligible.add(share: sigma, intensity: i) }
        }
        let residual = v[self.residual]
        if let m = matched {
            s.annual = .cover(all, remaining: m.annual.remaining, residual: residual,
                              supplied: m.annual.intensity, suppliedFree: m.annual.carbonFree)
            s.hourly = .cover(eligible, remaining: m.hourly.remaining, residual: residual,
                              supplied: m.hourly.intensity, suppliedFree: m.hourly.carbonFree)
        } else {
            s.annual = .cover(all, remaining: 1, residual: residual)
            s.hourly = .cover(eligible, remaining: 1, residual: residual)
        }
        s[.annualMarketFlatOperated] = s[.pueOperated] * s[.annualContracted] + s[.pue] * s[.supplierOperated]
        s[.hourlyMarketFlatOperated] = s[.pueOperated] * s[.hourlyContracted] + s[.pue] * s[.supplierOperated]
        return s
    }
}

/// What a site's hourly supplies cover at one step, under each rule.
struct MatchedSupply {
    struct Part {
        /// The share of consumption supply leaves uncovered.
        var remaining = 1.0
        /// Σ covered × intensity ÷ consumption (t/MWh).
        var intensity = 0.0
        /// Covered by zero-intensity supply ÷ consumption.
        var carbonFree = 0.0
    }

    var annual = Part()
    var hourly = Part()
}
