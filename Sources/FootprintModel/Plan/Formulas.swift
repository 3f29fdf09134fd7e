import Foundation
import GSL

/// The metrics' definitions as the draw loops read them: each formula
/// kind as a list of metrics, energy metrics numbered 0..<E.
struct Formulas: Sendable {
    /// The energy metrics; their rates are in `rateOperands`.
    let energy: [Metric]
    /// The rates as a table: energy metric e's part k (flat, trajectory,
    /// shaped) is `values[rateOperands[6e + 2k]] × values[rateOperands[6e + 2k + 1]]`,
    /// `values` a site's values in `SiteValues.Field` order, then 1 (at
    /// `one`), then 0 (at `zero`): a part of one factor a is a × 1, an
    /// empty product 1 × 1, an absent part 0 × 1 — each exactly the value.
    let rateOperands: [Int]
    static let one = SiteValues.fieldCount, zero = one + 1, valueCount = one + 2
    /// Each peak's metric, the index of its energy metric among `energy`,
    /// and the per-unit power it is multiplied by.
    let peaks: [(metric: Metric, energy: Int, perUnit: FleetDraw.Field)]
    let perUnitHour: [(metric: Metric, field: FleetDraw.Field)]
    let perArrival: [(metric: Metric, field: FleetDraw.Field)]
    let sums: [(metric: Metric, parts: [Metric])]

    init() {
        var energy: [Metric] = [], rates: [(flat: [SiteValues.Field]?, trajectory: [SiteValues.Field]?, shaped: [SiteValues.Field]?)] = []
        var perUnitHour: [(Metric, FleetDraw.Field)] = [], perArrival: [(Metric, FleetDraw.Field)] = []
        var peakOf: [(Metric, Metric, FleetDraw.Field)] = [], sums: [(Metric, [Metric])] = []
        for m in Metric.allCases {
            switch m.definition.formula {
            case let .energy(flat, trajectory, shaped): energy.append(m); rates.append((flat, trajectory, shaped))
            case let .perUnitHour(field): perUnitHour.append((m, field))
            case let .perArrival(field): perArrival.append((m, field))
            case let .peak(of, perUnit): peakOf.append((m, of, perUnit))
            case let .sum(parts): sums.append((m, parts))
            // A sum of nothing: zero in every fleet's row.
            case .site: sums.append((m, []))
            }
        }
        self.energy = energy
        rateOperands = rates.flatMap { rate in
            [rate.flat, rate.trajectory, rate.shaped].flatMap { part -> [Int] in
                guard let part else { return [Self.zero, Self.one] }
                precondition(part.count <= 2, "a rate's part is a product of at most two site values")
                return part.map(\.rawValue) + repeatElement(Self.one, count: 2 - part.count)
            }
        }
        self.perUnitHour = perUnitHour.map { (metric: $0.0, field: $0.1) }
        self.perArrival = perArrival.map { (metric: $0.0, field: $0.1) }
        self.peaks = peakOf.map { peak in
            guard let e = energy.firstIndex(of: peak.1) else { preconditionFailure("\(peak.0.key): a peak is of an energy metric") }
            return (metric: peak.0, energy: e, perUnit: peak.2)
        }
        self.sums = sums.map { (metric: $0.0, parts: $0.1) }
    }

    /// Whether energy metric e's rate has only a flat part (no g(t), no π(t)).
    func isFlat(_ e: Int) -> Bool {
        rateOperands[6 * e + 2] == Self.zero && rateOperands[6 * e + 4] == Self.zero
    }

    /// Per (fleet, period) sums: one per energy metric (Σ unit-hours ×
    /// rate), then unit-hours, arrivals, and the peak of unit-hours per
    /// hour × the peak metric's rate.
    var width: Int { energy.count + 2 + peaks.count }
    var unitHoursIndex: Int { energy.count }
    var arrivalsIndex: Int { energy.count + 1 }
    /// The first peak's index; peak i is at `peakIndex + i`.
    var peakIndex: Int { energy.count + 2 }
}
