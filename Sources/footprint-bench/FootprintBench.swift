import ArgumentParser
import Foundation
import FootprintLoading
import FootprintModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `footprint-bench`: the standard workloads, each as whole processes of the
/// `footprint` binary (start-up, loading and output included), with wall
/// time and peak resident memory from wait4's rusage. A developer tool, run
/// by `make bench`; not part of the `footprint` command line.
@main
struct FootprintBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint-bench",
        abstract: "Time footprint's standard workloads as whole processes (wall time, peak memory).",
        discussion: """
        (a) 10,000 Monte Carlo draws of the default scenario at monthly resolution; \
        (b) 1,000 draws at hourly resolution; (c) Sobol indices with N = 4,096; \
        (d) workload (a) on 1 and on 2 threads, as whole processes and, in this \
        process, its Monte Carlo alone; (e) (a) with 100,000 and 1,000,000 draws; \
        (f) 10,000, 100,000 and 1,000,000 draws printing the table (totals). A \
        million draws are timed once. Build both in release first (make bench does).

        Examples:
          make bench
          .build/release/footprint-bench --repeat 5
        """
    )

    @Argument(help: "The scenario file.", completion: .file(extensions: ["yaml", "yml"]))
    var model: String = ScenarioLoader.defaultModel

    @Option(help: "Runs per workload; the median wall time is reported.")
    var `repeat`: Int = 3

    @Option(help: "The footprint binary to time (default: the one beside this tool).", completion: .file())
    var footprint: String?

    func validate() throws {
        if `repeat` < 1 { throw ValidationError("--repeat must be 1 or more.") }
    }

    func run() throws {
        let exe = footprint ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("footprint").path
        guard FileManager.default.isExecutableFile(atPath: exe) else {
            throw ValidationError("no footprint binary at \(exe): build it first (make bench builds both in release), or pass --footprint PATH.")
        }
        let threads = String(MonteCarlo.defaultThreads)
        let cases: [(String, [String])] = [
            ("(a) 10,000 draws, monthly", ["run", model, "--samples", "10000", "--set", "scenario.resolution=month", "--format", "json", "--threads", threads]),
            ("(b) 1,000 draws, hourly", ["run", model, "--samples", "1000", "--set", "scenario.resolution=hour", "--format", "json", "--threads", threads]),
            ("(c) Sobol N = 4,096", ["sensitivity", model, "--base-samples", "4096", "--format", "json", "--threads", threads]),
            ("(d) (a) on 1 thread", ["run", model, "--samples", "10000", "--set", "scenario.resolution=month", "--format", "json", "--threads", "1"]),
            ("(d) (a) on 2 threads", ["run", model, "--samples", "10000", "--set", "scenario.resolution=month", "--format", "json", "--threads", "2"]),
            ("(e) 100,000 draws, monthly", ["run", model, "--samples", "100000", "--set", "scenario.resolution=month", "--format", "json", "--threads", threads]),
            ("(e) 1,000,000 draws, monthly", ["run", model, "--samples", "1000000", "--set", "scenario.resolution=month", "--format", "json", "--threads", threads]),
            ("(f) 10,000 draws, table", ["run", model, "--samples", "10000", "--set", "scenario.resolution=month", "--threads", threads]),
            ("(f) 100,000 draws, table", ["run", model, "--samples", "100000", "--set", "scenario.resolution=month", "--threads", threads]),
            ("(f) 1,000,000 draws, table", ["run", model, "--samples", "1000000", "--set", "scenario.resolution=month", "--threads", threads]),
        ]
        print("footprint \(FootprintVersion.current), \(model), \(MonteCarlo.defaultThreads) cores, median of \(`repeat`) runs")
        print("workload".padding(toLength: 32, withPad: " ", startingAt: 0) + "wall s     peak MB")
        var results: [String: Double] = [:], peaks: [String: Double] = [:]
        for (label, arguments) in cases {
            var times: [Double] = []
            var peak = 0.0
            // A million draws take long: timed once.
            for _ in 0..<(label.contains("1,000,000") ? 1 : `repeat`) {
                let (seconds, megabytes, status) = try measure(exe, arguments)
                guard status == 0 else {
                    FileHandle.standardError.write(Data("footprint-bench: '\(label)' failed (exit \(status)): \(exe) \(arguments.joined(separator: " "))\n".utf8))
                    throw ExitCode.failure
                }
                times.append(seconds)
                peak = max(peak, megabytes)
            }
            times.sort()
            let median = times[times.count / 2]
            results[label] = median
            peaks[label] = peak
            print(label.padding(toLength: 32, withPad: " ", startingAt: 0)
                  + String(format: "%-10.3f %.1f", median, peak))
        }
        if let one = results["(d) (a) on 1 thread"], let two = results["(d) (a) on 2 threads"], two > 0 {
            print(String(format: "speed-up 1 -> 2 threads: %.2fx (whole process)", one / two))
        }
        // Memory must not grow with the draws (at most 1.5x from 10k to 1M).
        for (format, small, large) in [("json", "(a) 10,000 draws, monthly", "(e) 1,000,000 draws, monthly"),
                                       ("table", "(f) 10,000 draws, table", "(f) 1,000,000 draws, table")] {
            if let s = peaks[small], let l = peaks[large], s > 0 {
                print("peak memory 1M / 10k draws, \(format): " + String(format: "%.2fx", l / s))
            }
        }
        try monteCarloAlone()
    }

    /// Workload (a)'s Monte Carlo in this process, without start-up,
    /// loading and output: how the parallel part itself scales.
    func monteCarloAlone() throws {
        // The whole-process runs above have loaded this model already, so
        // it is valid; only the Monte Carlo is timed here.
        let scenario = try ScenarioLoader.load(file: model, overrides: ["scenario.resolution=month"])
        let plan = try EvaluationPlan(scenario)
        let json = OutputSelection(fleetPeriods: true, sitePeriods: false)
        var medians: [Double] = []
        for threads in [1, 2] {
            var times: [Double] = []
            for _ in 0..<`repeat` {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = MonteCarlo.run(plan, samples: 10_000, seed: scenario.seed, threads: threads, outputs: json)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            times.sort()
            medians.append(times[times.count / 2])
            print("(d) MC alone, \(threads) thread\(threads == 1 ? "" : "s")".padding(toLength: 32, withPad: " ", startingAt: 0)
                  + String(format: "%.3f", medians.last!))
        }
        print(String(format: "speed-up 1 -> 2 threads: %.2fx (Monte Carlo alone, in process)", medians[0] / medians[1]))
    }

    /// Runs one child with stdout to /dev/null; wall seconds, peak RSS in MB, exit status.
    func measure(_ exe: String, _ arguments: [String]) throws -> (Double, Double, Int32) {
        var actions: posix_spawn_file_actions_t = .init()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ([exe] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawn(&pid, exe, &actions, nil, argv, environ)
        guard rc == 0 else { throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: exe]) }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        #if os(Linux)
        let megabytes = Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
        #else
        let megabytes = Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
        #endif
        let exited = (status & 0x7f) == 0
        return (seconds, megabytes, exited ? (status >> 8) & 0xff : 128 + (status & 0x7f))
    }
}
