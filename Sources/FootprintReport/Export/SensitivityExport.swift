import FootprintModel

/// Sensitivity results as JSON (the contract of the uncertainty issue) and
/// as terminal tables.
public enum SensitivityExport {
    public static func sobolJSON(_ entries: [ScenarioSensitivity.SobolEntry], metric: MetricSelector, samples: Int) -> String {
        var w = JSONWriter()
        w.open()
        w.value("metric", metric.description)
        w.value("method", "sobol")
        w.value("samples", samples)
        w.open("indices", array: true)
        for e in entries {
            w.open()
            w.value("parameter", e.parameter)
            w.value("first_order", e.index.firstOrder)
            w.value("total", e.index.total)
            w.open("first_order_ci", array: true)
            w.value(nil, e.index.firstOrderInterval.0)
            w.value(nil, e.index.firstOrderInterval.1)
            w.close(array: true)
            w.open("total_ci", array: true)
            w.value(nil, e.index.totalInterval.0)
            w.value(nil, e.index.totalInterval.1)
            w.close(array: true)
            w.close()
        }
        w.close(array: true)
        w.close()
        return w.text + "\n"
    }

    public static func sobolTable(_ entries: [ScenarioSensitivity.SobolEntry], metric: MetricSelector, samples: Int) -> String {
        let sorted = entries.sorted { $0.index.total > $1.index.total }
        let width = max(9, sorted.map(\.parameter.count).max() ?? 0)
        var out = "Sobol indices of \(metric), N = \(samples) (95 % bootstrap intervals), by total index\n\n"
        // The first-order column is as wide as its widest cell (negative
        // estimates are wider) and a space, never cut: at least 21 characters.
        let first = sorted.map { "\(f($0.index.firstOrder)) [\(f($0.index.firstOrderInterval.0)), \(f($0.index.firstOrderInterval.1))]" }
        let column = max(21, (first.map(\.count).max() ?? 0) + 1)
        out += "parameter".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "first-order".padding(toLength: column, withPad: " ", startingAt: 0) + "total\n"
        for (e, cell) in zip(sorted, first) {
            let i = e.index
            out += e.parameter.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            out += cell.padding(toLength: column, withPad: " ", startingAt: 0)
            out += "\(f(i.total)) [\(f(i.totalInterval.0)), \(f(i.totalInterval.1))]\n"
        }
        return out
    }

    public static func tornadoJSON(_ entries: [ScenarioSensitivity.TornadoEntry], metric: MetricSelector) -> String {
        var w = JSONWriter()
        w.open()
        w.value("metric", metric.description)
        w.value("method", "tornado")
        w.open("swings", array: true)
        for e in entries {
            w.open()
            w.value("parameter", e.parameter)
            w.value("input_p10", e.lowInput)
            w.value("input_p90", e.highInput)
            w.value("metric_at_p10", e.atLow)
            w.value("metric_at_p90", e.atHigh)
            w.value("swing", e.swing)
            w.close()
        }
        w.close(array: true)
        w.close()
        return w.text + "\n"
    }

    public static func tornadoTable(_ entries: [ScenarioSensitivity.TornadoEntry], metric: MetricSelector) -> String {
        let width = max(9, entries.map(\.parameter.count).max() ?? 0)
        // One unit for the metric's figures; digits enough that an input's
        // two figures never print the same when they differ.
        let u = DisplayUnit.of(unit: metric.unit, maximum: entries.map { max(abs($0.atLow), abs($0.atHigh)) }.max() ?? 0)
        let digits = HumanNumber.distinguishing(entries.map { [$0.atLow * u.scale, $0.atHigh * u.scale] }, minimum: 3)
        var out = "Tornado of \(metric) (\(u.name)): each input at P10 and P90, others central; largest swing first\n\n"
        for e in entries {
            out += e.parameter.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            out += "\(u.format(e.atLow, significant: digits)) … \(u.format(e.atHigh, significant: digits)) \(u.name)  (input \(HumanNumber.format(e.lowInput)) … \(HumanNumber.format(e.highInput)); swing \(u.format(e.swing, significant: 3)) \(u.name))\n"
        }
        return out
    }

    static func f(_ x: Double) -> String {
        let r = (x * 1000).rounded() / 1000
        var s = "\(r == 0 ? 0 : r)"
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < 3 { s += String(repeating: "0", count: 3 - decimals) }
        } else { s += ".000" }
        return s
    }
}
