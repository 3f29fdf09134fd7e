import Foundation
import FootprintExplorer
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Every example of docs/explorer.md, run against the default model: the
/// status it shows, and the body it shows (`…` ends a body shown in part)
/// or, after `= `, the command whose output the body equals byte for byte.
@Suite struct DocsExamplesTests {
    struct Example {
        let method: HTTPRequest.Method
        let path: String
        let body: String
        let status: Int
        let expected: String
    }

    static func examples() throws -> [Example] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("docs/explorer.md"), encoding: .utf8)
        var examples: [Example] = []
        var block: [String]?
        for line in text.components(separatedBy: "\n") {
            if line == "```http" { block = []; continue }
            guard var lines = block else { continue }
            if line == "```" {
                block = nil
                let request = lines.removeFirst().split(separator: " ", maxSplits: 1).map(String.init)
                let blank = lines.firstIndex(of: "")!
                let status = lines[blank + 1].split(separator: " ")[1]
                examples.append(Example(method: HTTPRequest.Method(request[0])!, path: request[1],
                                        body: lines[..<blank].joined(separator: "\n"), status: Int(status)!,
                                        expected: lines[(blank + 2)...].joined(separator: "\n")))
                continue
            }
            lines.append(line)
            block = lines
        }
        return examples
    }

    @Test func everyExampleAnswersAsShown() async throws {
        let examples = try Self.examples()
        #expect(examples.count >= 8)
        try await explorer(budget: 1).test(.router) { client in
            for e in examples {
                try await client.execute(uri: e.path, method: e.method, body: e.body.isEmpty ? nil : ByteBuffer(string: e.body)) { r in
                    #expect(r.status.code == e.status, "\(e.method) \(e.path) \(e.body): \(r.text)")
                    if e.expected.hasPrefix("= footprint ") {
                        let cli = try shell(String(e.expected.dropFirst(2)))
                        #expect(r.text == cli, "\(e.expected)")
                    } else if e.expected.hasSuffix("…") {
                        #expect(r.text.hasPrefix(String(e.expected.dropLast())), "\(e.path) \(e.body): \(r.text)")
                    } else {
                        #expect(r.text == e.expected + "\n", "\(e.path) \(e.body)")
                    }
                }
            }
        }
    }

    /// A documented command, through `sh` (for its quoting), with
    /// `footprint` the binary under test; its standard output.
    func shell(_ command: String) throws -> String {
        let bin = ProcessInfo.processInfo.environment["FOOTPRINT_BIN"] ?? packageRoot.appendingPathComponent(".build/release/footprint").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "footprint() { \"$FOOTPRINT\" \"$@\"; }; " + command]
        p.environment = ProcessInfo.processInfo.environment.merging(["FOOTPRINT": bin]) { $1 }
        p.currentDirectoryURL = packageRoot
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(command)")
        return String(decoding: data, as: UTF8.self)
    }
}
