import ArgumentParser
import Foundation
import FootprintCommands
import FootprintLoading
import FootprintModel
import FootprintReport

/// `footprint sweep`: one Monte Carlo run per combination of input values.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over a grid (or Latin hypercube) of input values.",
        discussion: """
        Each variant is a full Monte Carlo run with the same seed and draws \
        (common random numbers), equal to footprint run --set PATH=VALUE. Output: \
        one row per variant and metric (variant, each PATH, metric, mean, p5, p50, \
        p95). --vary takes any --set path (scenario or catalog): PATH=a,b,c or \
        PATH=lo:hi:n (n evenly spaced values); with --lhs N, PATH=lo:hi. \
        PATH,PATH=... ties inputs: each takes every value (two fleets on one workload).

        Examples:
          footprint sweep --vary sites.aws-us-east-1.pue=1.1:1.5:5
          footprint sweep --samples 300 --metric energy_facility_mwh \\
              --vary 'sites.aws-us-east-1.pue,sites.aws-us-east-2.pue=1.1,1.2'
          footprint sweep --vary fleets.trainium2.utilization=0.5,0.7,0.9 \\
              --vary sites.aws-us-east-1.pue=1.1,1.3 --format csv
          footprint sweep --vary sites.aws-us-east-1.pue=1.1:1.5 \\
              --vary fleets.trainium2.utilization=0.5:0.9 --lhs 16 \\
              --metric emissions_location_tco2e --samples 500
          footprint sweep Models/gpt3-training.yaml --samples 500 \\
              --vary sites.microsoft-datacenter.pue=1.1:1.4:4 \\
              --report pue-sweep.md
          footprint sweep --vary sites.aws-us-east-1.pue=1.1,1.3 --samples 400 \\
              --format csv --shard 1/2 --output sweep1.fpp
          footprint sweep --vary sites.aws-us-east-1.pue=1.1,1.3 --samples 400 \\
              --format csv --shard 2/2 --output sweep2.fpp

        With --shard I/N every variant computes the I-th of N parts of its draws \
        and the part goes to --output; 'footprint merge sweep1.fpp sweep2.fpp' \
        prints what the whole sweep prints in that format, byte for byte. \
        --report needs the whole sweep: it is refused with --shard.
        """
    )

    enum Format: String, TableFormat { case table, json, csv }

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("An input to vary and its values (repeatable): PATH=a,b,c or PATH=lo:hi:n; with --lhs, PATH=lo:hi.",
                               valueName: "PATH=VALUES"))
    var vary: [String] = []

    @Option(parsing: .unconditional, help: "Latin-hypercube points over the --vary ranges, seeded by --seed, instead of every combination.")
    var lhs: Int?

    @Option(name: .customLong("metric"), help: "A result to report (repeatable; default: every metric), e.g. energy_facility_mwh or emissions_market_tco2e:2030.")
    var metrics: [MetricArgument] = []

    @OptionGroup var draws: DrawOptions
    @OptionGroup var output: OutputOptions<Format>

    @OptionGroup var sharding: ShardOptions

    @Option(help: "Also write a Markdown report with a chart per metric (SVGs in a folder beside it); not with --shard.", completion: .file())
    var report: String?

    /// The sweep the options describe, checked as `validate` checks it.
    func job() throws -> SweepJob {
        do {
            return try SweepJob(model: model.model, overrides: model.overrides, vary: vary, lhs: lhs, metrics: metrics.map(\.selector))
        } catch { throw ValidationError(error.description) }
    }

    func validate() throws {
        try sharding.requireOutput(output.output)
        if sharding.shard != nil && report != nil {
            throw ValidationError("--report charts the whole sweep: run without --shard to write it ('footprint merge' prints the sweep's table, JSON or CSV, not a report).")
        }
        _ = try job()
    }

    /// The options besides the model, draws and format that decide the
    /// output, as given: a part records them, and `merge` parses them again.
    var partOptions: [String] {
        vary.flatMap { ["--vary", $0] } + (lhs.map { ["--lhs", String($0)] } ?? []) + metrics.flatMap { ["--metric", $0.selector.description] }
    }

    func run() throws {
        let job = try job()
        try refuseClobbering(outputs: [("--output", output.output), ("--report", report)].compactMap { o in o.1.map { (o.0, $0) } },
                             inputs: [("the model file", model.model)])
        let prepared = try job.prepare(samples: draws.samples, seed: draws.seed, threads: draws.workers)
        let (base, variants, selected, samples, seed) = (prepared.base, prepared.variants, prepared.metrics, prepared.samples, prepared.seed)
        if let shard = try sharding.parsed() {
            let bar = ProgressBar(total: variants.count * shard.range(of: samples).count, label: "sweep")
            defer { bar.finish() }
            let parts: [MonteCarloPart]
            do {
                parts = try Sweep.runParts(job.axes, variants, metrics: selected, samples: draws.samples, seed: draws.seed, shard: shard,
                                           threads: draws.workers, compile: job.compileVariant, progress: { bar.advance($0) })
            } catch let e as SweepError {
                throw CommandError.evaluation(file: model.model, message: e.description)
            }
            let origin = PartOrigin(command: "sweep", model: model, plan: base, seed: seed, samples: samples,
                                    format: output.format.rawValue, options: partOptions)
            return try sharding.write(shard, of: origin, to: output.output!) { MonteCarloPart.write(variants: parts, to: &$0) }
        }
        let bar = ProgressBar(total: variants.count * samples, label: "sweep")
        defer { bar.finish() }
        let result = try job.run(prepared, threads: draws.workers, progress: { bar.advance($0) })
        let text = Self.text(result, format: output.format, model: model.model, latinHypercube: lhs != nil)
        if let report {
            var command = ShellCommand("footprint", "sweep", model.model)
            command.option("--vary", each: vary)
            command.option("--lhs", lhs.map(String.init))
            command.option("--metric", each: metrics.map(\.selector.description))
            command.option("--set", each: model.overrides)
            command.option("--samples", draws.samples.map(String.init))
            command.option("--seed", draws.seed.map(String.init))
            let r = SweepReport(result, model: model.model, name: baseName(report), command: command.description, latinHypercube: lhs != nil)
            try ReportWriter.write(markdown: r.markdown, charts: r.charts, to: report)
        }
        try output.write(text)
        if let report { FileHandle.standardError.write(Data("wrote \(report) and its charts\n".utf8)) }
    }

    /// What `sweep` prints in `format` (`merge` prints the same).
    static func text(_ result: SweepResult, format: Format, model: String, latinHypercube: Bool) -> String {
        switch format {
        case .table: SweepExport.table(result)
        case .json: SweepExport.json(result, model: model, method: latinHypercube ? "lhs" : "grid")
        case .csv: SweepExport.csv(result)
        }
    }
}
