import Foundation
import FootprintLoading
import FootprintModel
import FootprintReport

/// What `run`, `sensitivity`, `sweep` and `report` compute, apart from their
/// command line: the command line and the explorer both call these, so the
/// explorer's answers are the command's output byte for byte. Each checks
/// the work it will do against `limits` first (the machine's, or the
/// explorer's per-request budget).
public enum Jobs {
    /// The Monte Carlo of `plan`: `samples` draws (the scenario's when nil).
    public static func summary(_ plan: EvaluationPlan, samples: Int?, seed: UInt64?, threads: Int, outputs: OutputSelection = .all,
                               limits: ResourceLimits = .machine, progress: (@Sendable (Int) -> Void)? = nil,
                               draws: (any DrawObserver)? = nil) throws(CommandError) -> RunSummary {
        let n = samples ?? plan.scenario.samples
        try checkResources(plan.scenario, samples: n, outputs: outputs, threads: threads, limits: limits)
        let summary = MonteCarlo.run(plan, samples: n, seed: seed ?? plan.scenario.seed, threads: threads, outputs: outputs,
                                     progress: progress, draws: draws)
        if let s = summary.shortfall { throw CommandError.shortfall(ShortfallError(s, in: plan), plan) }
        return summary
    }

    /// What `footprint run MODEL --set … --samples N --seed S --format json` prints.
    public static func runJSON(model: String, overrides: [String], samples: Int?, seed: UInt64?, threads: Int,
                               limits: ResourceLimits = .machine) throws(CommandError) -> String {
        let plan = try compile(model, overrides: overrides)
        let summary = try summary(plan, samples: samples, seed: seed, threads: threads, outputs: Self.jsonOutputs, limits: limits)
        return ResultsExport.json(summary)
    }

    /// What the JSON of a run holds: the sites' whole horizon, not their periods.
    public static let jsonOutputs = OutputSelection(fleetPeriods: true, sitePeriods: false)

    // MARK: Sensitivity

    public enum SensitivityMethod: String, CaseIterable, Sendable { case sobol, tornado }

    /// Sobol holds every row's inputs and output: N·(k + 2) rows of the
    /// sampled inputs, plus the bootstrap's resamples.
    public static func checkSobol(_ plan: EvaluationPlan, baseSamples: Int, threads: Int, limits: ResourceLimits = .machine) throws(CommandError) {
        let k = Double(ScenarioSensitivity.factorNames(plan).count)
        let width = Double(plan.parameters.filter(\.isUncertain).count)
        let rows = Double(baseSamples) * (k + 2)
        try checkWork(plan.scenario, evaluations: rows, bytes: rows * (width + 1) * 8 + Double(baseSamples) * 8 * 2,
                      threads: threads, what: "Sobol with --base-samples \(baseSamples) and \(Int(k)) factors", option: "--base-samples",
                      limits: limits)
    }

    /// A tornado's entries, or the error the command prints.
    public static func tornado(_ plan: EvaluationPlan, metric: MetricSelector, limits: ResourceLimits = .machine) throws(CommandError) -> [ScenarioSensitivity.TornadoEntry] {
        // Two central evaluations per factor, and one at the centre.
        try checkWork(plan.scenario, evaluations: Double(2 * plan.parameters.count + 1), bytes: 0, threads: 1,
                      what: "the tornado's \(2 * plan.parameters.count + 1) evaluations", option: "scenario.resolution", limits: limits)
        do { return try ScenarioSensitivity.tornado(plan, metric: metric) } catch { throw refusal(error, plan) }
    }

    /// Sobol's entries, or the error the command prints.
    public static func sobol(_ plan: EvaluationPlan, metric: MetricSelector, baseSamples: Int, bootstrap: Int, seed: UInt64?, threads: Int,
                             limits: ResourceLimits = .machine, progress: (@Sendable (Int) -> Void)? = nil) throws(CommandError) -> [ScenarioSensitivity.SobolEntry] {
        try checkSobol(plan, baseSamples: baseSamples, threads: threads, limits: limits)
        do {
            return try ScenarioSensitivity.sobol(plan, metric: metric, n: baseSamples, seed: seed ?? plan.scenario.seed,
                                                 threads: threads, bootstrap: bootstrap, progress: progress)
        } catch { throw refusal(error, plan) }
    }

