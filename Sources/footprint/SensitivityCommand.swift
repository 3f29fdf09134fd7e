import ArgumentParser
import FootprintCommands
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
          footprint sensitivity --base-samples 256 --shard 1/2 --output sobol1.fpp
          footprint sensitivity --base-samples 256 --shard 2/2 --output sobol2.fpp

        With --shard I/N, Sobol evaluates the I-th of N parts of its N base rows \
        (each row of A, B and every A_B^(i)) and tornado the I-th of N parts of \
        the inputs; the part goes to --output, and 'footprint merge sobol1.fpp \
        sobol2.fpp' prints what the whole analysis prints, byte for byte.
        """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case sobol, tornado }

    @OptionGroup var model: ModelOptions

    @Option(help: "sobol or tornado.")
    var method: Method = .sobol

    @Option(help: "The result to analyse, e.g. emissions_location_tco2e or energy_facility_mwh:2030.")
    var metric = MetricArgument(argument: "emissions_location_tco2e")!

    @Option(parsing: .unconditional, help: "Sobol's base sample size N (a power of two is best); the model is evaluated N·(k+2) times.")
    var baseSamples: Int = 4096

    @Option(parsing: .unconditional, help: "Bootstrap resamples for the Sobol intervals (0: none).")
    var bootstrap: Int = 200

    @OptionGroup var draws: DrawOptions
    @OptionGroup var output: OutputOptions<TableOrJSON>
    @OptionGroup var sharding: ShardOptions

    func validate() throws {
        try sharding.requireOutput(output.output)
        if draws.samples != nil {
            throw ValidationError("--samples counts Monte Carlo draws, which sensitivity does not take: give Sobol's base sample size as --base-samples N.")
        }
        if baseSamples < 2 { throw ValidationError("--base-samples must be at least 2 (try 4096), not \(baseSamples).") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more, not \(bootstrap).") }
    }

    /// The options besides the model, seed and format that decide the
    /// output: a part records them, and `merge` parses them again.
    var partOptions: [String] {
        ["--method", method.rawValue, "--metric", metric.selector.description]
            + (method == .sobol ? ["--base-samples", String(baseSamples), "--bootstrap", String(bootstrap)] : [])
    }

    func run() throws {
        let plan = try model.plan()
        let m = metric.selector
        let seed = draws.seed ?? plan.scenario.seed
        if method == .sobol { try Jobs.checkSobol(plan, baseSamples: baseSamples, threads: draws.workers) }
        do {
            if let shard = try sharding.parsed() {
                let part: SensitivityPart
                switch method {
                case .tornado:
                    part = try ScenarioSensitivity.tornadoPart(plan, metric: m, shard: shard)
                case .sobol:
                    let k = ScenarioSensitivity.factorNames(plan).count
                    let bar = ProgressBar(total: shard.range(of: baseSamples).count * (k + 2), label: "sobol")
                    defer { bar.finish() }
                    part = try ScenarioSensitivity.sobolPart(plan, metric: m, n: baseSamples, shard: shard, threads: draws.workers,
                                                             progress: { bar.advance($0) })
                }
                // Tornado draws nothing: its samples are 0.
                let origin = PartOrigin(command: "sensitivity", model: model, plan: plan, seed: seed, samples: method == .sobol ? baseSamples : 0,
                                        format: output.format.rawValue, options: partOptions)
                return try sharding.write(shard, of: origin, to: output.output!) { part.write(to: &$0) }
            }
            switch method {
            case .tornado:
                try output.write(Self.text(try Jobs.tornado(plan, metric: m), metric: m, format: output.format))
            case .sobol:
                let k = ScenarioSensitivity.factorNames(plan).count
                let bar = ProgressBar(total: baseSamples * (k + 2), label: "sobol")
                defer { bar.finish() }
                let s = try Jobs.sobol(plan, metric: m, baseSamples: baseSamples, bootstrap: bootstrap, seed: seed,
                                       threads: draws.workers, progress: { bar.advance($0) })
                try output.write(Self.text(s, metric: m, samples: baseSamples, format: output.format))
            }
        } catch let e as ScenarioSensitivity.Failure {
            throw CommandError.evaluation(file: model.model, message: "\(e)")
        } catch let e as ShortfallError {
            throw DrawOptions.refusal(e, plan)
        }
    }

    /// What a tornado prints in `format` (`merge` prints the same).
    static func text(_ t: [ScenarioSensitivity.TornadoEntry], metric: MetricSelector, format: TableOrJSON) -> String {
        format == .json ? SensitivityExport.tornadoJSON(t, metric: metric) : SensitivityExport.tornadoTable(t, metric: metric)
    }

    /// What Sobol prints in `format` (`merge` prints the same).
    static func text(_ s: [ScenarioSensitivity.SobolEntry], metric: MetricSelector, samples: Int, format: TableOrJSON) -> String {
        format == .json
            ? SensitivityExport.sobolJSON(s, metric: metric, samples: samples)
            : SensitivityExport.sobolTable(s, metric: metric, samples: samples)
    }
}
