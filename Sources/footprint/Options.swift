import ArgumentParser
import Foundation
import FootprintCommands
import FootprintLoading
import FootprintModel
import FootprintReport

// The options shared by several commands, each declared once: the model and
// its overrides, the Monte Carlo draws, and where the output goes. They are
// three groups rather than one because `compare` takes two models (with
// `--set-a`/`--set-b`) but the same draws, and `goal-seek` evaluates central
// values and takes no draws; `--samples` and `--seed` mean the same wherever
// they appear.

/// The `--set` option's help, shared by every command that takes overrides.
let overrideHelp = ArgumentHelp(
    "Override a value by its path before validation (repeatable).",
    discussion: "Lists are indexed by element name (or position): sites.aws-us-east-1.pue=1.2, "
        + "fleets.trainium2.utilization=0.7, scenario.resolution=day, accelerators.aws-trainium2.tdp_w=500.",
    valueName: "PATH=VALUE")

/// One scenario file and its `--set` overrides.
struct ModelOptions: ParsableArguments {
    @Argument(help: "The scenario file.", completion: .file(extensions: ["yaml", "yml"]))
    var model: String = ScenarioLoader.defaultModel

    @Option(name: .customLong("set"), help: overrideHelp)
    var overrides: [String] = []

    /// The model compiled for the engine, or a `CommandError`.
    func plan() throws(CommandError) -> EvaluationPlan { try compile(model, overrides: overrides) }

    /// The model's file name without folder and extension (`hybrid-buildout`).
    var name: String { baseName(model) }
}

func baseName(_ path: String) -> String {
    ((path as NSString).lastPathComponent as NSString).deletingPathExtension
}

/// The Monte Carlo: how many draws, from which seed, on how many threads.
struct DrawOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Monte Carlo draws (default: the scenario's samples; 1 = central values, no randomness).")
    var samples: Int?

    @Option(parsing: .unconditional, help: "Random seed (default: the scenario's seed).")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    /// The worker threads to use.
    var workers: Int { threads ?? MonteCarlo.defaultThreads }

    func validate() throws {
        if let samples, samples < 1 { throw ValidationError("--samples must be 1 or more (1 = central values), not \(samples).") }
        if let samples, samples > 1 << 40 { throw ValidationError("--samples \(samples) is more draws than any run can hold: give at most 1,099,511,627,776 (the resource check then says what this machine can do).") }
        if let threads, threads < 1 { throw ValidationError("--threads must be 1 or more, not \(threads).") }
    }

    /// Runs the Monte Carlo of `plan`, with a progress bar on a terminal.
    /// `draws` receives every draw (`run --draws`).
    func summary(_ plan: EvaluationPlan, outputs: OutputSelection = .all, draws: (any DrawObserver)? = nil) throws(CommandError) -> RunSummary {
        let bar = ProgressBar(total: samples ?? plan.scenario.samples, label: "draws")
        defer { bar.finish() }
        return try Jobs.summary(plan, samples: samples, seed: seed, threads: workers, outputs: outputs,
                                progress: { bar.advance($0) }, draws: draws)
    }

    /// An off-grid site's unserved load, as the error it is, with what to do.
    static func refusal(_ e: ShortfallError, _ plan: EvaluationPlan) -> CommandError { .shortfall(e, plan) }

    /// Loads `model` and runs its Monte Carlo.
    func summary(_ model: ModelOptions, outputs: OutputSelection = .all) throws(CommandError) -> RunSummary {
        // Ask for a worker thread now, so that it exists when the Monte
        // Carlo starts instead of arriving a few milliseconds late.
        if workers > 1 { DispatchQueue.global().async {} }
        return try summary(try model.plan(), outputs: outputs)
    }
}

/// The formats a command can print, and its default: `table` wherever
/// there is one (`calibrate` prints a catalog block, in YAML by default).
protocol OutputFormat: ExpressibleByArgument, CaseIterable, RawRepresentable<String> {
    static var defaultFormat: Self { get }
}

/// A format with a `table` case defaults to it.
protocol TableFormat: OutputFormat {
    static var table: Self { get }
}

extension TableFormat {
    static var defaultFormat: Self { .table }
}

enum TableOrJSON: String, TableFormat { case table, json }

/// `--output` for commands that print their result: a file instead of
/// standard output. (`report` and `compare` write a Markdown file wherever
/// they run, so their `--output` is another option: where that file goes.)
struct OutputFile: ParsableArguments {
    @Option(help: "Write to this file (atomically) instead of standard output.", completion: .file())
    var output: String?

