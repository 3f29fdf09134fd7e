import ArgumentParser
import Foundation
import FootprintCommands
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
        let path = output ?? "Reports/\(model.name).md"
        try refuseClobbering(outputs: [("--output", path)], inputs: [("the model file", model.model)])
        let plan = try model.plan()
        let bar = ProgressBar(total: draws.samples ?? plan.scenario.samples, label: "draws")
        let report: MarkdownReport
        do {
            defer { bar.finish() }
            report = try Jobs.report(plan, model: model.model, overrides: model.overrides, samples: draws.samples, seed: draws.seed,
                                     threads: draws.workers, name: baseName(path), progress: { bar.advance($0) })
        }
        try ReportWriter.write(markdown: report.markdown, charts: report.charts, to: path)
        print("wrote \(path) and \(report.charts.count) charts in \((path as NSString).deletingPathExtension)/")
    }
}
