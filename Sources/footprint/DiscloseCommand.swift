import ArgumentParser
import Foundation
import FootprintCommands
import FootprintModel
import FootprintReport

/// `footprint disclose`: the disclosure pack of one scenario.
struct DiscloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclose",
        abstract: "Write a disclosure pack: GHG Protocol Scope 2 dual reporting, ESRS E1-5 and E1-6, CDP, per reporting year.",
        discussion: """
        Writes FILE.md (default Reports/NAME-disclosure.md), and beside it FILE.csv \
        (datapoint,year,value,unit,sources: one row per datapoint and reporting year) \
        and FILE.json (the same datapoints with P5, P50 and P95, and the references). \
        Each file is written atomically; the three are written only when the run succeeds. \
        docs/disclosure.md lists every datapoint with its definition.

        Examples:
          footprint disclose
          footprint disclose Models/gigawatt-campus.yaml --samples 5000
          footprint disclose --output pack/lab-2026.md
        """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var draws: DrawOptions

    @Option(help: "Where to write the Markdown file (the CSV and JSON go beside it, with the same name).", completion: .file())
    var output: String?

    func validate() throws {
        if let output, !output.hasSuffix(".md") {
            throw ValidationError("--output \(output): name a Markdown file ending in .md (the CSV and JSON take the same name with .csv and .json)")
        }
    }

    func run() throws {
        let path = output ?? "Reports/\(model.name)-disclosure.md"
        let stem0 = String(path.dropLast(3))
        try refuseClobbering(outputs: [("--output", path), ("--output (CSV)", stem0 + ".csv"), ("--output (JSON)", stem0 + ".json")],
                             inputs: [("the model file", model.model)])
        let summary = try draws.summary(model)
        var command = ShellCommand("footprint", "disclose", model.model, "--samples", String(summary.samples), "--seed", String(summary.seed))
        command.option("--set", each: model.overrides)
        let shares = try Jobs.qualityShares(summary.plan, samples: summary.samples, threads: draws.workers)
        let pack = Disclosure(summary: summary, qualityShares: shares, name: baseName(path), command: command.description)
        let stem = String(path.dropLast(3))
        try AtomicFile.write(pack.markdown, to: path)
        try AtomicFile.write(pack.csv, to: stem + ".csv")
        try AtomicFile.write(pack.json, to: stem + ".json")
        print("wrote \(path), \(stem).csv and \(stem).json (\(pack.datapoints.count) datapoints over \(summary.plan.grid.periods.count) reporting years)")
    }
}
