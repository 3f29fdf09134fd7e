import ArgumentParser
import Foundation
import FootprintModel
import FootprintReport

/// `footprint goal-seek`: the value of one input that brings a result to a target.
struct GoalSeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goal-seek",
        abstract: "Find the value of one input that brings a result to a target (central values, Brent's method).",
        discussion: """
        Every other input stays at its central value, so there are no draws.

        Examples:
          footprint goal-seek --vary sites.aws-us-east-1.contracts.0.share \\
              --metric emissions_market_tco2e:2027 --target 4e6
          footprint goal-seek Models/gpt3-training.yaml \\
              --vary sites.microsoft-datacenter.pue \\
              --metric energy_facility_mwh --target 1300 --between 1:2
        """
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "The input to solve for, by its --set path.")
    var vary: String

    @Option(help: "The result, e.g. emissions_market_tco2e or emissions_market_tco2e:2030.")
    var metric: MetricArgument

    @Option(help: "The value the result must reach.")
    var target: Double

    @Option(help: "The bracket LO:HI to search (default: the input's allowed range, or a decade either side of its central value).")
    var between: String?

    @OptionGroup var output: OutputOptions<TableOrJSON>

    func bracket() throws -> (Double, Double)? {
        guard let between else { return nil }
        let parts = between.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo < hi else {
            throw ValidationError("--between takes LO:HI with LO < HI, e.g. 0:1, not '\(between)'.")
        }
        return (lo, hi)
    }

    func validate() throws { _ = try bracket() }

    func run() throws {
        let plan = try model.plan()
        let s: GoalSeek.Solution
        do { s = try GoalSeek.solve(plan, parameter: vary, metric: metric.selector, target: target, between: bracket()) } catch let e as GoalSeek.Failure {
            // The model speaks of the bracket; the command line names its option.
            var message = "\(e)"
            if case .notReachable = e { message += " The bracket is set with --between LO:HI." }
            throw CommandError.evaluation(file: model.model, message: message)
        } catch let e as ShortfallError {
            throw DrawOptions.refusal(e, plan)
        }
        switch output.format {
        case .json:
            var w = JSONWriter()
            w.open()
            w.value("parameter", s.parameter)
            w.value("value", s.value)
            w.value("metric", s.metric.description)
            w.value("target", s.target)
            w.value("achieved", s.achieved)
            w.close()
            try output.write(w.text + "\n")
        case .table:
            let f = { HumanNumber.format($0, significant: 6) }
            try output.write("\(s.parameter) = \(f(s.value)) brings \(s.metric) to \(f(s.achieved)) (target \(f(s.target)))\n")
        }
    }
}
