import Foundation

/// An accelerator's power at utilization u:
/// `P(u) = P_idle + (P_max − P_idle) · u^k`, with `P_idle` = `idle_w`,
/// `P_max` = `tdp_w` and `k` = `power_exponent` (1: linear). The one
/// definition: the engine's draws and the fit to telemetry both use it.
public enum PowerCurve {
    /// P(u) in watts. u is in [0, 1] for a real load; the formula itself
    /// takes any u where `pow(u, k)` is defined.
    @inline(__always)
    public static func watts(idle: Double, full: Double, exponent k: Double, utilization u: Double) -> Double {
        idle + (full - idle) * pow(u, k)
    }
}
