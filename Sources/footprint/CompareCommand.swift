import ArgumentParser
import FootprintCommands
import FootprintModel
import FootprintReport

/// `footprint compare`: two scenarios side by side in one report.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Write one report with two scenarios side by side.",
        discussion: """
        Totals with their differences, per-year differences and the inputs that differ. \
        Writes Reports/compare-A-vs-B.md by default, atomically. --samples and --seed \
        apply to both (default: each scenario's own).

        Examples:
          footprint compare Models/hybrid-buildout.yaml Models/gigawatt-campus.yaml
          footprint compare Models/gpt3-training.yaml Models/gpt3-training.yaml \\
              --set-b sites.microsoft-datacenter.pue=1.2 --output pue.md
        """
    )

    @Argument(help: "Scenario A.", completion: .file(extensions: ["yaml", "yml"])) var modelA: String
    @Argument(help: "Scenario B.", completion: .file(extensions: ["yaml", "yml"])) var modelB: String

    @Option(name: .customLong("set-a"), help: ArgumentHelp("Override a value of A (repeatable).", valueName: "PATH=VALUE"))
    var overridesA: [String] = []
    @Option(name: .customLong("set-b"), help: ArgumentHelp("Override a value of B (repeatable).", valueName: "PATH=VALUE"))
    var overridesB: [String] = []

    @OptionGroup var draws: DrawOptions

    @Option(help: "Where to write the Markdown file.", completion: .file())
    var output: String?

    func run() throws {
        let a = try draws.summary(try compile(modelA, overrides: overridesA, option: "--set-a"))
        let b = try draws.summary(try compile(modelB, overrides: overridesB, option: "--set-b"))
        let path = output ?? "Reports/compare-\(baseName(modelA))-vs-\(baseName(modelB)).md"
        // The command that reproduces the comparison, printed in its footer.
        var command = ShellCommand("footprint", "compare", modelA, modelB)
        command.option("--set-a", each: overridesA)
        command.option("--set-b", each: overridesB)
        command.option("--samples", draws.samples.map(String.init))
        command.option("--seed", draws.seed.map(String.init))
        try AtomicFile.write(CompareReport(a: a, b: b, command: command.description).markdown, to: path)
        print("wrote \(path)")
    }
}