    /// Prints `text`, or writes it to `--output`; `Footprint.main` says
    /// why a write failed.
    func write(_ text: String) throws(OutputError) {
        guard let output else { return print(text, terminator: "") }
        try AtomicFile.write(text, to: output)
    }
}

/// `--format` and `--output` for commands that print a table or a data file.
struct OutputOptions<Format: OutputFormat>: ParsableArguments {
    @Option(help: "Output format.")
    var format: Format = .defaultFormat

    @OptionGroup var file: OutputFile

    var output: String? { file.output }

    /// Prints `text`, or writes it to `--output`.
    func write(_ text: String) throws(OutputError) { try file.write(text) }
}

/// A results key, optionally with a year (`emissions_market_tco2e:2030`).
struct MetricArgument: ExpressibleByArgument {
    let selector: MetricSelector
    init?(argument: String) {
        guard let s = MetricSelector(argument) else { return nil }
        selector = s
    }
    var defaultValueDescription: String { selector.description }
}

/// `--shard I/N`: compute the I-th (1-based) of N parts and write it to
/// `--output` for `footprint merge`.
struct ShardOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Compute only part I of N (1-based) and write it to --output for 'footprint merge'.",
                               valueName: "I/N"))
    var shard: String?

    /// The shard asked for, nil for a whole run.
    func parsed() throws -> Shard? {
        guard let shard else { return nil }
        guard let s = Shard(shard) else {
            throw ValidationError("--shard takes I/N with 1 <= I <= N (parts are numbered from 1), e.g. 2/4, not '\(shard)'.")
        }
        return s
    }

    func validate() throws { _ = try parsed() }

    /// A shard's part goes to a file, never to the terminal.
    func requireOutput(_ output: String?) throws {
        if shard != nil && output == nil {
            throw ValidationError("--shard writes a part file for 'footprint merge': give it --output FILE.")
        }
    }
}

/// What a shard's part records besides its payload, for `merge` to check
/// the parts against each other and parse the command again.
struct PartOrigin {
    let command: String
    let model: ModelOptions
    let plan: EvaluationPlan
    let seed: UInt64
    /// Monte Carlo draws, or Sobol's base rows (0 for a tornado).
    let samples: Int
    let format: String
    /// The command's own options that decide its output (`--vary`, `--method`, ...).
    var options: [String] = []
}

extension ShardOptions {
    /// Writes the part of `shard` to `path`, atomically: the header from
    /// `origin`, then what `payload` writes.
    func write(_ shard: Shard, of origin: PartOrigin, to path: String, payload: (inout BinaryWriter) -> Void) throws(OutputError) {
        var bytes = BinaryWriter()
        payload(&bytes)
        let header = PartFile.Header(command: origin.command, model: origin.model.model, modelSHA256: origin.plan.scenario.sha256,
                                     overrides: origin.model.overrides, seed: origin.seed, samples: origin.samples,
                                     format: origin.format, shard: shard, options: origin.options)
        try AtomicFile.write(bytes: PartFile(header: header, payload: bytes.bytes).encoded(), to: path)
    }
}

/// Whether two paths name the same file: the same device and inode where
/// both exist, else the same absolute, standardized path.
func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat(), sb = stat()
    if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
    let cwd = FileManager.default.currentDirectoryPath
    func absolute(_ p: String) -> String { (p.hasPrefix("/") ? p : cwd + "/" + p).replacingOccurrences(of: "//", with: "/") }
    return (absolute(a) as NSString).standardizingPath == (absolute(b) as NSString).standardizingPath
}

/// Refuses a command whose output would overwrite one of its inputs or
/// another of its outputs, before anything runs.
func refuseClobbering(outputs: [(option: String, path: String)], inputs: [(what: String, path: String)]) throws(CommandError) {
    for (i, o) in outputs.enumerated() {
        for input in inputs where sameFile(o.path, input.path) {
            throw .evaluation(file: o.path, message: "\(o.option) \(o.path) is \(input.what): writing it would destroy it; choose another file. Nothing was run or written.")
        }
        for other in outputs[..<i] where sameFile(o.path, other.path) && !AtomicFile.isSpecial(o.path) {
            throw .evaluation(file: o.path, message: "\(o.option) and \(other.option) are the same file (\(o.path)): one would overwrite the other; give each its own. Nothing was run or written.")
        }
    }
}
