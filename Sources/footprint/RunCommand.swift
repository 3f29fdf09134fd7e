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
          footprint run --samples 2000 --draws draws.csv
        """
    )

    enum Format: String, TableFormat { case table, json, csv }

    @OptionGroup var model: ModelOptions
    @OptionGroup var drawOptions: DrawOptions
    @OptionGroup var output: OutputOptions<Format>

    @Option(help: ArgumentHelp("Also write every draw to this CSV: the draw index, each sampled input by its path and each metric's total.",
                               valueName: "FILE.csv"), completion: .file(extensions: ["csv"]))
    var draws: String?

    func run() throws {
        // Compute only what the format prints: the table needs the totals,
        // JSON the sites' whole horizon but not their periods.
        let outputs: OutputSelection = switch output.format {
        case .table: .totals
        case .json: OutputSelection(fleetPeriods: true, sitePeriods: false)
        case .csv: .all
        }
        let plan = try model.plan()
        let writer: DrawsCSV?
        do { writer = try draws.map { try DrawsCSV(path: $0, plan: plan) } } catch {
            throw CommandError.cannotWrite(path: draws ?? "", reason: error.localizedDescription)
        }
        let summary = try drawOptions.summary(plan, outputs: outputs, draws: writer)
        if let writer {
            do { try writer.finish() } catch { throw CommandError.cannotWrite(path: writer.path, reason: error.localizedDescription) }
        }
        let text = switch output.format {
        case .table: ResultsExport.table(summary)
        case .json: ResultsExport.json(summary)
        case .csv: ResultsExport.csv(summary)
        }
        try output.write(text)
    }
}
