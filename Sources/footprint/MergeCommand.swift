import ArgumentParser
import Foundation
import FootprintCommands
import FootprintModel
import FootprintReport

/// `footprint merge`: the parts of a sharded run joined into its output.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the parts of a sharded run, sweep or sensitivity into its output.",
        discussion: """
        The parts are the files written by 'footprint run', 'sweep' or \
        'sensitivity' with --shard I/N --output FILE, every I from 1 to N once, \
        in any order. The output is what the unsharded command prints in the \
        format the parts were computed for, byte for byte, whatever N and the \
        threads. The model is read again from the path the parts name and must \
        have the SHA-256 they were computed with. Parts of other models, seeds, \
        sample counts, formats, options or versions, a missing or repeated part, \
        or a truncated one: an error, and nothing is written. A sweep's parts \
        must also agree on --vary, --lhs and --metric; a sensitivity's on \
        --method, --metric, --base-samples and --bootstrap. A sweep merges into \
        its table, JSON or CSV (--report needs the unsharded sweep).

        On a Slurm cluster, scripts/slurm/footprint-sbatch.sh submits the shards \
        as a job array and the merge as a job that depends on it.

        Examples:
          footprint run --shard 1/2 --output part1.fpp
          footprint run --shard 2/2 --output part2.fpp
          footprint merge part1.fpp part2.fpp
          footprint merge part*.fpp --output results.txt
        """
    )

    @Argument(help: "The part files.", completion: .file(extensions: ["fpp"]))
    var parts: [String] = []

    @OptionGroup var output: OutputFile

    func validate() throws {
        if parts.isEmpty { throw ValidationError("give the part files to merge, e.g. footprint merge part1.fpp part2.fpp.") }
    }

    func run() throws {
        if let out = output.output {
            try refuseClobbering(outputs: [("--output", out)], inputs: parts.map { ("the part \($0)", $0) })
        }
        var files: [(path: String, part: PartFile)] = []
        for path in parts {
            try requireRegularFile(path, what: "a part")
            // The header first: a file that is not a part, or whose size is not
            // what its header declares, is refused before the rest is read.
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CommandError.evaluation(file: path, message: "cannot read the part (no such file, or not readable)")
            }
            defer { try? handle.close() }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            let prefix = [UInt8]((try? handle.read(upToCount: 1 << 16)) ?? Data())
            do {
                let declared = try PartFile.declaredSize(prefix)
                if let size, size < declared { throw PartFile.Failure.truncated }
                if let size, size > declared { throw PartFile.Failure.corrupt }
                guard Double(declared) <= 0.5 * Double(ProcessInfo.processInfo.physicalMemory) else {
                    throw CommandError.evaluation(file: path, message: "the part declares \(declared) bytes, more than this machine's memory can merge")
                }
            } catch let e as PartFile.Failure {
                throw CommandError.evaluation(file: path, message: e.description)
            }
            try? handle.seek(toOffset: 0)
            guard let data = try? handle.readToEnd() else {
                throw CommandError.evaluation(file: path, message: "cannot read the part (no such file, or not readable)")
            }
            do { files.append((path, try PartFile.decode([UInt8](data)))) } catch {
                throw CommandError.evaluation(file: path, message: error.description)
            }
        }
        let first = files[0].part.header
        for (path, f) in files {
            let h = f.header
            let pairs: [(String, String, String)] = [
                ("tool version", h.toolVersion, first.toolVersion),
                ("command", h.command, first.command),
                // Before the seed and samples: a sweep's axes or an analysis's method say more.
                ("options", h.options.joined(separator: " "), first.options.joined(separator: " ")),
                ("model", h.model, first.model),
                ("model SHA-256", h.modelSHA256, first.modelSHA256),
                ("overrides", h.overrides.joined(separator: " "), first.overrides.joined(separator: " ")),
                ("seed", h.seed, first.seed),
                ("samples", String(h.samples), String(first.samples)),
                ("format", h.format, first.format),
                ("shard count", String(h.parsedShard.count), String(first.parsedShard.count)),
            ]
            if let d = pairs.first(where: { $0.1 != $0.2 }) {
                throw CommandError.evaluation(file: path, message: "this part has \(d.0) \(d.1.isEmpty ? "(none)" : d.1) but \(parts[0]) has \(d.2.isEmpty ? "(none)" : d.2): parts of different runs cannot be merged; nothing was written")
            }
        }
        let count = first.parsedShard.count
        if let problem = Shard.incompleteness(files.map(\.part.header.parsedShard.index), count: count) {
            throw CommandError.evaluation(file: parts[0], message: problem + ": give every part 1 to \(count) once; nothing was written")
        }
        guard first.toolVersion == FootprintVersion.current else {
            throw CommandError.evaluation(file: parts[0], message: "computed by footprint \(first.toolVersion); this is \(FootprintVersion.current): compute the parts again with this version")
        }
        guard FileManager.default.fileExists(atPath: first.model) else {
            throw CommandError.evaluation(file: first.model, message: "the parts were computed from this model, which is not here: run merge in the folder the parts were computed in (the path is relative to it); nothing was written")
        }
        let plan = try compile(first.model, overrides: first.overrides)
        guard plan.scenario.sha256 == first.modelSHA256 else {
            throw CommandError.evaluation(file: first.model, message: "the model changed since the parts were computed (SHA-256 \(plan.scenario.sha256), parts: \(first.modelSHA256)); compute the parts again; nothing was written")
        }
        let ordered = files.sorted { $0.part.header.parsedShard.index < $1.part.header.parsedShard.index }
        let text: String
        switch first.command {
        case "run":
            guard let format = RunCommand.Format(rawValue: first.format) else { throw unknownFormat(first.format) }
            let runParts = try ordered.map { f throws(CommandError) in try read(f) { r throws(PartFile.Failure) in try MonteCarloPart.read(from: &r) } }
            let summary: RunSummary
            do { summary = try MonteCarlo.merge(plan, parts: runParts) } catch {
                throw CommandError.evaluation(file: parts[0], message: "\(error); nothing was written")
            }
            text = RunCommand.text(summary, format: format)
        case "sweep":
            guard let format = SweepCommand.Format(rawValue: first.format) else { throw unknownFormat(first.format) }
            let sweep = try options(SweepCommand.self, first)
            let job: SweepJob
            do { job = try sweep.job() } catch { throw badOptions(first, SweepCommand.message(for: error)) }
            let axes = job.axes
            let (variants, metrics) = job.variants(seed: UInt64(first.seed)!)
            let shards = try ordered.map { f throws(CommandError) in
                try read(f) { r throws(PartFile.Failure) in try MonteCarloPart.readVariants(from: &r) }
            }
            for (f, s) in zip(ordered, shards) where s.count != variants.count {
                throw CommandError.evaluation(file: f.path, message: "this part holds \(s.count) variants but the sweep it names has \(variants.count); compute this shard again; nothing was written")
            }
            let result: SweepResult
            do {
                result = try Sweep.merge(axes, variants, metrics: metrics, parts: variants.indices.map { v in shards.map { $0[v] } },
                                         compile: job.compileVariant)
            } catch let e as SweepError {
                throw CommandError.evaluation(file: first.model, message: e.description)
            } catch let e as MonteCarlo.MergeFailure {
                throw CommandError.evaluation(file: parts[0], message: "\(e); nothing was written")
            }
            text = SweepCommand.text(result, format: format, model: first.model, latinHypercube: sweep.lhs != nil)
        case "sensitivity":
            guard let format = TableOrJSON(rawValue: first.format) else { throw unknownFormat(first.format) }
            let analysis = try options(SensitivityCommand.self, first)
            let sensitivityParts = try ordered.map { f throws(CommandError) in
                try read(f) { r throws(PartFile.Failure) in try SensitivityPart.read(from: &r) }
            }
            let metric = analysis.metric.selector
            do {
                switch analysis.method {
                case .tornado:
                    let t = try ScenarioSensitivity.mergeTornado(plan, metric: metric, parts: sensitivityParts)
                    text = SensitivityCommand.text(t, metric: metric, format: format)
                case .sobol:
                    let s = try ScenarioSensitivity.mergeSobol(plan, metric: metric, n: analysis.baseSamples, seed: UInt64(first.seed)!,
                                                               bootstrap: analysis.bootstrap, parts: sensitivityParts)
                    text = SensitivityCommand.text(s, metric: metric, samples: analysis.baseSamples, format: format)
                }
            } catch let e as ScenarioSensitivity.Failure {
                throw CommandError.evaluation(file: first.model, message: "\(e)")
            } catch let e as MonteCarlo.MergeFailure {
                throw CommandError.evaluation(file: parts[0], message: "\(e); nothing was written")
            }
        default:
            throw CommandError.evaluation(file: parts[0], message: "parts of '\(first.command)' cannot be merged by this version")
        }
        try output.write(text)
    }

    /// A part's payload read by `body`, which must consume all of it.
    func read<T>(_ file: (path: String, part: PartFile), _ body: (inout BinaryReader) throws(PartFile.Failure) -> T) throws(CommandError) -> T {
        var r = BinaryReader(file.part.payload)
        do throws(PartFile.Failure) {
            let value = try body(&r)
            guard r.atEnd else { throw PartFile.Failure.corrupt }
            return value
        } catch {
            throw CommandError.evaluation(file: file.path, message: error.description)
        }
    }

    /// The command of the parts, parsed from the model, overrides and
    /// options their header records (so merge reads them as it did).
    func options<Command: ParsableCommand>(_ type: Command.Type, _ header: PartFile.Header) throws(CommandError) -> Command {
        do { return try Command.parse([header.model] + header.overrides.flatMap { ["--set", $0] } + header.options) } catch {
            throw badOptions(header, Command.message(for: error))
        }
    }

    func badOptions(_ header: PartFile.Header, _ why: String) -> CommandError {
        .evaluation(file: parts[0], message: "the parts' options (\(header.options.joined(separator: " "))) are not what this version's '\(header.command)' takes: \(why)")
    }

    func unknownFormat(_ format: String) -> CommandError {
        .evaluation(file: parts[0], message: "the parts were computed for format '\(format)', which this version does not know")
    }
}
