import ArgumentParser
import Foundation
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
        PATH=lo:hi:n (n evenly spaced values); with --lhs N, PATH=lo:hi.

        Examples:
          footprint sweep --vary sites.aws-us-east-1.pue=1.1:1.5:5
          footprint sweep --vary fleets.trainium2.utilization=0.5,0.7,0.9 \\
              --vary sites.aws-us-east-1.pue=1.1,1.3 --format csv
          footprint sweep --vary sites.aws-us-east-1.pue=1.1:1.5 \\
              --vary fleets.trainium2.utilization=0.5:0.9 --lhs 16 \\
              --metric emissions_location_tco2e --samples 500
          footprint sweep Models/gpt3-training.yaml --samples 500 \\
              --vary sites.microsoft-datacenter.pue=1.1:1.4:4 \\
              --report pue-sweep.md
        """
    )

    enum Format: String, TableFormat { case table, json, csv }

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("An input to vary and its values (repeatable): PATH=a,b,c or PATH=lo:hi:n; with --lhs, PATH=lo:hi.",
                               valueName: "PATH=VALUES"))
    var vary: [String] = []

    @Option(help: "Latin-hypercube points over the --vary ranges, seeded by --seed, instead of every combination.")
    var lhs: Int?

    @Option(name: .customLong("metric"), help: "A result to report (repeatable; default: every metric), e.g. energy_facility_mwh or emissions_market_tco2e:2030.")
    var metrics: [MetricArgument] = []

    @OptionGroup var draws: DrawOptions
    @OptionGroup var output: OutputOptions<Format>

    @Option(help: "Also write a Markdown report with a chart per metric (SVGs in a folder beside it).", completion: .file())
    var report: String?

    /// The varied inputs, checked.
    func axes() throws -> [SweepAxis] {
        guard !vary.isEmpty else { throw ValidationError("give at least one --vary PATH=a,b,c or PATH=lo:hi:n") }
        var axes: [SweepAxis] = []
        for v in vary {
            do { axes.append(try SweepAxis(parsing: v, ranges: lhs != nil)) } catch { throw ValidationError(error.description) }
        }
        for (i, a) in axes.enumerated() where axes[..<i].contains(where: { $0.path == a.path }) {
            throw ValidationError("\(a.path) is varied twice; give its values in one --vary")
        }
        for a in axes {
            if let o = model.overrides.first(where: { $0.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } == a.path }) {
                throw ValidationError("\(a.path) is both varied and set (--set '\(o)'); drop one")
            }
        }
        return axes
    }

    func validate() throws {
        if let lhs, lhs < 2 { throw ValidationError("--lhs must be 2 points or more, not \(lhs)") }
        let axes = try axes()
        let count = lhs ?? axes.reduce(1) { $0 * $1.values.count }
        if count > 1_000_000 { throw ValidationError("\(count) variants is more than a million; use fewer values or --lhs N") }
    }

    func run() throws {
        let axes = try axes()
        let base = try model.plan()
        let seed = draws.seed ?? base.scenario.seed
        let variants = lhs.map { Sweep.latinHypercube(axes, points: $0, seed: seed) } ?? Sweep.grid(axes)
        let selected = metrics.isEmpty ? Sweep.defaultMetrics : metrics.map(\.selector)
        let bar = ProgressBar(total: variants.count * (draws.samples ?? base.scenario.samples), label: "sweep")
        defer { bar.finish() }
        let result: SweepResult
        do {
            result = try Sweep.run(axes, variants, metrics: selected, samples: draws.samples, seed: draws.seed,
                                   threads: draws.workers, compile: { try compile(model.model, overrides: model.overrides + $0, option: "--vary") },
                                   progress: { bar.advance($0) })
        } catch let e as SweepError {
            throw CommandError.evaluation(file: model.model, message: e.description)
        }
        let text = switch output.format {
        case .table: SweepExport.table(result)
        case .json: SweepExport.json(result, model: model.model, method: lhs == nil ? "grid" : "lhs")
        case .csv: SweepExport.csv(result)
        }
        if let report {
            var command = "footprint sweep \(model.model)"
            for v in vary { command += " --vary '\(v)'" }
            if let lhs { command += " --lhs \(lhs)" }
            for m in metrics { command += " --metric \(m.selector)" }
            for o in model.overrides { command += " --set '\(o)'" }
            if let samples = draws.samples { command += " --samples \(samples)" }
            if let seed = draws.seed { command += " --seed \(seed)" }
            let r = SweepReport(result, model: model.model, name: baseName(report), command: command, latinHypercube: lhs != nil)
            do { try ReportWriter.write(markdown: r.markdown, charts: r.charts, to: report) } catch {
                throw CommandError.cannotWrite(path: report, reason: error.localizedDescription)
            }
        }
        try output.write(text)
        if let report { FileHandle.standardError.write(Data("wrote \(report) and its charts\n".utf8)) }
    }
}
