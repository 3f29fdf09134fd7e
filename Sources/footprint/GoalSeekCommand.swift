import ArgumentParser
import Foundation
import FootprintCommands
import FootprintModel
import FootprintReport

/// `footprint goal-seek`: the value of one input that brings a result to a target.
struct GoalSeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goal-seek",
        abstract: "Find the value of one input that brings a result to a target (central values or a Monte Carlo statistic, Brent's method).",
        discussion: """
        Without --stat every other input stays at its central value, so there are \
        no draws. With --stat mean|p5|p50|p95 the statistic of a Monte Carlo of \
        --samples draws from --seed is solved for, the sought input held at each \
        trial value in every draw (common random numbers: the statistic is a \
        deterministic function of the input). The target takes a unit (300kt, \
        0.3 MtCO2e, 1.2 TWh); without one it is in the metric's unit.

        Examples:
          footprint goal-seek --vary sites.aws-us-east-1.contracts.0.share \\
              --metric emissions_market_tco2e:2027 --target 4Mt
          footprint goal-seek Models/gpt3-training.yaml \\
              --vary sites.microsoft-datacenter.pue \\
              --metric energy_facility_mwh --target 1300 --between 1:2
          footprint goal-seek --vary sites.texas-nvidia.pue \\
              --metric emissions_scope2_location_tco2e:2028 \\
              --target '4 Mt' --stat p95 --samples 400
        """
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "The input to solve for, by its --set path.")
    var vary: String

    @Option(help: "The result, e.g. emissions_market_tco2e or emissions_market_tco2e:2030.")
    var metric: MetricArgument

    @Option(parsing: .unconditional, help: "The value the result must reach, with a unit (300kt, 0.3 MtCO2e, 1.2 TWh) or in the metric's unit.")
    var target: String

    @Option(help: "The bracket LO:HI to search (default: the input's allowed range, or from its lower limit to ten times its central value).")
    var between: String?

    @Option(help: "Solve for this statistic of the Monte Carlo: mean, p5, p50 or p95 (default: central values, no draws).")
    var stat: GoalSeek.Statistic?

    @Option(parsing: .unconditional, help: "Monte Carlo draws for --stat (default: the scenario's samples).")
    var samples: Int?

    @Option(parsing: .unconditional, help: "Random seed for --stat (default: the scenario's seed).")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Worker threads for --stat (default: all cores). Results do not depend on it.")
    var threads: Int?

    @OptionGroup var output: OutputOptions<TableOrJSON>

    func bracket() throws -> (Double, Double)? {
        guard let between else { return nil }
        let parts = between.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo < hi else {
            throw ValidationError("--between takes LO:HI with LO < HI, e.g. 0:1, not '\(between)'.")
        }
        return (lo, hi)
    }

    func validate() throws {
        _ = try bracket()
        if stat == nil, samples != nil || seed != nil || threads != nil {
            throw ValidationError("--samples, --seed and --threads apply to --stat (a statistic of the Monte Carlo); without --stat goal seek uses central values and draws nothing.")
        }
        if let samples, samples < 2 { throw ValidationError("--samples \(samples): a statistic needs at least 2 draws.") }
        if let threads, threads < 1 { throw ValidationError("--threads \(threads): give 1 or more.") }
    }

    func run() throws {
        var plan = try model.plan()
        // An input the file leaves at its default is not in the model: with
        // --between it is set to the bracket's low end first, then sought.
        if plan.slot(of: vary) == nil, let (lo, _) = try bracket(),
           let withInput = try? compile(model.model, overrides: model.overrides + ["\(vary)=\(lo)"]), withInput.slot(of: vary) != nil {
            plan = withInput
        }
        let unit = metric.selector.unit
        let target: Double
        switch UnitValue.parse(self.target, in: unit) {
        case let .success(x): target = x
        case let .failure(e): throw CommandError.evaluation(file: model.model, message: "--target: \(e)")
        }
        let samples = self.samples ?? plan.scenario.samples, seed = self.seed ?? plan.scenario.seed
        if stat != nil { try checkResources(plan.scenario, samples: samples, outputs: .totals, threads: threads ?? MonteCarlo.defaultThreads) }
        let s: GoalSeek.Solution
        do {
            s = try GoalSeek.solve(plan, parameter: vary, metric: metric.selector, target: target, between: bracket(),
                                   statistic: stat, samples: samples, seed: seed, threads: threads ?? MonteCarlo.defaultThreads)
        } catch let e as GoalSeek.Failure {
            throw CommandError.evaluation(file: model.model, message: Self.words(e, plan: plan, metric: metric.selector, stat: stat, unit: unit))
        } catch let e as ShortfallError {
            throw DrawOptions.refusal(e, plan)
        }
        let label = stat.map { " (\($0.label))" } ?? ""
        switch output.format {
        case .json:
            var w = JSONWriter()
            w.open()
            w.value("parameter", s.parameter)
            w.value("value", s.value)
            w.value("metric", s.metric.description)
            w.value("statistic", stat?.rawValue ?? "central")
            w.value("unit", unit)
            w.value("target", s.target)
            w.value("achieved", s.achieved)
            w.close()
            try output.write(w.text + "\n")
        case .table:
            let u = DisplayUnit.of(unit: unit, maximum: abs(s.target))
            let inputUnit = plan.parameters[plan.slot(of: s.parameter)!].unit
            try output.write("\(s.parameter) = \(HumanNumber.trimmed(s.value, significant: 6))\(inputUnit.isEmpty ? "" : " " + inputUnit) brings \(s.metric)\(label) to "
                + "\(HumanNumber.trimmed(s.achieved * u.scale, significant: 6)) \(u.name) (target \(HumanNumber.trimmed(s.target * u.scale, significant: 6)) \(u.name))\n")
        }
    }

    /// An unreachable target in the metric's units, at the end that stops
    /// it, with the inputs whose swings could reach it.
    static func words(_ e: GoalSeek.Failure, plan: EvaluationPlan, metric: MetricSelector, stat: GoalSeek.Statistic?, unit: String) -> String {
        guard case let .notReachable(path, lo, hi, atLo, atHi, target, loLimit, hiLimit) = e else { return "\(e)" }
        let u = DisplayUnit.of(unit: unit, maximum: max(abs(atLo), abs(atHi), abs(target)))
        func v(_ x: Double) -> String { "\(HumanNumber.trimmed(x * u.scale, significant: 4)) \(u.name)" }
        let what = "\(metric)\(stat.map { " (\($0.label))" } ?? "")"
        // The end whose figure is nearer the target is the one that stops it.
        let nearLower = abs(atLo - target) <= abs(atHi - target)
        let (end, at, isLimit) = nearLower ? (lo, atLo, loLimit) : (hi, atHi, hiLimit)
        let endWords = "\(path) = \(HumanNumber.trimmed(end, significant: 6))"
        var m: String
        if isLimit {
            m = "even at \(endWords) (its \(nearLower ? "lower" : "upper") limit), \(what) is \(v(at)); \(v(target)) needs another input"
        } else {
            m = "the target \(v(target)) is not reached with \(path) between \(HumanNumber.trimmed(lo, significant: 6)) and \(HumanNumber.trimmed(hi, significant: 6)): "
                + "\(what) goes from \(v(atLo)) to \(v(atHi)); at \(endWords) (the end of the range searched) it is \(v(at)). Widen the range with --between LO:HI, or choose another input"
        }
        // Inputs whose P10–P90 swing moves the metric toward the target, largest first.
        if let tornado = try? ScenarioSensitivity.tornado(plan, metric: metric) {
            let central = metric.value(Engine(plan: plan).evaluateCentral(), plan: plan)
            let up = target > central
            let toward = tornado.filter { e in
                e.parameter != path && e.swing > 0 && (up ? max(e.atLow, e.atHigh) > central : min(e.atLow, e.atHigh) < central)
            }.prefix(3)
            if !toward.isEmpty {
                m += ". Inputs that move it toward the target (P10 to P90, others central): "
                    + toward.map { "\($0.parameter) (\(v($0.atLow)) to \(v($0.atHigh)))" }.joined(separator: ", ")
            }
        }
        return m + "."
    }
}

extension GoalSeek.Statistic: ExpressibleByArgument {}
