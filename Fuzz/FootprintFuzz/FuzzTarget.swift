import Foundation
import FootprintLoading
import FootprintModel
import FootprintReport

/// The libFuzzer target over everything that reads user text, as
/// `footprint validate` reads it (load, then compile the plan). The first
/// byte picks the reader; the rest is the text:
///
/// * 0: a scenario (YAML), against the shipped catalog;
/// * 1: a catalog file, `accelerators.yaml` (2: `grids.yaml`);
/// * 3: `--set` overrides, one per line, applied to a small scenario and
///   the catalog;
/// * 4: an hourly CSV profile, as a grid's profile and as a contract's supply;
/// * 5: a shard's part file (`footprint merge`): its header, then its
///   payload read as a run's part even when the checksum fails (so the
///   fuzzer reaches the payload reader), merged against the small scenario;
/// * 6: a power telemetry CSV (`footprint calibrate`), read and fitted.
///
/// Files go to a private folder (in /dev/shm when it exists), since the
/// readers take paths. Built and run by `make fuzz`; without `-D FUZZING`
/// it is a replayer: `footprint-fuzz FILE...` runs each input once and
/// prints what the reader said (how corpus findings are checked).
enum FuzzTarget {
    static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = "\(base)/footprint-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir + "/catalog", withIntermediateDirectories: true)
        return dir
    }()

    /// The shipped catalog (FOOTPRINT_CATALOG, or Models/catalog under the
    /// working directory), read once.
    static let catalog: Catalog = {
        let dir = ProcessInfo.processInfo.environment["FOOTPRINT_CATALOG"] ?? "Models/catalog"
        guard let c = try? Catalog.load(directory: dir) else { fatalError("cannot read the catalog in \(dir)") }
        return c
    }()

    static let smallScenario = """
        scenario:
          name: fuzz
          horizon: {start: 2026-01-01, end: 2028-01-01}
          resolution: month
        sites:
          - name: s
            grid: US-VA
            pue: {dist: triangular, min: 1.1, mode: 1.2, max: 1.4}
            contracts:
              - {kind: ppa, share: {2026: 0.3, 2027: 0.6}}
        fleets:
          - name: f
            accelerator: nvidia-h100-sxm
            site: s
            utilization: 0.6
            lifetime_years: 4
            deploy: [{date: 2026-03-01, units: 1000}, {year: 2027, it_mw: 10}]
        """

    static let profileScenario = """
        scenario:
          name: fuzz-profile
          horizon: {start: 2026-01-01, end: 2026-03-01}
          resolution: day
        sites:
          - name: s
            grid: {intensity_kg_per_kwh: 0.4, hourly_profile: profile.csv}
            pue: 1.2
            contracts:
              - {kind: ppa, capacity_mw: 5, hourly_profile: profile.csv}
        fleets:
          - name: f
            accelerator: {tdp_w: 700, idle_w: 100}
            site: s
            utilization: 0.5
            lifetime_years: 5
            deploy: [{date: 2026-01-01, units: 1000}]
        """

    /// One input; never throws (every refusal is an answer).
    @discardableResult
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let selector = bytes.first else { return "empty" }
        let body = Data(UnsafeBufferPointer(rebasing: bytes.dropFirst()))
        let text = String(decoding: body, as: UTF8.self)
        do {
            switch selector % 7 {
            case 0:
                let file = folder + "/model.yaml"
                try body.write(to: URL(fileURLWithPath: file))
                let s = try ScenarioLoader.load(text: text, file: file, catalog: catalog)
                try ResourceLimits.machine.check(s, samples: s.samples)
                _ = try EvaluationPlan(s)
            case 1, 2:
                let name = selector % 5 == 1 ? Catalog.acceleratorsFile : Catalog.gridsFile
                let dir = folder + "/catalog"
                for f in [Catalog.acceleratorsFile, Catalog.gridsFile] { try? FileManager.default.removeItem(atPath: dir + "/" + f) }
                try body.write(to: URL(fileURLWithPath: dir + "/" + name))
                _ = try Catalog.load(directory: dir)
            case 3:
                let sets = try ScenarioLoader.parseOverrides(text.split(separator: "\n").map(String.init))
                let s = try ScenarioLoader.load(text: smallScenario, file: folder + "/set.yaml", catalog: catalog, overrides: sets)
                try ResourceLimits.machine.check(s, samples: s.samples)
                _ = try EvaluationPlan(s)
            case 5:
                let bytes = [UInt8](body)
                var payload = bytes
                if let part = try? PartFile.decode(bytes) { payload = part.payload }
                var r = BinaryReader(payload)
                let part = try MonteCarloPart.read(from: &r)
                let s = try ScenarioLoader.load(text: smallScenario, file: folder + "/part.yaml", catalog: catalog)
                _ = try MonteCarlo.merge(try EvaluationPlan(s), parts: [part])
            case 6:
                let telemetry = try PowerTelemetry.parse(text, file: "telemetry.csv")
                _ = try? PowerCurveFit.fit(utilization: telemetry.utilization, powerW: telemetry.powerW)
            default:
                try body.write(to: URL(fileURLWithPath: folder + "/profile.csv"))
                let s = try ScenarioLoader.load(text: profileScenario, file: folder + "/profile.yaml", catalog: Catalog())
                _ = try EvaluationPlan(s)
            }
            return "accepted"
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.run(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}
#else
@main
struct Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("\(path): cannot read"); continue }
            let start = Date()
            let answer = data.withUnsafeBytes { FuzzTarget.run($0.bindMemory(to: UInt8.self)) }
            print("\(path) (\(String(format: "%.3f", Date().timeIntervalSince(start))) s): \(answer)")
        }
    }
}
#endif
