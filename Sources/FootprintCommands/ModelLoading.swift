import Foundation
import FootprintLoading
import FootprintModel

// The commands' only calls into loading (ScenarioLoader, Catalog.load)
// and compilation (EvaluationPlan): every command goes through these.

/// The validated scenario of `file` with overrides applied (given with
/// `option`, which errors name).
public func loadScenario(_ file: String, overrides: [String] = [], option: String = "--set") throws(CommandError) -> Scenario {
    try requireRegularFile(file, what: "a model")
    do { return try ScenarioLoader.load(file: file, overrides: overrides) } catch { throw .model(error, option: option) }
}

/// The scenario of `file`, compiled for the engine.
public func compile(_ file: String, overrides: [String] = [], option: String = "--set") throws(CommandError) -> EvaluationPlan {
    let scenario = try loadScenario(file, overrides: overrides, option: option)
    // The plan alone: each command then checks the draws it will run
    // (its --samples, --base-samples, variants), not the file's samples.
    try checkResources(scenario, samples: 1)
    do { return try EvaluationPlan(scenario) } catch { throw .evaluation(file: file, message: "\(error)") }
}

/// The reference catalog in `directory`; an empty folder is an error.
public func loadCatalog(_ directory: String) throws(CommandError) -> Catalog {
    let catalog: Catalog
    do { catalog = try Catalog.load(directory: directory) } catch { throw .model(error) }
    if catalog.acceleratorOrder.isEmpty && catalog.gridOrder.isEmpty {
        throw .evaluation(file: directory, message: "no accelerators.yaml or grids.yaml found")
    }
    return catalog
}

/// Refuses an input that is not a regular file (a FIFO would block the
/// read forever; a device never ends), naming it.
public func requireRegularFile(_ path: String, what: String) throws(CommandError) {
    var st = stat()
    guard stat(path, &st) == 0 else { return }  // missing: the reader says so
    let kind = st.st_mode & S_IFMT
    if kind != S_IFREG && kind != S_IFDIR {
        throw .evaluation(file: path, message: "\(what) must be a regular file, not a device, FIFO or socket")
    }
}
