import Foundation
import FootprintModel
import GSL

/// `footprint calibrate`'s output: a fitted power curve as a catalog block
/// (YAML, to paste into Models/catalog/accelerators.yaml) or as JSON with
/// the fit's statistics and the same block.
public enum CalibrationExport {
    public static let model = "P(u) = idle_w + (tdp_w - idle_w) * u^power_exponent"

    /// One line naming the file and the fit, the `source` of every value.
    public static func source(_ fit: PowerCurveFit, file: String) -> String {
        let u = fit.utilizationRange
        let extrapolated = u.upperBound < 0.95 ? "; tdp_w extrapolated to u = 1" : ""
        return "fit of \(file) (\(fit.points) points, utilization \(fixed(u.lowerBound, 2))-\(fixed(u.upperBound, 2))\(extrapolated), "
            + "RSE \(significant(fit.residualStandardErrorW)) W, R² \(fixed(fit.rSquared, 4))), footprint calibrate: \(model) "
            + "by GSL nonlinear least squares; sd = the fit's standard error"
    }

    /// The catalog block under `key`, with comments giving the estimates,
    /// their standard errors and correlations, and the goodness of fit.
    public static func yaml(_ fit: PowerCurveFit, file: String, key: String) -> String {
        let d = fit.catalogDistributions
        let src = JSONWriter.quote(source(fit, file: file))
        func flow(_ dist: ProbabilityDistribution) -> String {
            "{" + parameters(dist).map { "\($0.0): \($0.1)" }.joined(separator: ", ") + ", source: \(src)}"
        }
        return """
        # footprint calibrate: \(model)
        # fitted to \(file): \(fit.points) points, utilization \(fixed(fit.utilizationRange.lowerBound, 2)) to \(fixed(fit.utilizationRange.upperBound, 2))
        # estimate ± standard error: \(summary(fit))
        # correlations: \(correlations(fit))
        # residual standard error \(significant(fit.residualStandardErrorW)) W, R² \(fixed(fit.rSquared, 4)), \(fit.iterations) iterations
        # Standard errors assume independent readings; readings a second apart are often correlated, which makes them too small.
        # Add name, vendor, host_w, network_w and the other fields before adding it to the catalog.
        \(key):
          note: \(JSONWriter.quote("power curve calibrated from telemetry (\(file))"))
          idle_w: \(flow(d.idleW))
          tdp_w: \(flow(d.tdpW))
          power_exponent: \(flow(d.powerExponent))

        """
    }

    /// The fit's statistics and the catalog block, as JSON.
    public static func json(_ fit: PowerCurveFit, file: String, key: String) -> String {
        var w = JSONWriter()
        w.open()
        w.value("file", file)
        w.value("model", model)
        w.value("points", fit.points)
        w.value("utilization_min", fit.utilizationRange.lowerBound)
        w.value("utilization_max", fit.utilizationRange.upperBound)
        w.open("parameters")
        for (name, e) in estimates(fit) {
            w.open(name)
            w.value("estimate", e.value)
            w.value("standard_error", e.standardError)
            w.close()
        }
        w.close()
        w.open("covariance", array: true)
        for row in fit.covariance {
            w.open(array: true)
            for x in row { w.value(nil, x) }
            w.close(array: true)
        }
        w.close(array: true)
        w.value("residual_standard_error_w", fit.residualStandardErrorW)
        w.value("r_squared", fit.rSquared)
        w.value("iterations", fit.iterations)
        w.open("catalog")
        w.open(key)
        let d = fit.catalogDistributions
        for (name, dist) in [("idle_w", d.idleW), ("tdp_w", d.tdpW), ("power_exponent", d.powerExponent)] {
            w.open(name)
            for (p, text) in parameters(dist) {
                if let x = Double(text) { w.value(p, x) } else { w.value(p, text) }
            }
            w.value("source", source(fit, file: file))
            w.close()
        }
        w.close()
        w.close()
        w.close()
        return w.text + "\n"
    }

    static func estimates(_ fit: PowerCurveFit) -> [(String, PowerCurveFit.Estimate)] {
        [("idle_w", fit.idleW), ("tdp_w", fit.tdpW), ("power_exponent", fit.powerExponent)]
    }

    /// `idle_w 100.3 ± 0.52 W, ...`, rounded as the block is.
    static func summary(_ fit: PowerCurveFit) -> String {
        estimates(fit).map { name, e in
            let d = PowerCurveFit.decimals(forStandardError: e.standardError)
            return "\(name) \(fixed(e.value, d)) ± \(fixed(e.standardError, d))\(name == "power_exponent" ? "" : " W")"
        }.joined(separator: ", ")
    }

    static func correlations(_ fit: PowerCurveFit) -> String {
        let c = fit.covariance
        guard c.count == 3 else { return "none (no residual degrees of freedom)" }
        func r(_ i: Int, _ j: Int) -> String { fixed(c[i][j] / (c[i][i] * c[j][j]).squareRoot(), 2) }
        return "idle_w-tdp_w \(r(0, 1)), idle_w-power_exponent \(r(0, 2)), tdp_w-power_exponent \(r(1, 2))"
    }

    /// A distribution's keys as the loader reads them, values as written.
    static func parameters(_ d: ProbabilityDistribution) -> [(String, String)] {
        let f = formatNumber
        switch d {
        case let .normal(m, s): return [("dist", "normal"), ("mean", f(m)), ("sd", f(s))]
        case let .pert(a, c, b): return [("dist", "pert"), ("min", f(short(a))), ("mode", f(c)), ("max", f(short(b)))]
        default: return [("dist", "\(d)")]
        }
    }

    /// `x` to six decimals: PERT bounds are estimate ± √7·se, irrational,
    /// so shortened for reading. The idle max and TDP min, both equal to the
    /// split point when truncated, round alike and stay ordered.
    static func short(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }

    static func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }

    /// Three significant digits.
    static func significant(_ x: Double) -> String {
        guard x > 0, x.isFinite else { return formatNumber(x) }
        return fixed(x, max(0, 2 - Int(log10(x).rounded(.down))))
    }
}
