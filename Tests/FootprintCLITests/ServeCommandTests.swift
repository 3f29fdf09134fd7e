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
}
