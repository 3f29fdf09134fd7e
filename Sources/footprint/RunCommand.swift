import ArgumentParser
import FootprintModel
import FootprintReport

/// `footprint run`: the results of one scenario as a table, JSON or CSV.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate a scenario and print its results.",
        discussion: """
        The table shows totals with P5-P95 ranges. JSON is the results contract \
        (totals, periods, fleets, sites; each value as mean, p5, p50, p95; see \
        docs/results.md). CSV has one row per scope (total, fleet, site) and period.

        Examples:
          footprint run
          footprint run Models/gpt3-training.yaml --format json
          footprint run --samples 5000 --seed 7 --format csv --output results.csv
          footprint run --set fleets.trainium2.utilization=0.7
          footprint run --format json --shard 1/2 --output part1.fpp
          footprint run --format json --shard 2/2 --output part2.fpp

        With --shard I/N the run computes the I-th of N parts of its draws (parts \
        numbered from 1) and writes them to --output; 'footprint merge' joins the \
        parts into the output the whole run prints, byte for byte.
        """
    )

    enum Format: String, TableFormat { case table, json, csv }

    @OptionGroup var model: ModelOptions
    @OptionGroup var draws: DrawOptions
    @OptionGroup var output: OutputOptions<Format>
    @OptionGroup var sharding: ShardOptions

    func validate() throws { try sharding.requireOutput(output.output) }

    func run() throws {
        // Compute only what the format prints: the table needs the totals,
        // JSON the sites' whole horizon but not their periods.
        let outputs: OutputSelection = switch output.format {
        case .table: .totals
        case .json: OutputSelection(fleetPeriods: true, sitePeriods: false)
        case .csv: .all
        }
        if let shard = try sharding.parsed() {
            let plan = try model.plan()
            let samples = draws.samples ?? plan.scenario.samples, seed = draws.seed ?? plan.scenario.seed
            let part = MonteCarlo.runPart(plan, samples: samples, seed: seed, shard: shard, threads: draws.workers, outputs: outputs)
            let header = PartFile.Header(command: "run", model: model.model, modelSHA256: plan.scenario.sha256,
                                         overrides: model.overrides, seed: seed, samples: samples,
                                         format: output.format.rawValue, shard: shard, outputs: outputs)
            return try writePart(PartFile(header: header, part: part), to: output.output!)
        }
        let summary = try draws.summary(model, outputs: outputs)
        try output.write(Self.text(summary, format: output.format))
    }

    /// What `run` prints in `format`.
    static func text(_ summary: RunSummary, format: Format) -> String {
        switch format {
        case .table: ResultsExport.table(summary)
        case .json: ResultsExport.json(summary)
        case .csv: ResultsExport.csv(summary)
        }
    }
}
