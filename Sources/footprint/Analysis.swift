import ArgumentParser
import Foundation
import FootprintModel
import FootprintReport

struct MetricArgument: ExpressibleByArgument {
    let selector: MetricSelector
    init?(argument: String) {
        guard let s = MetricSelector(argument) else { return nil }
        selector = s
    }
    static var defaultValueDescription: String { "emissions_location_tco2e" }
}

struct Sensitivity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Which uncertain inputs move a result most (Sobol indices or tornado).",
        discussion: """
        Sobol: first-order and total indices of every input given as a distribution \
        (Saltelli sampling on GSL's Sobol sequence, Jansen estimators, bootstrap 95 % \
        intervals); N·(k+2) evaluations for k inputs. Tornado: the metric with each \
        input at its P10 and P90, others at central values, sorted by swing.

        METRIC is a results key (\(MetricSelector.allowed)), optionally with a year: \
        emissions_market_tco2e:2030.

        Examples:
          footprint sensitivity --method tornado
          footprint sensitivity Models/gigawatt-campus.yaml --metric energy_facility_mwh --samples 4096 --format json
        """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case sobol, tornado }
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "The scenario file.", completion: .file(extensions: ["yaml", "yml"]))
    var model: String = ScenarioLoader.defaultModel

    @Option(help: "sobol or tornado.")
    var method: Method = .sobol

    @Option(help: "The result to analyse, e.g. emissions_location_tco2e or energy_facility_mwh:2030.")
    var metric: MetricArgument = MetricArgument(argument: "emissions_location_tco2e")!

    @Option(help: "Sobol base sample size N (a power of two is best).")
    var samples: Int = 4096

    @Option(help: "Seed for the bootstrap intervals.")
    var seed: UInt64 = 1

    @Option(help: "Bootstrap resamples for the intervals (0: none).")
    var bootstrap: Int = 200

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int = MonteCarlo.defaultThreads

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value before validation (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    @Option(help: "table or json.")
    var format: Format = .table

    func validate() throws {
        if samples < 2 { throw ValidationError("--samples must be at least 2 (try 4096), not \(samples).") }
        if threads < 1 { throw ValidationError("--threads must be 1 or more.") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more.") }
    }

    func run() throws {
        let plan = try compile(model, overrides)
        do {
            switch method {
            case .tornado:
                let t = try ScenarioSensitivity.tornado(plan, metric: metric.selector)
                print(format == .json ? SensitivityExport.tornadoJSON(t, metric: metric.selector) : SensitivityExport.tornadoTable(t, metric: metric.selector), terminator: "")
            case .sobol:
                let k = plan.parameters.filter(\.isUncertain).count
                let bar = ProgressBar(total: samples * (k + 2), label: "sobol")
                let s = try ScenarioSensitivity.sobol(plan, metric: metric.selector, n: samples, seed: seed, threads: threads,
                                                      bootstrap: bootstrap, progress: { bar.advance($0) })
                bar.finish()
                print(format == .json ? SensitivityExport.sobolJSON(s, metric: metric.selector, samples: samples) : SensitivityExport.sobolTable(s, metric: metric.selector, samples: samples), terminator: "")
            }
        } catch let e as ScenarioSensitivity.Failure {
            FileHandle.standardError.write(Data("\(model): error: \(e)\n".utf8))
            throw ExitCode.failure
        }
    }
}

struct GoalSeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goal-seek",
        abstract: "Find the value of one input that brings a result to a target (central values, Brent's method).",
        discussion: """
        Examples:
          footprint goal-seek --vary sites.us-east.contracts.0.share --metric emissions_market_tco2e:2030 --target 500000
          footprint goal-seek Models/gpt3-training.yaml --vary sites.microsoft-datacenter.pue --metric energy_facility_mwh --target 1300 --between 1:2
        """
    )

    @Argument(help: "The scenario file.", completion: .file(extensions: ["yaml", "yml"]))
    var model: String = ScenarioLoader.defaultModel

    @Option(help: "The input to solve for, by its --set path.")
    var vary: String

    @Option(help: "The result, e.g. emissions_market_tco2e or emissions_market_tco2e:2030.")
    var metric: MetricArgument

    @Option(help: "The value the result must reach.")
    var target: Double

    @Option(help: "The bracket LO:HI to search (default: the input's allowed range, or a decade either side of its central value).")
    var between: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value before validation (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    @Option(help: "table or json.")
    var format: Sensitivity.Format = .table

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
        let plan = try compile(model, overrides)
        do {
            let s = try GoalSeek.solve(plan, parameter: vary, metric: metric.selector, target: target, between: bracket())
            if format == .json {
                var w = JSONWriter()
                w.open()
                w.value("parameter", s.parameter)
                w.value("value", s.value)
                w.value("metric", s.metric.description)
                w.value("target", s.target)
                w.value("achieved", s.achieved)
                w.close()
                print(w.text)
            } else {
                print("\(s.parameter) = \(HumanNumber.format(s.value, significant: 6)) brings \(s.metric) to \(HumanNumber.format(s.achieved, significant: 6)) (target \(HumanNumber.format(s.target, significant: 6)))")
            }
        } catch let e as GoalSeek.Failure {
            FileHandle.standardError.write(Data("\(model): error: \(e)\n".utf8))
            throw ExitCode.failure
        }
    }
}

func compile(_ model: String, _ overrides: [String]) throws -> EvaluationPlan {
    let scenario = try loadOrExit(model, overrides: overrides)
    try checkResourcesOrExit(scenario, samples: 1)
    do { return try EvaluationPlan(scenario) } catch {
        FileHandle.standardError.write(Data("\(model): error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