    /// What `footprint sensitivity MODEL --method M --metric K … --format json` prints.
    public static func sensitivityJSON(model: String, overrides: [String], method: SensitivityMethod, metric: MetricSelector,
                                       baseSamples: Int, bootstrap: Int, seed: UInt64?, threads: Int,
                                       limits: ResourceLimits = .machine) throws(CommandError) -> String {
        let plan = try compile(model, overrides: overrides)
        switch method {
        case .tornado:
            return SensitivityExport.tornadoJSON(try tornado(plan, metric: metric, limits: limits), metric: metric)
        case .sobol:
            let s = try sobol(plan, metric: metric, baseSamples: baseSamples, bootstrap: bootstrap, seed: seed, threads: threads, limits: limits)
            return SensitivityExport.sobolJSON(s, metric: metric, samples: baseSamples)
        }
    }

    /// An analysis's failure as the command prints it.
    static func refusal(_ error: any Error, _ plan: EvaluationPlan) -> CommandError {
        if let e = error as? ShortfallError { return .shortfall(e, plan) }
        return .evaluation(file: plan.scenario.file, message: "\(error)")
    }

    // MARK: Report

    /// The Markdown report of `plan` (compiled from `model` with
    /// `overrides`) and the tornado it prints, as `footprint report` writes it.
    public static func report(_ plan: EvaluationPlan, model: String, overrides: [String], samples: Int?, seed: UInt64?, threads: Int, name: String,
                              limits: ResourceLimits = .machine, progress: (@Sendable (Int) -> Void)? = nil) throws(CommandError) -> MarkdownReport {
        let summary = try summary(plan, samples: samples, seed: seed, threads: threads, limits: limits, progress: progress)
        let tornado: [ScenarioSensitivity.TornadoEntry]
        do {
            tornado = try ScenarioSensitivity.tornado(summary.plan, metric: MarkdownReport.tornadoMetric)
        } catch let e as ShortfallError {
            throw .shortfall(e, summary.plan)
        } catch {
            tornado = []
        }
        let shares = try qualityShares(summary.plan, samples: summary.samples, threads: threads, limits: limits)
        // The command that reproduces the report, printed in its footer.
        var command = ShellCommand("footprint", "report", model, "--samples", String(summary.samples), "--seed", String(summary.seed))
        command.option("--set", each: overrides)
        return MarkdownReport(summary: summary, tornado: tornado, qualityShares: shares, name: name, command: command.description)
    }

    /// How much of each headline figure's variance rests on estimates
    /// (`QualityShares`); empty when nothing is uncertain.
    public static func qualityShares(_ plan: EvaluationPlan, samples: Int, threads: Int, limits: ResourceLimits = .machine) throws(CommandError) -> [QualityShares.Shares] {
        guard plan.parameters.contains(where: \.isUncertain) else { return [] }
        let n = QualityShares.baseRows(forSamples: samples)
        let rows = Double(n * 5)
        try checkWork(plan.scenario, evaluations: rows, bytes: rows * Double(plan.parameters.count + 16) * 8, threads: threads,
                      what: "the data-quality analysis's \(Int(rows)) evaluations", option: "scenario.resolution", limits: limits)
        do {
            return try QualityShares.compute(plan, metrics: MarkdownReport.qualityMetrics(plan), n: n, threads: threads)
        } catch let e as ShortfallError {
            throw .shortfall(e, plan)
        } catch {
            throw refusal(error, plan)
        }
    }
}

/// One `footprint sweep`: its `--vary` axes, `--lhs` points and metrics,
/// checked as the command checks them.
public struct SweepJob: Sendable {
    public let model: String
    public let overrides: [String]
    public let axes: [SweepAxis]
    public let lhs: Int?
    public let metrics: [MetricSelector]

