import ArgumentParser
import Foundation
import FootprintModel
import FootprintReport

/// `footprint merge`: the parts of a sharded run joined into its output.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the parts of a sharded run into the output of the whole run.",
        discussion: """
        The parts are the files written by 'footprint run ... --shard I/N --output \\
        FILE', every I from 1 to N once, in any order. The output is the one the \\
        unsharded run prints in the format the parts were computed for, byte for \\
        byte, whatever N and the threads. The model is read again (from the path \\
        the parts name) and must have the SHA-256 they were computed with. Parts of \\
        other models, seeds, sample counts, formats or versions, a missing or \\
        repeated part, or a truncated one: an error, and nothing is written.

        Typically: 'footprint run --shard I/N --output partI.fpp' for I = 1..N \
        (a Slurm job array), then 'footprint merge part*.fpp --output results.json'.

        Examples:
          footprint merge $(footprint run --shard 1/1 --output p.fpp && echo p.fpp)
        """
    )

    @Argument(help: "The part files.", completion: .file(extensions: ["fpp"]))
    var parts: [String]

    @Option(help: "Write to this file (atomically) instead of standard output.", completion: .file())
    var output: String?

    func validate() throws {
        if parts.isEmpty { throw ValidationError("give the part files to merge, e.g. footprint merge part1.fpp part2.fpp.") }
    }

    func run() throws {
        var files: [PartFile] = []
        for path in parts {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandError.evaluation(file: path, message: "cannot read the part")
            }
            do { files.append(try PartFile.decode(data, file: path)) } catch {
                throw CommandError.evaluation(file: path, message: String(error.description.split(separator: ": error: ").last ?? ""))
            }
        }
        let first = files[0].header
        for (path, f) in zip(parts, files) {
            let h = f.header
            func count(_ shard: String) -> String { String(shard.split(separator: "/").last ?? "") }
            var pairs: [(String, String, String)] = []
            pairs.append(("tool version", h.toolVersion, first.toolVersion))
            pairs.append(("command", h.command, first.command))
            pairs.append(("model", h.model, first.model))
            pairs.append(("model SHA-256", h.modelSHA256, first.modelSHA256))
            pairs.append(("overrides", h.overrides.joined(separator: " "), first.overrides.joined(separator: " ")))
            pairs.append(("seed", h.seed, first.seed))
            pairs.append(("samples", String(h.samples), String(first.samples)))
            pairs.append(("format", h.format, first.format))
            pairs.append(("shard count", count(h.shard), count(first.shard)))
            let differences = pairs.filter { $0.1 != $0.2 }
            if let d = differences.first {
                throw CommandError.evaluation(file: path, message: "this part has \(d.0) \(d.1.isEmpty ? "(none)" : d.1) but \(parts[0]) has \(d.2.isEmpty ? "(none)" : d.2): parts of different runs cannot be merged; nothing was written")
            }
        }
        guard first.toolVersion == FootprintVersion.current else {
            throw CommandError.evaluation(file: parts[0], message: "computed by footprint \(first.toolVersion); this is \(FootprintVersion.current): compute the parts again with this version")
        }
        let plan = try compile(first.model, overrides: first.overrides)
        guard plan.scenario.sha256 == first.modelSHA256 else {
            throw CommandError.evaluation(file: first.model, message: "the model changed since the parts were computed (SHA-256 \(plan.scenario.sha256), parts: \(first.modelSHA256)); nothing was written")
        }
        let text: String
        switch first.command {
        case "run":
            guard let format = RunCommand.Format(rawValue: first.format) else {
                throw CommandError.evaluation(file: parts[0], message: "unknown format '\(first.format)'")
            }
            let summary: RunSummary
            do { summary = try MonteCarlo.merge(plan, parts: files.map(\.part)) } catch {
                throw CommandError.evaluation(file: parts[0], message: "\(error); nothing was written")
            }
            text = RunCommand.text(summary, format: format)
        default:
            throw CommandError.evaluation(file: parts[0], message: "parts of '\(first.command)' cannot be merged by this version")
        }
        guard let output else { return print(text, terminator: "") }
        do { try AtomicFile.write(text, to: output) } catch {
            throw CommandError.cannotWrite(path: output, reason: error.localizedDescription)
        }
    }
}
