import Foundation

/// What one fleet's draw fixes: power per unit, embodied per unit and hour.
public struct FleetDraw: Sendable, BitwiseCopyable {
    let powerW: Double
    let fullPowerW: Double
    let upfrontPerUnitT: Double
    let amortizedPerUnitHourT: Double
    let exaflopPerUnitHour: Double
    /// Upfront embodied carbon the company counts in Scope 3 category 2
    /// (hardware of a site it operates), and amortized embodied carbon it
    /// counts in category 1 (hardware of capacity it rents).
    let upfrontOperatedPerUnitT: Double
    let amortizedRentedPerUnitHourT: Double

    /// The per-unit figures metrics' formulas may multiply by.
    public enum Field: Sendable, BitwiseCopyable {
        /// 1 (accelerator-hours are unit-hours).
        case one
        /// Upfront embodied carbon per unit arriving (t).
        case upfrontEmbodiedT
        /// Amortized embodied carbon per installed unit-hour (t).
        case amortizedEmbodiedT
        /// Compute per installed unit-hour (EFLOP): delivered where the
        /// fleet gives its FLOP utilization, else at peak FLOP/s.
        case exaflop
        /// Upfront embodied carbon per unit arriving at an operated site, × the company's share (t).
        case upfrontOperatedT
        /// Amortized embodied carbon per unit-hour of rented capacity, × the company's share (t).
        case amortizedRentedT
        /// Power per unit as drawn at the fleet's utilization (MW).
        case powerMW
        /// Power per unit at full load: TDP + host + network, or the measured average (MW).
        case fullPowerMW
    }

    @inline(__always)
    subscript(field: Field) -> Double {
        switch field {
        case .one: 1
        case .upfrontEmbodiedT: upfrontPerUnitT
        case .amortizedEmbodiedT: amortizedPerUnitHourT
        case .exaflop: exaflopPerUnitHour
        case .upfrontOperatedT: upfrontOperatedPerUnitT
        case .amortizedRentedT: amortizedRentedPerUnitHourT
        case .powerMW: powerW * 1e-6
        case .fullPowerMW: fullPowerW * 1e-6
        }
    }

    static let zero = FleetDraw(powerW: 0, fullPowerW: 0, upfrontPerUnitT: 0, amortizedPerUnitHourT: 0, exaflopPerUnitHour: 0,
                                upfrontOperatedPerUnitT: 0, amortizedRentedPerUnitHourT: 0)

    private init(powerW: Double, fullPowerW: Double, upfrontPerUnitT: Double, amortizedPerUnitHourT: Double, exaflopPerUnitHour: Double,
                 upfrontOperatedPerUnitT: Double, amortizedRentedPerUnitHourT: Double) {
        self.powerW = powerW; self.fullPowerW = fullPowerW; self.upfrontPerUnitT = upfrontPerUnitT
        self.amortizedPerUnitHourT = amortizedPerUnitHourT; self.exaflopPerUnitHour = exaflopPerUnitHour
        self.upfrontOperatedPerUnitT = upfrontOperatedPerUnitT; self.amortizedRentedPerUnitHourT = amortizedRentedPerUnitHourT
    }

    init(_ f: FleetInputs, _ v: UnsafeBufferPointer<Double>) {
        func value(_ slot: Int?) -> Double? { slot.map { v[$0] } }
        let u = value(f.utilization) ?? 1
        if let avg = value(f.avgPower) {
            powerW = avg
            fullPowerW = avg
        } else {
            let tdp = value(f.tdp) ?? 0, idle = value(f.idle) ?? 0, k = value(f.exponent) ?? 1
            let overhead = (value(f.host) ?? 0) + (value(f.network) ?? 0)
            powerW = PowerCurve.watts(idle: idle, full: tdp, exponent: k, utilization: u) + overhead
            fullPowerW = tdp + overhead
        }
        let embodiedKg = (value(f.embodied) ?? 0) + (value(f.hostEmbodied) ?? 0) + (value(f.networkEmbodied) ?? 0)
        let constructionKg = (value(f.construction) ?? 0) * fullPowerW * 1e-6
        upfrontPerUnitT = (embodiedKg + constructionKg) / 1000
        // An hour of use carries embodied / (life · hours per year · service utilization);
        // an installed hour has u hours of use. Without a service utilization
        // the fleet's own u is used, so the installed life carries it all.
        var perHour = 0.0
        if let life = value(f.serviceLife), life > 0 {
            if let su = value(f.serviceUtilization), su > 0 {
                perHour = embodiedKg * u / (life * TimeGrid.hoursPerYear * su)
            } else {
                perHour = embodiedKg / (life * TimeGrid.hoursPerYear)
            }
        }
        if let facilityLife = value(f.facilityLife), facilityLife > 0 {
            perHour += constructionKg / (facilityLife * TimeGrid.hoursPerYear)
        }
        amortizedPerUnitHourT = perHour / 1000
        // TFLOP/s × 3600 s = 3.6e15 FLOP = 3.6e-3 EFLOP per busy hour at
        // peak; × the FLOP utilization, where given, for delivered FLOP.
        exaflopPerUnitHour = (value(f.peakTflops) ?? 0) * 3.6e-3 * u * (value(f.flopUtilization) ?? 1)
        let shares = f.boundary.shares(v)
        upfrontOperatedPerUnitT = upfrontPerUnitT * shares.operated
        amortizedRentedPerUnitHourT = amortizedPerUnitHourT * shares.rented
    }
}
