import ArgumentParser
import Foundation
import FootprintModel
import FootprintReport

@main
struct Footprint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint",
        abstract: "Power, energy, water and carbon of AI compute build-outs, with honest ranges.",
        discussion: """
        Scenarios are YAML files in Models/ (see DESIGN.md); reference data with \
        sources lives in Models/catalog/.

        Examples:
          footprint run                                   # the default scenario, as a table
          footprint run Models/gigawatt-campus.yaml --format json
          footprint run --set sites.us-east.pue=1.2 --set fleets.trainium.utilization=0.7
          footprint validate Models/*.yaml
          footprint catalog grids
          footprint sensitivity --method tornado
          footprint goal-seek --vary sites.us-east.pue --metric energy_facility_mwh --target 5e6
        """,
        version: FootprintVersion.current,
        subcommands: [Run.self, Report.self, Compare.self, Validate.self, CatalogCommand.self, Sensitivity.self, GoalSeekCommand.self, Bench.self]
    )

    static func main() {
        Interrupts.install()
        main(nil)
    }
}

/// Options shared by the commands that evaluate a model.
struct ModelOptions: ParsableArguments {
    @Argument(help: "The scenario file.", completion: .file(extensions: ["yaml", "yml"]))
    var model: String = ScenarioLoader.defaultModel

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a value by its path before validation (repeatable).",
        discussion: "PATH names keys, list elements by name: sites.us-east.pue=1.2, fleets.trainium.utilization=0.7, scenario.resolution=day, accelerators.aws-trainium2.tdp_w=500.",
        valueName: "PATH=VALUE"))
    var overrides: [String] = []

    @Option(help: "Monte Carlo draws (default: the scenario's samples; 1 = central values).")
    var samples: Int?

    @Option(help: "Random seed (default: the scenario's seed).")
    var seed: UInt64?

    @Option(help: "Worker threads for Monte Carlo (default: all cores). Results do not depend on it.")
    var threads: Int = MonteCarlo.defaultThreads

    func validate() throws {
        if let samples, samples < 1 { throw ValidationError("--samples must be 1 or more (1 = central values), not \(samples).") }
        if threads < 1 { throw ValidationError("--threads must be 1 or more, not \(threads).") }
    }

    /// Loads, compiles and runs the model, or prints its errors and fails.
    func summary(outputs: OutputSelection = .all) throws -> RunSummary {
        // Ask for a worker thread now, so that it exists when the Monte
        // Carlo starts instead of arriving a few milliseconds late.
        if threads > 1 { DispatchQueue.global().async {} }
        let scenario = try loadOrExit(model, overrides: overrides)
        try checkResourcesOrExit(scenario, samples: samples ?? scenario.samples, outputs: outputs, threads: threads)
        let plan: EvaluationPlan
        do { plan = try EvaluationPlan(scenario) } catch {
            FileHandle.standardError.write(Data("\(model): error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let n = samples ?? scenario.samples
        let bar = ProgressBar(total: n, label: "draws")
        defer { bar.finish() }
        return MonteCarlo.run(plan, samples: n, seed: seed ?? scenario.seed, threads: threads, outputs: outputs,
                              progress: { bar.advance($0) })
    }
}

func loadOrExit(_ file: String, overrides: [String] = []) throws -> Scenario {
    do {
        return try ScenarioLoader.load(file: file, overrides: overrides)
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode.failure
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate a scenario and print its results.",
        discussion: """
        JSON is the results contract of DESIGN.md (totals, periods, fleets, sites; \
        each value as mean, p5, p50, p95). CSV has one row per scope and year.

        Examples:
          footprint run
          footprint run Models/gpt3-training.yaml --format json
          footprint run --samples 5000 --seed 7 --format csv > results.csv
        """
    )

    @OptionGroup var options: ModelOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(help: "Write to this file (atomically) instead of standard output.", completion: .file())
    var output: String?

    func run() throws {
        // Only what the format prints: JSON has the sites' whole horizon
        // only, the table the totals.
        let outputs: OutputSelection = switch format {
        case .table: .totals
        case .json: OutputSelection(fleetPeriods: true, sitePeriods: false)
        case .csv: .all
        }
        let summary = try options.summary(outputs: outputs)
        let text: String
        switch format {
        case .table: text = ResultsExport.table(summary)
        case .json: text = ResultsExport.json(summary)
        case .csv: text = ResultsExport.csv(summary)
        }
        if let output {
            do { try AtomicFile.write(text, to: output) } catch {
                FileHandle.standardError.write(Data("\(output): error: cannot write: \(error.localizedDescription)\n".utf8))
                throw ExitCode.failure
            }
        } else {
            print(text, terminator: "")
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them.",
        discussion: """
        Reports every problem with its file, line, column and key; exits 0 when all are clean.

        Example:
          footprint validate Models/*.yaml
        """
    )

    @Argument(help: "Scenario files.", completion: .file(extensions: ["yaml", "yml"]))
    var models: [String] = [ScenarioLoader.defaultModel]

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value before validation (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    func run() throws {
        var failed = false
        for m in models {
            do {
                let s = try ScenarioLoader.load(file: m, overrides: overrides)
                try ResourceLimits.machine.check(s, samples: s.samples)
                _ = try EvaluationPlan(s)
                print("\(m): ok (\(s.sites.count) sites, \(s.fleets.count) fleets)")
            } catch let e as ModelErrors {
                FileHandle.standardError.write(Data((e.description + "\n").utf8))
                failed = true
            } catch {
                FileHandle.standardError.write(Data("\(m): error: \(error)\n".utf8))
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "List the reference data (accelerators, grids) with their sources.",
        discussion: """
        Examples:
          footprint catalog accelerators
          footprint catalog grids --format json
        """
    )

    enum Section: String, ExpressibleByArgument, CaseIterable { case accelerators, grids, all }
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "What to list: accelerators, grids or all.")
    var section: Section = .all

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Option(help: "The catalog folder.")
    var directory: String = "Models/catalog"

    func run() throws {
        let catalog: Catalog
        do { catalog = try Catalog.load(directory: directory) } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        if catalog.acceleratorOrder.isEmpty && catalog.gridOrder.isEmpty {
            FileHandle.standardError.write(Data("\(directory): no accelerators.yaml or grids.yaml found\n".utf8))
            throw ExitCode.failure
        }
        switch format {
        case .json: print(CatalogExport.json(catalog, accelerators: section != .grids, grids: section != .accelerators), terminator: "")
        case .table: print(CatalogExport.table(catalog, accelerators: section != .grids, grids: section != .accelerators), terminator: "")
        }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the Markdown report of a scenario, with SVG charts beside it.",
        discussion: """
        Writes Reports/NAME.md (NAME from the model file) and Reports/NAME/*.svg, \
        atomically: a failing run leaves an existing report as it was. The same \
        model, seed and samples give byte-identical files.

        Examples:
          footprint report
          footprint report Models/gigawatt-campus.yaml --samples 5000
          footprint report --set sites.us-east.pue=1.3 --output /tmp/what-if.md
        """
    )

    @OptionGroup var options: ModelOptions

    @Option(help: "Where to write the Markdown file (charts go in a folder of the same name beside it).", completion: .file())
    var output: String?

    func run() throws {
        let summary = try options.summary()
        let name = ((options.model as NSString).lastPathComponent as NSString).deletingPathExtension
        let path = output ?? "Reports/\(name).md"
        let reportName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let tornado = (try? ScenarioSensitivity.tornado(summary.plan, metric: MarkdownReport.tornadoMetric)) ?? []
        var command = "footprint report \(options.model) --samples \(summary.samples) --seed \(summary.seed)"
        for o in options.overrides { command += " --set '\(o)'" }
        let report = MarkdownReport(summary: summary, tornado: tornado, name: reportName, command: command)
        do {
            try ReportWriter.write(markdown: report.markdown, charts: report.charts, to: path)
        } catch {
            FileHandle.standardError.write(Data("\(path): error: cannot write the report: \(error.localizedDescription)\n".utf8))
            throw ExitCode.failure
        }
        print("wrote \(path) and \(report.charts.count) charts in \((path as NSString).deletingPathExtension)/")
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Write one report with two scenarios side by side.",
        discussion: """
        Totals with their differences, per-year differences and the inputs that differ. \
        Writes Reports/compare-A-vs-B.md by default, atomically.

        Examples:
          footprint compare Models/hybrid-buildout.yaml Models/gigawatt-campus.yaml
          footprint compare Models/hybrid-buildout.yaml Models/hybrid-buildout.yaml --set-b sites.aws-us-east-1.pue=1.3
        """
    )

    @Argument(help: "Scenario A.") var modelA: String
    @Argument(help: "Scenario B.") var modelB: String

    @Option(name: .customLong("set-a"), help: ArgumentHelp("Override a value of A (repeatable).", valueName: "PATH=VALUE"))
    var overridesA: [String] = []
    @Option(name: .customLong("set-b"), help: ArgumentHelp("Override a value of B (repeatable).", valueName: "PATH=VALUE"))
    var overridesB: [String] = []

    @Option(help: "Monte Carlo draws for both (default: each scenario's own).") var samples: Int?
    @Option(help: "Random seed for both (default: each scenario's own).") var seed: UInt64?
    @Option(help: "Worker threads.") var threads: Int = MonteCarlo.defaultThreads
    @Option(help: "Where to write the Markdown file.", completion: .file()) var output: String?

    func validate() throws {
        if let samples, samples < 1 { throw ValidationError("--samples must be 1 or more, not \(samples).") }
    }

    func run() throws {
        func summary(_ model: String, _ overrides: [String]) throws -> RunSummary {
            let plan = try compile(model, overrides)
            return MonteCarlo.run(plan, samples: samples ?? plan.scenario.samples, seed: seed ?? plan.scenario.seed, threads: threads)
        }
        let a = try summary(modelA, overridesA), b = try summary(modelB, overridesB)
        let name = { (m: String) in ((m as NSString).lastPathComponent as NSString).deletingPathExtension }
        let path = output ?? "Reports/compare-\(name(modelA))-vs-\(name(modelB)).md"
        var command = "footprint compare \(modelA) \(modelB)"
        for o in overridesA { command += " --set-a '\(o)'" }
        for o in overridesB { command += " --set-b '\(o)'" }
        if let samples { command += " --samples \(samples)" }
        if let seed { command += " --seed \(seed)" }
        do { try AtomicFile.write(CompareReport(a: a, b: b, command: command).markdown, to: path) } catch {
            FileHandle.standardError.write(Data("\(path): error: cannot write: \(error.localizedDescription)\n".utf8))
            throw ExitCode.failure
        }
        print("wrote \(path)")
    }
}
