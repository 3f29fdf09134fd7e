import ArgumentParser
import Foundation
import FootprintModel

/// Refuses, before anything is allocated per step or per draw, a run that
/// would need more memory or time than this machine has
/// (`ResourceLimits.machine`), printing the size and what to change.
func checkResourcesOrExit(_ scenario: Scenario, samples: Int, outputs: OutputSelection = .all, threads: Int = 1) throws {
    do {
        try ResourceLimits.machine.check(scenario, samples: samples, outputs: outputs, threads: threads)
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode.failure
    }
}
