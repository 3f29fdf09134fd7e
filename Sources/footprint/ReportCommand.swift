import ArgumentParser
import Foundation
import FootprintModel
import FootprintReport

/// `footprint report`: the Markdown report of one scenario.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the Markdown report of a scenario, with SVG charts beside it.",
        discussion: """
        Writes Reports/NAME.md (NAME from the model file) and Reports/NAME/*.svg, \
        atomically: a failing run leaves an existing report as it was. The same \
        model, seed and samples give byte-identical files.

        Examples:
          footprint report
          footprint report Models/gigawatt-campus.yaml --samples 5000
          footprint report --set sites.texas-nvidia.pue=1.3 --output what-if.md
        """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var draws: DrawOptions

    @Option(help: "Where to write the Markdown file (charts go in a folder of the same name beside it).", completion: .file())
    var output: String?

    func run() throws {
        let summary = try draws.summary(model)
        let path = output ?? "Reports/\(model.name).md"
        let tornado = (try? ScenarioSensitivity.tornado(summary.plan, metric: MarkdownReport.tornadoMetric)) ?? []
        // The command that reproduces the report, printed in its footer.
        var command = "footprint report \(model.model) --samples \(summary.samples) --seed \(summary.seed)"
        for o in model.overrides { command += " --set '\(o)'" }
        let report = MarkdownReport(summary: summary, tornado: tornado, name: baseName(path), command: command)
        do { try ReportWriter.write(markdown: report.markdown, charts: report.charts, to: path) } catch {
            throw CommandError.cannotWrite(path: path, reason: error.localizedDescription)
        }
        print("wrote \(path) and \(report.charts.count) charts in \((path as NSString).deletingPathExtension)/")
    }
}
