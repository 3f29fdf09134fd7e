import Foundation

/// A number a user typed with a unit ("300kt", "300 ktCO2e", "0.3 Mt",
/// "1.2 TWh"), in a metric's own unit (tCO2e, MWh, MW, m³, ...).
public enum UnitValue {
    /// SI prefixes a unit may carry.
    static let prefixes: [(String, Double)] = [("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3), ("m", 1e-3), ("µ", 1e-6), ("", 1)]

    /// `text` in `unit`; nil, with why, when it is not a number with a unit
    /// of that kind.
    public static func parse(_ text: String, in unit: String) -> Result<Double, UnitValueError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // The longest leading part that reads as a number.
        var split = trimmed.endIndex
        while split > trimmed.startIndex, Double(trimmed[..<split]) == nil { split = trimmed.index(before: split) }
        guard split > trimmed.startIndex, let number = Double(trimmed[..<split]), number.isFinite else {
            return .failure(UnitValueError("'\(text)' is not a number with a unit (e.g. 300kt, 0.3 Mt, 1.2 TWh)"))
        }
        let given = trimmed[split...].trimmingCharacters(in: .whitespaces)
        if given.isEmpty { return .success(number) }
        guard let factor = factor(given, to: unit) else {
            return .failure(UnitValueError("'\(given)' is not a unit of \(unit): use \(examples(unit))"))
        }
        return .success(number * factor)
    }

    /// How many of `unit` one `given` is; nil when they are not the same kind.
    static func factor(_ given: String, to unit: String) -> Double? {
        guard let (baseCore, basePrefix) = core(of: unit), let (givenCore, givenPrefix) = core(of: given, like: baseCore) else { return nil }
        return givenCore == baseCore ? givenPrefix / basePrefix : nil
    }

    /// A unit's core (t, Wh, W, m³, g, ...) and the factor of its prefix;
    /// CO2e after a mass is optional.
    static func core(of unit: String, like wanted: String? = nil) -> (String, Double)? {
        var u = unit.replacingOccurrences(of: "m3", with: "m³")
        for suffix in ["CO2e", "co2e", "CO2", "co2"] where u.hasSuffix(suffix) && u.count > suffix.count { u.removeLast(suffix.count); break }
        let cores = ["Wh", "W", "m³", "t", "g", "L", "h", "USD", "MMBtu", "EFLOP", "fraction", "prompts"]
        if cores.contains(u) { return (u, 1) }
        for (p, f) in prefixes where !p.isEmpty && u.hasPrefix(p) {
            let rest = String(u.dropFirst(p.count))
            if cores.contains(rest), wanted == nil || wanted == rest { return (rest, f) }
        }
        return nil
    }

    static func examples(_ unit: String) -> String {
        guard let (c, _) = core(of: unit) else { return unit }
        switch c {
        case "t": return "t, kt, Mt or Gt (CO2e optional: 300kt, 0.3 MtCO2e)"
        case "Wh": return "kWh, MWh, GWh or TWh"
        case "W": return "kW, MW or GW"
        default: return unit
        }
    }
}

public struct UnitValueError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
