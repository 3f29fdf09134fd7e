import ArgumentParser
import FootprintCommands
import FootprintLoading
import FootprintModel

/// `footprint validate`: check scenario files without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them.",
        discussion: """
        Reports every problem with its file, line, column and key; exits 0 when all are clean.

        Examples:
          footprint validate Models/*.yaml
          footprint validate --set scenario.resolution=hour
        """
    )

    @Argument(help: "Scenario files.", completion: .file(extensions: ["yaml", "yml"]))
    var models: [String] = [ScenarioLoader.defaultModel]

    @Option(name: .customLong("set"), help: overrideHelp)
    var overrides: [String] = []

    func run() throws {
        var failures: [CommandError] = []
        for m in models {
            do {
                let plan = try compile(m, overrides: overrides)
                print("\(m): ok (\(plan.scenario.sites.count) sites, \(plan.scenario.fleets.count) fleets)")
            } catch {
                failures.append(error)
            }
        }
        if !failures.isEmpty { throw CommandError.several(failures) }
    }
}
