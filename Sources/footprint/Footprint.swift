import ArgumentParser
import Foundation
import FootprintCommands
import FootprintModel
import FootprintReport

/// The root command: lists the subcommands and is the one place where a
/// failure is printed and turned into an exit status.
@main
struct Footprint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint",
        abstract: "Power, energy, water and carbon of AI compute build-outs, with honest ranges.",
        discussion: """
        Scenarios are YAML files in Models/; reference data with sources lives in \
        Models/catalog/. Run from the package folder, or give a model's path. \
        'footprint serve' opens the explorer, a local web page over a model \
        (built apart with 'make explore').

        Examples:
          footprint run                     # the default scenario, as a table
          footprint run Models/gigawatt-campus.yaml --format json
          footprint run --set sites.aws-us-east-1.pue=1.2
          footprint validate Models/*.yaml
          footprint catalog grids
          footprint sensitivity --method tornado
          footprint sweep --vary sites.aws-us-east-1.pue=1.1:1.5:5
          footprint calibrate Models/telemetry/example-nvidia-smi.csv
        """,
        version: FootprintVersion.current,
        subcommands: [
            RunCommand.self, ReportCommand.self, DiscloseCommand.self, CompareCommand.self, LeagueCommand.self, ValidateCommand.self,
            CatalogCommand.self, SensitivityCommand.self, SweepCommand.self, GoalSeekCommand.self, CalibrateCommand.self,
            MergeCommand.self, ServeCommand.self,
        ]
    )

    /// Parses, runs, and prints any failure: a `CommandError` as its
    /// `file:line:column: error: ...` lines with exit status 1, and so an
    /// output that could not be written (the one place an `OutputError`
    /// becomes a message); usage errors, `--help` and `--version` as
    /// ArgumentParser prints them.
    static func main() {
        Interrupts.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CommandError {
            fail(error)
        } catch let error as OutputError {
            fail(.cannotWrite(path: error.path, reason: error.reason))
        } catch {
            exit(withError: error)
        }
    }

    private static func fail(_ error: CommandError) -> Never {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        Foundation.exit(1)
    }
}