    /// Why a sweep's options cannot be run: the command line prints it as a
    /// usage error, the explorer as a 400.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public init(model: String, overrides: [String], vary: [String], lhs: Int?, metrics: [MetricSelector]) throws(Invalid) {
        guard !vary.isEmpty else { throw Invalid(description: "give at least one --vary PATH=a,b,c or PATH=lo:hi:n") }
        if let lhs, lhs < 2 { throw Invalid(description: "--lhs must be 2 points or more, not \(lhs)") }
        var axes: [SweepAxis] = []
        for v in vary {
            do { axes.append(try SweepAxis(parsing: v, ranges: lhs != nil)) } catch { throw Invalid(description: error.description) }
        }
        for (i, a) in axes.enumerated() {
            for p in a.paths where axes[..<i].contains(where: { $0.paths.contains(p) }) {
                throw Invalid(description: "\(p) is varied twice; give its values in one --vary (tie inputs with PATH,PATH=values)")
            }
        }
        for a in axes {
            for p in a.paths {
                if let o = overrides.first(where: { $0.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } == p }) {
                    throw Invalid(description: "\(p) is both varied and set (--set '\(o)'); drop one")
                }
            }
        }
        // Every combination, counted without overflow: ten axes of 100
        // values are 10^20 variants.
        var count = lhs ?? 1
        if lhs == nil {
            for a in axes {
                let (product, overflow) = count.multipliedReportingOverflow(by: a.values.count)
                count = overflow ? Int.max : product
            }
        }
        if count > 1_000_000 {
            throw Invalid(description: "\(count == Int.max ? "more than 10^18" : String(count)) variants is more than a million; use fewer values or --lhs N")
        }
        self.model = model
        self.overrides = overrides
        self.axes = axes
        self.lhs = lhs
        self.metrics = metrics
    }

    /// The variants for `seed` (the Latin hypercube depends on it) and the metrics.
    public func variants(seed: UInt64) -> (variants: [SweepVariant], metrics: [MetricSelector]) {
        (lhs.map { Sweep.latinHypercube(axes, points: $0, seed: seed) } ?? Sweep.grid(axes),
         metrics.isEmpty ? Sweep.defaultMetrics : metrics)
    }

    /// Compiles a variant's overrides (the model's own `--set` first).
    public func compileVariant(_ variant: [String]) throws -> EvaluationPlan {
        try compile(model, overrides: overrides + variant, option: "--vary")
    }

    /// A sweep ready to run: its base model compiled, its variants and
    /// metrics, and the draws and seed each variant runs with.
    public struct Prepared: Sendable {
        public let base: EvaluationPlan
        public let variants: [SweepVariant]
        public let metrics: [MetricSelector]
        public let samples: Int
        public let seed: UInt64
        /// As given: nil means each variant's own scenario value.
        let givenSamples: Int?, givenSeed: UInt64?
    }

    /// The model compiled, and the whole sweep checked against `limits`:
    /// every variant's draws, one variant's statistics at a time.
    public func prepare(samples: Int?, seed: UInt64?, threads: Int, limits: ResourceLimits = .machine) throws(CommandError) -> Prepared {
        let base = try compile(model, overrides: overrides)
        let s = seed ?? base.scenario.seed
        let (variants, selected) = variants(seed: s)
        let n = samples ?? base.scenario.samples
        try checkResources(base.scenario, samples: n, outputs: .totals, threads: threads, limits: limits)
        try checkWork(base.scenario, evaluations: Double(variants.count) * Double(n), bytes: 0, threads: threads,
                      what: "\(variants.count) variants of \(n) draws each", option: lhs != nil ? "--lhs or --samples" : "the --vary values or --samples",
                      limits: limits)
        return Prepared(base: base, variants: variants, metrics: selected, samples: n, seed: s, givenSamples: samples, givenSeed: seed)
    }

    /// Every variant's statistics.
    public func run(_ p: Prepared, threads: Int, progress: (@Sendable (Int) -> Void)? = nil) throws(CommandError) -> SweepResult {
        do {
            return try Sweep.run(axes, p.variants, metrics: p.metrics, samples: p.givenSamples, seed: p.givenSeed,
                                 threads: threads, compile: compileVariant, progress: progress)
        } catch let e as SweepError {
            throw CommandError.evaluation(file: model, message: e.description)
        } catch let e as CommandError {
            throw e
        } catch {
            throw CommandError.evaluation(file: model, message: "\(error)")
        }
    }

    /// What `footprint sweep … --format json` prints.
    public func json(samples: Int?, seed: UInt64?, threads: Int, limits: ResourceLimits = .machine) throws(CommandError) -> String {
        SweepExport.json(try run(try prepare(samples: samples, seed: seed, threads: threads, limits: limits), threads: threads), model: model, method: lhs != nil ? "lhs" : "grid")
    }
}
