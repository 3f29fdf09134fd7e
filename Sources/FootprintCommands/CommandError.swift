import FootprintLoading
import FootprintModel

/// Why a command failed, said to its user. Commands throw it; only
/// `Footprint.main` prints it (to standard error) and exits with status 1;
/// the explorer answers it as HTTP 400 with the same lines.
public enum CommandError: Error, CustomStringConvertible {
    /// Problems in a model, catalog or `--set` value, each already naming its
    /// `file:line:column` and key; overrides named with the option that gave them.
    case model(ModelErrors, option: String = "--set")
    /// Problems in a telemetry file (`calibrate`), each with its `file:line:column`.
    case telemetry(ModelErrors)
    /// A model that loads but cannot be evaluated or analysed as asked.
    case evaluation(file: String, message: String)
    /// An output that could not be written; nothing else was changed.
    case cannotWrite(path: String, reason: String)
    /// Every failure of a command that checks several files (`validate`).
    case several([CommandError])

    public var description: String {
        switch self {
        case let .model(errors, option): errors.message(overridesGivenWith: option)
        case let .telemetry(errors):
            (errors.issues.map(\.description) + ["\(errors.count) in the telemetry; nothing was fitted."]).joined(separator: "\n")
        case let .evaluation(file, message): "\(file): error: \(message)"
        case let .cannotWrite(path, reason): "\(path): error: cannot write: \(reason)"
        case let .several(errors): errors.map(\.description).joined(separator: "\n")
        }
    }
}

extension CommandError {
    /// Each line of the message, as the explorer lists them.
    public var lines: [String] { description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// An off-grid site's unserved load, as the error it is, with what to do.
    public static func shortfall(_ e: ShortfallError, _ plan: EvaluationPlan) -> CommandError {
        let site = plan.scenario.sites[e.shortfall.site].name
        return .evaluation(file: plan.scenario.file, message: e.description
            + ": raise sites.\(site).generation capacity_mw, add a unit, or lower the load (units, utilization, PUE). Nothing was written.")
    }
}
