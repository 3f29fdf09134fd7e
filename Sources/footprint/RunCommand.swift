import ArgumentParser
import FootprintCommands
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
          footprint run --samples 2000 --draws draws.csv
          footprint run --samples 500 --draws d.csv \\
              --draws-columns emissions_location_tco2e:2028 energy_facility_mwh:2030
          footprint run --list-inputs
          footprint run --format json --shard 1/2 --output part1.fpp
          footprint run --format json --shard 2/2 --output part2.fpp

        With --shard I/N the run computes the I-th of N parts of its draws \
        (numbered from 1) and writes it to --output; 'footprint merge' joins the \
        parts into what the whole run prints, byte for byte.
        """
    )

    enum Format: String, TableFormat { case table, json, csv }

    @OptionGroup var model: ModelOptions
    @OptionGroup var drawOptions: DrawOptions
    @OptionGroup var output: OutputOptions<Format>
    @OptionGroup var sharding: ShardOptions

    @Option(help: ArgumentHelp("Also write every draw to this CSV: the draw index, each sampled input by its path and each metric's total.",
                               valueName: "FILE.csv"), completion: .file(extensions: ["csv"]))
    var draws: String?

    @Option(name: .customLong("draws-columns"), parsing: .upToNextOption,
            help: ArgumentHelp("With --draws, also a column per selector: a metric in one year or a service's value (emissions_location_tco2e:2028 services.chat.prompts:2027).",
                               valueName: "SELECTOR"))
    var drawsColumns: [MetricArgument] = []

    @Flag(name: .customLong("list-inputs"), help: "List every input --set, --vary and goal-seek can name: its path, value or distribution, unit and source; then stop.")
    var listInputs = false

    func validate() throws {
        try sharding.requireOutput(output.output)
        if sharding.shard != nil && draws != nil {
            throw ValidationError("--draws writes every draw of a whole run; run without --shard to write them.")
        }
    }

    func run() throws {
        // Compute only what the format prints.
        let outputs = Self.outputs(for: output.format)
        try refuseClobbering(outputs: [("--output", output.output), ("--draws", draws)].compactMap { o in o.1.map { (o.0, $0) } },
                             inputs: [("the model file", model.model)])
        let plan = try model.plan()
        if let shard = try sharding.parsed() {
            let samples = drawOptions.samples ?? plan.scenario.samples, seed = drawOptions.seed ?? plan.scenario.seed
            try checkResources(plan.scenario, samples: samples, outputs: outputs, threads: drawOptions.workers)
            let blocks = shard.range(of: MonteCarlo.blocks(samples: samples))
            let bar = ProgressBar(total: blocks.isEmpty ? 0 : min(samples, blocks.upperBound * MonteCarlo.blockSize) - blocks.lowerBound * MonteCarlo.blockSize,
                                  label: "draws")
            let part: MonteCarloPart
            do {
                part = try MonteCarlo.runPart(plan, samples: samples, seed: seed, shard: shard, threads: drawOptions.workers, outputs: outputs,
                                              progress: { bar.advance($0) })
                bar.finish()
            } catch {
                bar.finish()
                throw DrawOptions.refusal(error, plan)
            }
            let origin = PartOrigin(command: "run", model: model, plan: plan, seed: seed, samples: samples, format: output.format.rawValue)
            return try sharding.write(shard, of: origin, to: output.output!) { part.write(to: &$0) }
        }
        if listInputs {
            try output.write(Self.inputList(plan))
            return
        }
        for c in drawsColumns {
            do { try c.selector.check(plan) } catch { throw CommandError.evaluation(file: model.model, message: "--draws-columns \(c.selector): \(error)") }
            if c.selector.yearIsOutside(plan) {
                throw CommandError.evaluation(file: model.model, message: "--draws-columns \(c.selector): \(c.selector.year!) is outside the scenario's reporting years (\(plan.grid.periods.first!.year) to \(plan.grid.periods.last!.year))")
            }
        }
        let writer = try draws.map { path throws(OutputError) in try DrawsCSV(path: path, plan: plan, extraColumns: drawsColumns.map(\.selector)) }
        let summary = try drawOptions.summary(plan, outputs: outputs, draws: writer)
        try writer?.finish()
        try output.write(Self.text(summary, format: output.format))
    }

    /// Every input a run reads, as --set names it: path, value or
    /// distribution, unit, source. Inputs the file leaves at a default the
    /// model has no slot for (a site without grid_trajectory) are not
    /// listed: --set gives them a value first.
    static func inputList(_ plan: EvaluationPlan) -> String {
        var rows = [["path", "value", "unit", "source"]]
        for q in plan.parameters { rows.append([q.path, q.valueDescription, q.unit.isEmpty ? "-" : q.unit, q.source ?? "(no source: an assumption of the scenario's author)"]) }
        let widths = (0..<3).map { c in rows.map { $0[c].count }.max()! }
        return rows.map { r in (0..<3).map { r[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + r[3] }
            .joined(separator: "\n") + "\n"
    }

    /// What `run` prints in `format` (`merge` prints the same).
    static func text(_ summary: RunSummary, format: Format) -> String {
        switch format {
        case .table: ResultsExport.table(summary)
        case .json: ResultsExport.json(summary)
        case .csv: ResultsExport.csv(summary)
        }
    }

    /// What the run computes for `format`: the table needs the totals (and
    /// only the means of their periods), JSON the sites' whole horizon but
    /// not their periods.
    static func outputs(for format: Format) -> OutputSelection {
        switch format {
        case .table: .table
        case .json: OutputSelection(fleetPeriods: true, sitePeriods: false)
        case .csv: .all
        }
    }
}
