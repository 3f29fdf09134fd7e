import Foundation
import FootprintCommands
import FootprintLoading
import FootprintModel
import FootprintReport
import NIOCore

/// The explorer's JSON API (docs/explorer.md). Each POST handler reads its
/// fields, refusing unknown keys and wrong types with a message, then runs
/// the command's own job (`Jobs`, `SweepJob`) through the gate, held to the
/// request's budget: the answer is what the command prints, byte for byte,
/// and a refusal carries the command's messages.
struct API: Sendable {
    let config: ExplorerConfiguration
    let gate: Gate

    init(_ config: ExplorerConfiguration) throws(CommandError) {
        self.config = config
        gate = Gate(slots: config.slots, queue: config.queue)
        // The model must load now: a server that starts answers.
        _ = try compile(config.model)
    }

    enum Decoded { case success([(String, JSONValue)]), failure(String) }

    /// A POST body: a JSON object (an empty body is `{}`).
    static func decode(_ body: ByteBuffer) -> Decoded {
        let bytes = Array(body.readableBytesView)
        if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return .success([]) }
        do {
            guard case let .object(fields) = try ExplorerJSON.parse(bytes) else {
                return .failure("the request body must be a JSON object, e.g. {\"set\": [\"sites.aws-us-east-1.pue=1.2\"], \"samples\": 2000}")
            }
            return .success(fields)
        } catch { return .failure(error.description) }
    }

    // MARK: Handlers

    func model() -> Answer {
        do { return .json(try ModelDescription.json(model: config.model)) } catch { return .errors(.badRequest, error.lines) }
    }

    func run(_ body: [(String, JSONValue)]) async -> Answer {
        await answer(body, keys: ["set", "samples", "seed", "budget_seconds"]) { f throws(Refusal) in
            let set = try f.overrides(), samples = try f.samples(), seed = try f.seed(), limits = try f.limits(config)
            return { () throws(CommandError) in
                .json(try Jobs.runJSON(model: config.model, overrides: set, samples: samples, seed: seed, threads: config.threads, limits: limits))
            }
        }
    }

    func sensitivity(_ body: [(String, JSONValue)]) async -> Answer {
        await answer(body, keys: ["set", "method", "metric", "base_samples", "bootstrap", "seed", "budget_seconds"]) { f throws(Refusal) in
            let set = try f.overrides(), seed = try f.seed(), limits = try f.limits(config)
            let methodName = try f.string("method") ?? "sobol"
            guard let method = Jobs.SensitivityMethod(rawValue: methodName) else {
                throw Refusal("method must be sobol or tornado, not '\(methodName)'")
            }
            let metric = try f.metric("metric") ?? MetricSelector("emissions_location_tco2e")!
            let base = try f.int("base_samples") ?? 4096, bootstrap = try f.int("bootstrap") ?? 200
            if base < 2 { throw Refusal("base_samples must be at least 2 (try 4096), not \(base)") }
            if bootstrap < 0 { throw Refusal("bootstrap must be 0 or more, not \(bootstrap)") }
            return { () throws(CommandError) in
                .json(try Jobs.sensitivityJSON(model: config.model, overrides: set, method: method, metric: metric, baseSamples: base,
                                               bootstrap: bootstrap, seed: seed, threads: config.threads, limits: limits))
            }
        }
    }

    func sweep(_ body: [(String, JSONValue)]) async -> Answer {
        await sweepJob(body) { (job, samples, seed, limits) throws(CommandError) -> Answer in .json(try job.json(samples: samples, seed: seed, threads: config.threads, limits: limits)) }
    }

    /// A sweep request's job, read as `sweep` reads its options.
    private func sweepJob(_ body: [(String, JSONValue)],
                          _ then: @escaping @Sendable (SweepJob, Int?, UInt64?, ResourceLimits) throws(CommandError) -> Answer) async -> Answer {
        await answer(body, keys: ["set", "vary", "lhs", "metrics", "samples", "seed", "budget_seconds"]) { f throws(Refusal) in
            let set = try f.overrides(), samples = try f.samples(), seed = try f.seed(), limits = try f.limits(config)
            let vary = try f.strings("vary") ?? []
            try Fields.refuseFiles(vary, key: "vary")
            let metrics = try (f.strings("metrics") ?? []).map { text throws(Refusal) in
                guard let m = MetricSelector(text) else { throw Refusal("metrics: '\(text)' is not a results key (\(MetricSelector.allowed)), optionally with :YEAR") }
                return m
            }
            let lhs = try f.int("lhs")
            let job: SweepJob
            do throws(SweepJob.Invalid) { job = try SweepJob(model: config.model, overrides: set, vary: vary, lhs: lhs, metrics: metrics) } catch {
                throw Refusal(error.description.replacingOccurrences(of: "--vary", with: "vary").replacingOccurrences(of: "--lhs", with: "lhs"))
            }
            return { () throws(CommandError) in try then(job, samples, seed, limits) }
        }
    }

    /// The sweep's report charts (its own SVGs: a line per metric with its band), for the page.
    func sweepCharts(_ body: [(String, JSONValue)]) async -> Answer {
        await sweepJob(body) { (job, samples, seed, limits) throws(CommandError) -> Answer in
            let result = try job.run(try job.prepare(samples: samples, seed: seed, threads: config.threads, limits: limits), threads: config.threads)
            let r = SweepReport(result, model: config.model, name: "sweep", command: "", latinHypercube: job.lhs != nil)
            return .json(ExplorerJSON.object(["charts": .array(r.charts.map { c in .object([("name", .string(c.0)), ("svg", .string(c.1))]) })]))
        }
    }

    func scenario(_ body: [(String, JSONValue)]) async -> Answer {
        await answer(body, keys: ["set"]) { f throws(Refusal) in
            let set = try f.overrides()
            return { () throws(CommandError) in
                // The overrides must load as --set would before they are written.
                _ = try compile(config.model, overrides: set)
                return .init(status: .ok, contentType: "application/yaml; charset=utf-8", body: Array(try ScenarioFile.edited(config.model, overrides: set).utf8),
                             headers: [(.contentDisposition, "attachment; filename=\"\(ScenarioFile.downloadName(config.model))\"")])
            }
        }
    }

    func report(_ body: [(String, JSONValue)]) async -> Answer {
        await answer(body, keys: ["set", "samples", "seed", "budget_seconds"]) { f throws(Refusal) in
            let set = try f.overrides(), samples = try f.samples(), seed = try f.seed(), limits = try f.limits(config)
            return { () throws(CommandError) in
                // Names in a tar header hold 100 bytes: a long model name becomes "report".
                let name = baseName(config.model).utf8.count <= 60 ? baseName(config.model) : "report"
                let plan = try compile(config.model, overrides: set)
                let r = try Jobs.report(plan, model: config.model, overrides: set, samples: samples, seed: seed, threads: config.threads,
                                        name: name, limits: limits)
                var tar = Tar()
                tar.add("\(name).md", r.markdown)
                for (file, svg) in r.charts { tar.add("\(name)/\(file)", svg) }
                return .init(status: .ok, contentType: "application/x-tar", body: tar.finished(),
                             headers: [(.contentDisposition, "attachment; filename=\"\(name)-report.tar\"")])
            }
        }
    }

    /// The report's charts of the current state (its own SVGs), for the page.
    func charts(_ body: [(String, JSONValue)]) async -> Answer {
        await answer(body, keys: ["set", "samples", "seed", "budget_seconds"]) { f throws(Refusal) in
            let set = try f.overrides(), samples = try f.samples(), seed = try f.seed(), limits = try f.limits(config)
            return { () throws(CommandError) in
                let plan = try compile(config.model, overrides: set)
                let r = try Jobs.report(plan, model: config.model, overrides: set, samples: samples, seed: seed, threads: config.threads,
                                        name: baseName(config.model), limits: limits)
                return .json(ExplorerJSON.object(["charts": .array(r.charts.map { c in .object([("name", .string(c.0)), ("svg", .string(c.1))]) })]))
            }
        }
    }

    // MARK: Plumbing

    /// Reads the fields with `read` (which returns the work to do), then
    /// does the work through the gate, off the server's event loops.
    private func answer(_ body: [(String, JSONValue)], keys: [String],
                        _ read: (Fields) throws(Refusal) -> @Sendable () throws(CommandError) -> Answer) async -> Answer {
        let work: @Sendable () throws(CommandError) -> Answer
        do {
            let fields = try Fields(body, allowed: keys)
            work = try read(fields)
        } catch { return .errors(.badRequest, [error.message]) }
        guard await gate.enter() else {
            return Answer.errors(.serviceUnavailable, ["the explorer is busy (\(config.slots) runs at once and \(config.queue) waiting): try again in a moment"])
        }
        let result = await withCheckedContinuation { (c: CheckedContinuation<Answer, Never>) in
            DispatchQueue.global().async {
                do throws(CommandError) { c.resume(returning: try work()) } catch { c.resume(returning: .errors(.badRequest, error.lines)) }
            }
        }
        await gate.leave()
        return result
    }
}

