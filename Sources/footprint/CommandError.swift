import FootprintLoading
import FootprintModel

/// Why a command failed, said to its user. Commands throw it; only
/// `Footprint.main` prints it (to standard error) and exits with status 1.
enum CommandError: Error, CustomStringConvertible {
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

    var description: String {
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
