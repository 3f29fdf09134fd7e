import FootprintModel

/// Refuses, before the plan or the draws are allocated, a run that would
/// need more memory or time than this machine has (`ResourceLimits.machine`),
/// with the size and what to change.
public func checkResources(_ scenario: Scenario, samples: Int, outputs: OutputSelection = .all, threads: Int = 1,
                           limits: ResourceLimits = .machine) throws(CommandError) {
    do {
        try limits.check(scenario, samples: samples, outputs: outputs, threads: threads)
    } catch {
        let each = error.problems.map { CommandError.evaluation(file: error.file, message: "\($0.key): \($0.message)") }
        throw each.count == 1 ? each[0] : .several(each)
    }
}

/// Refuses work of `evaluations` model evaluations and `bytes` held at once
/// that this machine cannot do, naming the option to lower.
public func checkWork(_ scenario: Scenario, evaluations: Double, bytes: Double, threads: Int, what: String, option: String,
                      limits: ResourceLimits = .machine) throws(CommandError) {
    do {
        try limits.check(scenario, evaluations: evaluations, bytes: bytes, threads: threads, what: what, option: option)
    } catch {
        let each = error.problems.map { CommandError.evaluation(file: error.file, message: "\($0.key): \($0.message)") }
        throw each.count == 1 ? each[0] : .several(each)
    }
}
