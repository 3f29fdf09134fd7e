import Foundation
import Testing

/// `footprint serve` hands its arguments to the explorer's binary, which is
/// built apart (make explore); the explorer itself is tested in Explorer/.
@Suite struct ServeCommandTests {
    @Test func handsItsArgumentsToTheExplorer() throws {
        // /bin/echo stands in for the explorer's binary: it prints what it was given.
        let r = try footprint(["serve", "Models/gigawatt-campus.yaml", "--port", "8090"], environment: ["FOOTPRINT_EXPLORER": "/bin/echo"])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == "Models/gigawatt-campus.yaml --port 8090\n")
    }

    @Test func anExplorerThatIsNotThereIsNamed() throws {
        let r = try footprint(["serve"], environment: ["FOOTPRINT_EXPLORER": "/nonexistent/footprint-explorer"])
        #expect(r.status == 1)
        #expect(r.stderr == "/nonexistent/footprint-explorer: error: FOOTPRINT_EXPLORER names no executable file: unset it, or point it at Explorer/.build/release/footprint-explorer (built by 'make explore')\n")
    }

    @Test func itsHelpIsItsOwnAndNeedsNoExplorer() throws {
        // A fresh clone has not built the explorer: --help must still answer,
        // with this command's page (how to build it, its options).
        let r = try footprint(["serve", "--help"], environment: ["FOOTPRINT_EXPLORER": "/nonexistent/footprint-explorer"])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.hasPrefix("OVERVIEW: Open the explorer"))
        #expect(r.stdout.contains("make explore && footprint serve"))
        #expect(r.stdout.contains("USAGE: footprint serve"))
    }
}
