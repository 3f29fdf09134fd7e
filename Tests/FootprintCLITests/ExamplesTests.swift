import Foundation
import Testing

/// Every example a user is shown runs as written on the shipped models: the
/// indented `footprint ...` lines of each `--help`, and the `footprint ...`
/// lines of the code blocks of README.md and docs/*.md.
///
/// They run through `sh` (so `Models/*.yaml` expands) in a scratch folder
/// laid out like the package — `Models` links to the package's models and
/// `footprint` on the PATH is the built binary — so that examples writing
/// `Reports/...` or `results.csv` leave the repository as it was.
@Suite(.serialized) struct ExamplesTests {
    /// The example commands in `text`: lines starting with `footprint `
    /// (indented ones only in help text), without a trailing `# comment`;
    /// a line ending in `\` continues on the next.
    static func commands(in text: String, indentedOnly: Bool) -> [String] {
        let lines = text.components(separatedBy: "\n")
        var commands: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            i += 1
            guard trimmed.hasPrefix("footprint "), !indentedOnly || line.first == " " else { continue }
            var command = trimmed
            while command.hasSuffix("\\"), i < lines.count {
                command = String(command.dropLast()).trimmingCharacters(in: .whitespaces) + " " + lines[i].trimmingCharacters(in: .whitespaces)
                i += 1
            }
            if let comment = command.range(of: " #") { command = String(command[..<comment.lowerBound]) }
            commands.append(command.trimmingCharacters(in: .whitespaces))
        }
        return commands
    }

    /// The lines inside the fenced code blocks of a Markdown text.
    static func codeBlocks(_ markdown: String) -> String {
        var inside = false
        var kept: [String] = []
        for line in markdown.components(separatedBy: "\n") {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inside.toggle(); continue }
            if inside { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    /// `footprint ARGUMENTS --help` as printed on a terminal `columns` wide.
    static func help(_ arguments: [String], columns: Int) throws -> String {
        let r = try footprint(arguments + ["--help"], environment: ["COLUMNS": String(columns)])
        #expect(r.status == 0, "\(r)")
        return r.stdout
    }

    /// The subcommands the root's help lists.
    static func subcommands() throws -> [String] {
        let text = try help([], columns: 80)
        guard let section = text.range(of: "SUBCOMMANDS:\n") else { return [] }
        var names: [String] = []
        for line in text[section.upperBound...].components(separatedBy: "\n") {
            if line.isEmpty { break }
            // "  name   abstract"; wrapped abstracts are indented further.
            if line.hasPrefix("  "), line.dropFirst(2).first != " ", let name = line.split(separator: " ").first {
                names.append(String(name))
            }
        }
        return names
    }

    /// A copy of the package's layout where a user follows one page's
    /// examples in order (so `merge` finds the parts the examples before it
    /// wrote); removed when done.
    final class Sandbox {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-examples-\(UUID().uuidString)")

        init() throws {
            let bin = folder.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("Models"), withDestinationURL: packageRoot.appendingPathComponent("Models"))
            try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("footprint"), withDestinationURL: try FootprintBinary.url())
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// Runs `command` as a user would: its exit status and what it printed.
        func run(_ command: String) throws -> ProcessOutput {
            let bin = folder.appendingPathComponent("bin")
            let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            return try ChildProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: folder, environment: ["PATH": path],
                                    captureStdout: false, described: "\(command) [footprint = \(FootprintBinary.summary)]").finish()
        }
    }

    @Test func everyHelpHasExamplesThatRunAsWritten() throws {
        let commands = try Self.subcommands()
        #expect(commands == ["run", "report", "disclose", "compare", "league", "validate", "catalog", "sensitivity", "sweep", "goal-seek", "calibrate", "merge", "serve"])
        var count = 0
        for command in [[]] + commands.map({ [$0] }) {
            let sandbox = try Sandbox()
            let page = "footprint \(command.joined()) --help"
            let examples = Self.commands(in: try Self.help(command, columns: 80), indentedOnly: true)
            #expect(!examples.isEmpty, "\(page) has no example")
            // On a terminal 80 columns wide no example is broken over two
            // lines: the list is the same as on a very wide one.
            let wide = Self.commands(in: try Self.help(command, columns: 1000), indentedOnly: true)
            #expect(examples == wide, "\(page): an example wraps at 80 columns")
            // merge's examples first compute the parts it joins.
            let allowed = command == ["merge"] ? ["merge", "run"] : command
            for example in examples where !command.isEmpty {
                #expect(allowed.contains { example.hasPrefix("footprint \($0) ") || example == "footprint \($0)" },
                        "\(page) shows an example of another command: \(example)")
            }
            // serve's examples start a server that runs until Ctrl-C: the
            // explorer's own tests (make explore-test) start it.
            for example in examples where command != ["serve"] {
                let r = try sandbox.run(example)
                #expect(r.status == 0, "\(page): \(r)")
                count += 1
            }
        }
        #expect(count >= 20)
    }

    @Test(arguments: ["README.md", "docs/cli.md", "docs/architecture.md", "docs/scenario-format.md", "docs/results.md"])
    func markdownExamplesRunAsWritten(_ file: String) throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
        let examples = Self.commands(in: Self.codeBlocks(text), indentedOnly: false)
        if file == "README.md" || file == "docs/cli.md" { #expect(examples.count >= 5, "\(file) shows few examples") }
        let sandbox = try Sandbox()
        for example in examples {
            let r = try sandbox.run(example)
            #expect(r.status == 0, "\(file): \(r)")
        }
    }

    @Test func extractionJoinsContinuationsAndDropsComments() {
        let text = """
          footprint run                  # the default
          footprint compare A.yaml B.yaml \\
              --set-b x=1
        not footprint
        footprint catalog
        """
        #expect(Self.commands(in: text, indentedOnly: true) == ["footprint run", "footprint compare A.yaml B.yaml --set-b x=1"])
        #expect(Self.commands(in: text, indentedOnly: false).last == "footprint catalog")
        #expect(Self.codeBlocks("a\n```sh\nfootprint run\n```\nfootprint x") == "footprint run")
    }
}
