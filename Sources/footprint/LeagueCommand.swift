import ArgumentParser
import Foundation
import FootprintCommands
import FootprintModel
import FootprintReport

/// `footprint league`: several build-outs ranked in one report. A command
/// of its own rather than `compare`: compare is a pairwise difference with
/// overrides for each side; a league takes any number of scenarios as they
/// are and ranks them.
struct LeagueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "league",
        abstract: "Rank several build-outs at their full build in one report, with a chart.",
        discussion: """
        Each scenario runs its own Monte Carlo (its samples and seed, or --samples \
        and --seed for all) and is taken at its full build: the reporting year whose \
        installed hardware draws the most at full load. Writes Reports/buildouts.md \
        and its chart Reports/buildouts/league-power.svg, atomically; links point \
        to each scenario's report in Reports/buildouts/ (make reports writes them).

        Examples:
          footprint league Models/buildouts/*.yaml
          footprint league Models/gigawatt-campus.yaml \\
              Models/buildouts/project-jupiter.yaml --samples 500 --output league.md
        """
    )

    @Argument(help: "The scenario files.", completion: .file(extensions: ["yaml", "yml"]))
    var models: [String] = []

    @OptionGroup var draws: DrawOptions

    @Option(help: "Where to write the Markdown file (its chart goes in a folder of the same name beside it).", completion: .file())
    var output: String?

    func validate() throws {
        if models.isEmpty { throw ValidationError("give the scenario files to rank, e.g. footprint league Models/gigawatt-campus.yaml Models/buildouts/project-jupiter.yaml") }
    }

    func run() throws {
        let path = output ?? "Reports/buildouts.md"
        try refuseClobbering(outputs: [("--output", path)], inputs: models.map { ("the model \($0)", $0) })
        var entries: [LeagueReport.Entry] = []
        for m in models {
            let summary = try draws.summary(try compile(m))
            entries.append(LeagueReport.Entry(name: baseName(m), file: m, summary: summary))
        }
        var command = ShellCommand("footprint", "league")
        for m in models { command.append(m) }
        command.option("--samples", draws.samples.map(String.init))
        command.option("--seed", draws.seed.map(String.init))
        // The chart goes in the folder of the scenarios' reports (the
        // league's name without .md), as one file: the reports stay.
        var folder = Paths.lastComponent(of: path)
        if folder.hasSuffix(".md") { folder.removeLast(3) }
        let report = LeagueReport(entries: entries, command: command.description, folder: folder)
        let chart = Paths.join(Paths.join(Paths.folder(of: path), folder), LeagueReport.chartFile)
        try AtomicFile.write(report.chart, to: chart)
        try AtomicFile.write(report.markdown, to: path)
        print("wrote \(path) and \(chart) (\(entries.count) build-outs)")
    }
}
