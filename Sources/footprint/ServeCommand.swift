import ArgumentParser
import Foundation
import FootprintCommands

/// `footprint serve`: starts the explorer, which is built apart from this
/// binary (`make explore`) so that the core tool never builds an HTTP server.
/// This command finds the explorer's binary and hands it its arguments.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Open the explorer: a local web page where you change any input and watch the ranges move.",
        discussion: """
        The explorer is built separately, with 'make explore' (it brings an HTTP \
        server the rest of the tool does not need). It serves one page and a JSON \
        API (docs/explorer.md) over MODEL; every answer is what 'footprint run | \
        sensitivity | sweep … --format json' prints for the same overrides, samples \
        and seed.

        Options (passed to the explorer):
          MODEL                 the scenario file (default: Models/hybrid-buildout.yaml)
          --port N              TCP port (default 8080; 0: any free port)
          --host ADDRESS        default 127.0.0.1; any other address is reachable
                                from the network (a warning says so)
          --slots N             runs at once (default: the cores); more wait or get 503
          --seconds S           work a request gets unless it asks for more (default 1)
          --max-seconds S       the most a request may ask for (default 120)

        Examples:
          make explore && footprint serve
          footprint serve Models/gigawatt-campus.yaml --port 8090

        The explorer's binary is looked for in FOOTPRINT_EXPLORER, beside this \
        binary, then in Explorer/.build/release/ of the package this binary was \
        built in and of the working directory.
        """
    )

    @Argument(parsing: .captureForPassthrough, help: "The model and the explorer's options (above).")
    var arguments: [String] = []

    func run() throws {
        // The arguments pass through to the explorer, but the help is this
        // command's own: it is there to read before the explorer is built.
        let own = arguments.prefix { $0 != "--" }
        if own.contains("--help") || own.contains("-h") || own.contains("-help") {
            print(Footprint.helpMessage(for: Self.self))
            return
        }
        if let given = ProcessInfo.processInfo.environment["FOOTPRINT_EXPLORER"], !given.isEmpty,
           !FileManager.default.isExecutableFile(atPath: given) {
            throw CommandError.evaluation(file: given, message: "FOOTPRINT_EXPLORER names no executable file: unset it, or point it at Explorer/.build/release/footprint-explorer (built by 'make explore')")
        }
        guard let explorer = Self.locate() else {
            throw CommandError.evaluation(file: "footprint serve", message: "the explorer is not built: run 'make explore' in the package folder (it builds Explorer/, the web server the core tool leaves out), then 'footprint serve' again")
        }
        let argv = [explorer] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        execv(explorer, &cArgs)
        throw CommandError.evaluation(file: explorer, message: "cannot start the explorer: \(String(cString: strerror(errno)))")
    }

    /// The explorer's binary, where `make explore` puts it.
    static func locate() -> String? {
        let name = "footprint-explorer"
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["FOOTPRINT_EXPLORER"], !env.isEmpty { return env }
        let me = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        let folder = me.deletingLastPathComponent()
        candidates.append(folder.appendingPathComponent(name).path)
        // .build/release/footprint → the package folder, three up.
        let package = folder.deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(package.appendingPathComponent("Explorer/.build/release/\(name)").path)
        candidates.append(FileManager.default.currentDirectoryPath + "/Explorer/.build/release/\(name)")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