func baseName(_ path: String) -> String {
    ((path as NSString).lastPathComponent as NSString).deletingPathExtension
}

/// A request the explorer refuses before any work, with why.
struct Refusal: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A request's fields, read with the type each key needs.
struct Fields {
    let values: [(String, JSONValue)]

    init(_ values: [(String, JSONValue)], allowed: [String]) throws(Refusal) {
        for (k, _) in values where !allowed.contains(k) {
            throw Refusal("unknown key '\(k)' (this endpoint takes \(allowed.joined(separator: ", ")))")
        }
        self.values = values
    }

    subscript(key: String) -> JSONValue? {
        values.first { $0.0 == key }.flatMap { if case .null = $0.1 { nil } else { $0.1 } }
    }

    func string(_ key: String) throws(Refusal) -> String? {
        guard let v = self[key] else { return nil }
        guard case let .string(s) = v else { throw Refusal("\(key) must be a string, not \(v.kind)") }
        return s
    }

    func strings(_ key: String) throws(Refusal) -> [String]? {
        guard let v = self[key] else { return nil }
        guard case let .array(items) = v else { throw Refusal("\(key) must be a list of strings, not \(v.kind)") }
        if items.count > 10_000 { throw Refusal("\(key) has \(items.count) entries: at most 10,000") }
        return try items.enumerated().map { (i, item) throws(Refusal) in
            guard case let .string(s) = item else { throw Refusal("\(key)[\(i)] must be a string, not \(item.kind)") }
            return s
        }
    }

