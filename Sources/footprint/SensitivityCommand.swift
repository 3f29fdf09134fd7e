import ArgumentParser
import FootprintModel
import FootprintReport

/// `footprint sensitivity`: which uncertain inputs move a result most.
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Which uncertain inputs move a result most (Sobol indices or tornado).",
        discussion: """
        Sobol: first-order and total indices of every input given as a distribution \
        (Saltelli sampling on GSL's Sobol sequence, Jansen estimators, bootstrap 95 % \
        intervals seeded by --seed); N·(k+2) evaluations for k inputs and \
        N = --base-samples. Tornado: the metric with each input at its P10 and P90, \
        others at central values, sorted by swing.

        METRIC is a results key (\(MetricSelector.allowed)), optionally with a year: \
        emissions_market_tco2e:2030.

        Examples:
          footprint sensitivity --method tornado
          footprint sensitivity --metric energy_facility_mwh:2030 --base-samples 1024
          footprint sensitivity Models/gigawatt-campus.yaml \\
              --metric energy_facility_mwh --format json
        """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case sobol, tornado }

    @OptionGroup var model: ModelOptions

    @Option(help: "sobol or tornado.")
    var method: Method = .sobol

    @Option(help: "The result to analyse, e.g. emissions_location_tco2e or energy_facility_mwh:2030.")
    var metric = MetricArgument(argument: "emissions_location_tco2e")!

    @Option(help: "Sobol's base sample size N (a power of two is best); the model is evaluated N·(k+2) times.")
    var baseSamples: Int = 4096

    @Option(help: "Bootstrap resamples for the Sobol intervals (0: none).")
    var bootstrap: Int = 200

    @OptionGroup var draws: DrawOptions
    @OptionGroup var output: OutputOptions<TableOrJSON>

    func validate() throws {
        if draws.samples != nil {
            throw ValidationError("--samples counts Monte Carlo draws, which sensitivity does not take: give Sobol's base sample size as --base-samples N.")
        }
        if baseSamples < 2 { throw ValidationError("--base-samples must be at least 2 (try 4096), not \(baseSamples).") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more, not \(bootstrap).") }
    }

    func run() throws {
        let plan = try model.plan()
        let m = metric.selector
        do {
            switch method {
            case .tornado:
                let t = try ScenarioSensitivity.tornado(plan, metric: m)
                try output.write(output.format == .json ? SensitivityExport.tornadoJSON(t, metric: m) : SensitivityExport.tornadoTable(t, metric: m))
            case .sobol:
                let k = plan.parameters.filter(\.isUncertain).count
                let bar = ProgressBar(total: baseSamples * (k + 2), label: "sobol")
                let s = try ScenarioSensitivity.sobol(plan, metric: m, n: baseSamples, seed: draws.seed ?? plan.scenario.seed,
                                                      threads: draws.workers, bootstrap: bootstrap, progress: { bar.advance($0) })
                bar.finish()
                try output.write(output.format == .json
                    ? SensitivityExport.sobolJSON(s, metric: m, samples: baseSamples)
                    : SensitivityExport.sobolTable(s, metric: m, samples: baseSamples))
            }
        } catch let e as ScenarioSensitivity.Failure {
            throw CommandError.evaluation(file: model.model, message: "\(e)")
        }
    }
}
