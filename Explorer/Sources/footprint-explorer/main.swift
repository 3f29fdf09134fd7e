import ArgumentParser
import Foundation
import FootprintCommands
import FootprintExplorer
import FootprintLoading
import FootprintModel
import Hummingbird

/// `footprint serve` (the `footprint` command hands `serve` to this
/// binary): the explorer on one model.
@main
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint serve",
        abstract: "A local web page where you change any input and watch the ranges move (the explorer).",
        discussion: """
        Serves one page and a JSON API (docs/explorer.md) over MODEL: every answer \
        is what 'footprint run|sensitivity|sweep … --format json' prints for the \
        same overrides, samples and seed. Listens on 127.0.0.1 unless --host says \
        otherwise. Reads only MODEL and the catalog and profiles it names. Each \
        request gets --seconds of work unless it asks for more (up to \
        --max-seconds); --slots run at once, the rest wait or get 503. Ctrl-C stops it.

        Examples:
          footprint serve
          footprint serve Models/gigawatt-campus.yaml --port 8090
        """
    )

    @Argument(help: "The scenario file.", completion: .file(extensions: ["yaml", "yml"]))
    var model: String = ScenarioLoader.defaultModel

    @Option(parsing: .unconditional, help: "TCP port (0: any free port, printed at start).")
    var port: Int = 8080

    @Option(help: "Address to listen on. Anything but 127.0.0.1, ::1 or localhost exposes the explorer to the network (a warning says so).")
    var host: String = "127.0.0.1"

    @Option(parsing: .unconditional, help: "Runs at once (default: the cores).")
    var slots: Int = MonteCarlo.defaultThreads

    @Option(parsing: .unconditional, help: "Seconds of work a request gets unless it asks for more.")
    var seconds: Double = 1

    @Option(name: .customLong("max-seconds"), parsing: .unconditional, help: "The most seconds of work a request may ask for.")
    var maxSeconds: Double = 120

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535, not \(port).") }
        if slots < 1 { throw ValidationError("--slots must be 1 or more, not \(slots).") }
        if !(seconds > 0 && seconds.isFinite) { throw ValidationError("--seconds must be above 0, not \(seconds).") }
        if !(maxSeconds >= seconds && maxSeconds.isFinite) { throw ValidationError("--max-seconds must be at least --seconds (\(seconds)), not \(maxSeconds).") }
    }

    func run() async throws {
        let config = ExplorerConfiguration(model: model, host: host, port: port, slots: slots, defaultBudget: seconds, maxBudget: maxSeconds)
        if !config.isLoopback {
            FileHandle.standardError.write(Data("warning: listening on \(host): anyone who can reach this machine can use the explorer (it has no login). Use --host 127.0.0.1 to keep it local.\n".utf8))
        }
        let app: any ApplicationProtocol
        do { app = try Explorer.application(config) } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        try await app.runService()
    }
}