    func int(_ key: String) throws(Refusal) -> Int? {
        guard let v = self[key] else { return nil }
        guard case let .number(text) = v, let n = Int(text) else {
            throw Refusal("\(key) must be a whole number, not \(Self.shown(v))")
        }
        return n
    }

    func metric(_ key: String) throws(Refusal) -> MetricSelector? {
        guard let text = try string(key) else { return nil }
        guard let m = MetricSelector(text) else { throw Refusal("\(key): '\(text)' is not a results key (\(MetricSelector.allowed)), optionally with :YEAR") }
        return m
    }

    static func shown(_ v: JSONValue) -> String {
        if case let .number(t) = v { return t }
        if case let .string(s) = v { return "the string \(ExplorerJSON.quote(s))" }
        return v.kind
    }

    /// `set`: overrides as `--set` takes them. None may name a file: the
    /// explorer reads only its model and what that model names.
    func overrides() throws(Refusal) -> [String] {
        let set = try strings("set") ?? []
        try Self.refuseFiles(set, key: "set")
        return set
    }

    static func refuseFiles(_ texts: [String], key: String) throws(Refusal) {
        for t in texts where t.contains("hourly_profile") {
            throw Refusal("\(key): '\(t)' names a file (hourly_profile): the explorer reads only the model it was started with and the files that model names; edit the model file to use another profile")
        }
    }

    func samples() throws(Refusal) -> Int? {
        guard let n = try int("samples") else { return nil }
        if n < 1 { throw Refusal("samples must be 1 or more (1 = central values), not \(n)") }
        return n
    }

    func seed() throws(Refusal) -> UInt64? {
        guard let v = self["seed"] else { return nil }
        guard case let .number(text) = v, let s = UInt64(text) else {
            throw Refusal("seed must be a whole number from 0 to 18446744073709551615, not \(Self.shown(v))")
        }
        return s
    }

    /// The request's budget: `budget_seconds` (default the server's, at most its maximum).
    func limits(_ config: ExplorerConfiguration) throws(Refusal) -> ResourceLimits {
        var seconds = config.defaultBudget
        if let v = self["budget_seconds"] {
            guard case let .number(text) = v, let s = Double(text), s > 0, s.isFinite else {
                throw Refusal("budget_seconds must be a number of seconds above 0, not \(Self.shown(v))")
            }
            if s > config.maxBudget { throw Refusal("budget_seconds \(text) is more than this explorer allows (\(formatNumber(config.maxBudget)) s; footprint serve --max-seconds)") }
            seconds = s
        }
        var limits = ResourceLimits.machine
        limits.memoryBytes /= Double(config.slots)
        limits.seconds = seconds
        return limits
    }
}

/// At most `slots` runs at once and `queue` waiting; beyond that, refused.
actor Gate {
    let slots: Int, queue: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int, queue: Int) { self.slots = slots; self.queue = queue }

    /// Whether the caller may run (after waiting its turn); false: refuse it.
    func enter() async -> Bool {
        if running < slots { running += 1; return true }
        guard waiting.count < queue else { return false }
        await withCheckedContinuation { waiting.append($0) }
        return true
    }

    func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}
