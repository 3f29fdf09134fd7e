/// A small SVG writer for report charts: no scripts, no external fonts
/// (a generic font family), a `viewBox` so charts scale, a `<title>` for
/// accessibility, and coordinates printed with one decimal, so output is
/// byte-identical for identical input.
public struct SVGDocument {
    public let width: Double
    public let height: Double
    private var body: [String] = []

    public init(width: Double, height: Double, title: String, description: String? = nil) {
        self.width = width
        self.height = height
        body.append("<title>\(Self.escape(title))</title>")
        if let description { body.append("<desc>\(Self.escape(description))</desc>") }
        body.append("<rect x=\"0\" y=\"0\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"#ffffff\"/>")
    }

    /// One decimal, no trailing ".0", no locale.
    public static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = Int((x * 10).rounded())
        let a = abs(r)
        return (r < 0 ? "-" : "") + String(a / 10) + (a % 10 == 0 ? "" : "." + String(a % 10))
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        var s = "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        body.append(s + "/>")
    }

    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, title: String? = nil) {
        var r = "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, w)))\" height=\"\(Self.n(max(0, h)))\" fill=\"\(fill)\""
        if let stroke { r += " stroke=\"\(stroke)\"" }
        if let title { body.append(r + "><title>\(Self.escape(title))</title></rect>") } else { body.append(r + "/>") }
    }

    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
        let p = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        var s = "<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\" stroke-linejoin=\"round\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        body.append(s + "/>")
    }

    public mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double = 1) {
        let p = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        body.append("<polygon points=\"\(p)\" fill=\"\(fill)\" fill-opacity=\"\(Self.n(opacity))\" stroke=\"none\"/>")
    }

    public mutating func circle(_ x: Double, _ y: Double, _ r: Double, fill: String) {
        body.append("<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(r))\" fill=\"\(fill)\"/>")
    }

    public enum Anchor: String { case start, middle, end }

    public mutating func text(_ x: Double, _ y: Double, _ s: String, size: Double = 12, anchor: Anchor = .start,
                              weight: String? = nil, fill: String = "#222222", rotate: Double? = nil) {
        var t = "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-family=\"sans-serif\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
        if let weight { t += " font-weight=\"\(weight)\"" }
        if let rotate { t += " transform=\"rotate(\(Self.n(rotate)) \(Self.n(x)) \(Self.n(y)))\"" }
        body.append(t + ">\(Self.escape(s))</text>")
    }

    public var text: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" role=\"img\">\n"
            + body.joined(separator: "\n") + "\n</svg>\n"
    }
}

/// "Nice" axis ticks: 1, 2 or 5 × 10^k steps covering [lo, hi].
public enum AxisTicks {
    public static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo, hi.isFinite, lo.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(max(1, count))
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        var out: [Double] = []
        var v = (lo / step).rounded(.down) * step
        while v <= hi + step * 1e-9 {
            if v >= lo - step * 1e-9 { out.append(abs(v) < step * 1e-9 ? 0 : v) }
            v += step
        }
        return out
    }

    /// The upper end of an axis from 0 that shows `maximum` with headroom.
    public static func niceMaximum(_ maximum: Double) -> Double {
        guard maximum > 0, maximum.isFinite else { return 1 }
        let t = ticks(0, maximum * 1.05)
        guard let last = t.last, t.count >= 2 else { return maximum * 1.1 }
        return last >= maximum ? last : last + (t[1] - t[0])
    }
}
