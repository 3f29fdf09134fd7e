import FootprintModel

/// Refuses, before the plan or the draws are allocated, a run that would
/// need more memory or time than this machine has (`ResourceLimits.machine`),
/// with the size and what to change.
func checkResources(_ scenario: Scenario, samples: Int, outputs: OutputSelection = .all, threads: Int = 1) throws(CommandError) {
    do {
        try ResourceLimits.machine.check(scenario, samples: samples, outputs: outputs, threads: threads)
    } catch {
        let each = error.problems.map { CommandError.evaluation(file: error.file, message: "\($0.key): \($0.message)") }
        throw each.count == 1 ? each[0] : .several(each)
    }
}
