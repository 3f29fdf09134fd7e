import Foundation
import Testing
import FootprintModel

/// `footprint sweep` against `footprint run --set`, its refusals, and
/// `footprint run --draws` against the run's statistics.
@Suite(.serialized) struct SweepAndDrawsTests {
    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    /// The whole-horizon totals of `footprint run --format csv` as the text
    /// printed: `[metric key: [mean, p5, p50, p95]]`. (Text, because
    /// Foundation's JSON parser on Linux can miss a double's last digit.)
    static func runTotals(_ csv: String) -> [String: [String]] {
        let lines = csv.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let row = lines.last { $0.hasPrefix("total,") }!.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var out: [String: [String]] = [:]
        for (i, h) in header.enumerated() where h.hasSuffix("_mean") {
            out[String(h.dropLast(5))] = Array(row[i..<i + 4])
        }
        return out
    }

    /// A sweep of two inputs over the default model: every row equals
    /// `footprint run --set` with the same values, seed and samples,
    /// exactly (both print the shortest text that reads back as the same
    /// double, so equal text means equal numbers); the report has a heat
    /// map per metric that moves.
    @Test func twoInputSweepEqualsRunSetExactly() throws {
        let pue = "sites.aws-us-east-1.pue", util = "fleets.trainium2.utilization"
        let dir = try temporaryFolder("sweep")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("sweep.md").path
        let r = try footprint("sweep", "--vary", "\(pue)=1.1,1.4", "--vary", "\(util)=0.5:0.9:2", "--samples", "300", "--seed", "7",
                              "--format", "json", "--report", report)
        #expect(r.status == 0, "\(r)")
        let sweep = try Self.json(r.stdout)
        #expect(sweep["varied"] as? [String] == [pue, util])
        #expect(sweep["seed"] as? Int == 7 && sweep["samples"] as? Int == 300)
        #expect((sweep["rows"] as! [[String: Any]]).count == 4 * Metric.allCases.count)
        // The same sweep as CSV, row by row against run --set's CSV.
        let csv = try footprint("sweep", "--vary", "\(pue)=1.1,1.4", "--vary", "\(util)=0.5:0.9:2", "--samples", "300", "--seed", "7",
                                "--format", "csv")
        let rows = csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 4 * Metric.allCases.count)
        var compared = 0
        for (variant, (p, u)) in [("1.1", "0.5"), ("1.1", "0.9"), ("1.4", "0.5"), ("1.4", "0.9")].enumerated() {
            let run = try footprint("run", "--set", "\(pue)=\(p)", "--set", "\(util)=\(u)", "--samples", "300", "--seed", "7", "--format", "csv")
            #expect(run.status == 0, "\(run)")
            let totals = Self.runTotals(run.stdout)
            for row in rows where row[0] == String(variant + 1) {
                #expect(row[1] == p && row[2] == u)
                #expect(Array(row[4...]) == totals[row[3]], "variant \(variant + 1) \(row[3])")
                compared += 1
            }
        }
        #expect(compared == 4 * Metric.allCases.count)
        let markdown = try String(contentsOfFile: report, encoding: .utf8)
        #expect(markdown.contains("common random numbers"))
        let charts = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sweep").path)
        #expect(charts.contains("energy_facility_mwh.svg"))
        let svg = try String(contentsOfFile: dir.appendingPathComponent("sweep/energy_facility_mwh.svg").path, encoding: .utf8)
        #expect(svg.contains("<rect") && svg.contains("1.4, 0.9:"), "a heat map with a cell per combination")
    }

    /// One input: the CSV is the tidy table, and the chart is a line with
    /// its band.
    /// Tied axes: one --vary sets two inputs to each value; every variant
    /// equals run --set of both, exactly.
    @Test func tiedAxisEqualsRunSetOfBoth() throws {
        let a = "fleets.trainium2.utilization", b = "fleets.trainium3.utilization"
        let csv = try footprint("sweep", "--vary", "\(a),\(b)=0.5:0.9:2", "--samples", "200", "--seed", "3",
                                "--metric", "energy_facility_mwh", "--metric", "emissions_location_tco2e", "--format", "csv")
        #expect(csv.status == 0, "\(csv)")
        let rows = csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 4)
        for (variant, value) in [("1", "0.5"), ("2", "0.9")] {
            let run = try footprint("run", "--set", "\(a)=\(value)", "--set", "\(b)=\(value)", "--samples", "200", "--seed", "3", "--format", "csv")
            let totals = Self.runTotals(run.stdout)
            for row in rows where row[0] == variant {
                #expect(row[1] == value)
                #expect(Array(row[3...]) == totals[row[2]], "variant \(variant) \(row[2])")
            }
        }
        let twice = try footprint("sweep", "--vary", "\(a),\(b)=0.5,0.9", "--vary", "\(a)=0.6,0.7")
        #expect(twice.status == 64 && twice.stderr.contains("\(a) is varied twice"))
    }

    @Test func oneInputCSVAndLineChart() throws {
        let dir = try temporaryFolder("sweep")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("sweep.csv").path, report = dir.appendingPathComponent("r.md").path
        let r = try footprint("sweep", "--vary", "sites.aws-us-east-1.pue=1.1:1.5:3", "--metric", "energy_facility_mwh",
                              "--metric", "water_m3:2030", "--samples", "100", "--format", "csv", "--output", out, "--report", report)
        #expect(r.status == 0, "\(r)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "variant,sites.aws-us-east-1.pue,metric,mean,p5,p50,p95")
        #expect(lines.count == 1 + 3 * 2)
        #expect(lines[1].hasPrefix("1,1.1,energy_facility_mwh,") && lines[6].hasPrefix("3,1.5,water_m3:2030,"))
        let svg = try String(contentsOfFile: dir.appendingPathComponent("r/energy_facility_mwh.svg").path, encoding: .utf8)
        #expect(svg.contains("<polygon") && svg.contains("<polyline"))
    }

    /// Bad input: a clear error, exit status ≠ 0, and nothing written.
    @Test(arguments: [
        (["--vary", "sites.aws-us-east-1.pue="], "the list of values is empty"),
        ([], "give at least one --vary"),
        (["--vary", "sites.aws-us-east-1.pue=1.5:1.1:3"], "lo must be below hi"),
        (["--vary", "sites.aws-us-east-1.pue=1.1:1.5:1"], "n must be at least 2"),
        (["--vary", "sites.nowhere.pue=1.1,1.2"], "no element named 'nowhere'"),
        (["--vary", "sites.aws-us-east-1.pue=1.2,high"], "sites.aws-us-east-1.pue: expected a finite number, found 'high'"),
        (["--vary", "sites.aws-us-east-1.pue=low:1.5:3"], "lo and hi must be numbers"),
        (["--vary", "sites.aws-us-east-1.pue=1.1,1.2", "--vary", "sites.aws-us-east-1.pue=1.3,1.4"], "varied twice"),
        (["--vary", "sites.aws-us-east-1.pue=1.1:1.5:3", "--lhs", "8"], "--lhs samples ranges"),
        (["--vary", "sites.aws-us-east-1.pue=1.1,1.2", "--metric", "water_m3:1990"], "outside the horizon"),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        let dir = try temporaryFolder("sweep")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.csv").path, report = dir.appendingPathComponent("r.md").path
        let r = try footprint(["sweep"] + arguments + ["--samples", "20", "--output", out, "--report", report])
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r)")
        #expect(!r.stderr.contains("Fatal error"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "something was written")
    }

    /// `run --draws`: one row per draw with the sampled inputs and totals;
    /// the same bytes on 1 and 2 threads; each total's column has the
    /// run's mean and P50.
    @Test func drawsReproduceTheRunsStatistics() throws {
        let dir = try temporaryFolder("sweep")
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = dir.appendingPathComponent("one.csv").path, two = dir.appendingPathComponent("two.csv").path
        let n = 1000
        let r1 = try footprint("run", "--samples", "\(n)", "--seed", "3", "--threads", "1", "--format", "csv", "--draws", one)
        let r2 = try footprint("run", "--samples", "\(n)", "--seed", "3", "--threads", "2", "--draws", two)
        #expect(r1.status == 0 && r2.status == 0, "\(r1)\(r2)")
        #expect(FileManager.default.contentsEqual(atPath: one, andPath: two))
        let lines = try String(contentsOfFile: one, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == n + 1)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.first == "draw" && header.contains("sites.aws-us-east-1.pue") && header.last == Metric.allCases.last!.key)
        let rows = lines.dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        #expect(rows.map { Int($0[0]) } == Array(0..<n))
        let totals = Self.runTotals(r1.stdout).mapValues { $0.map { Double($0) ?? .nan } }
        for key in ["energy_facility_mwh", "emissions_market_tco2e", "water_m3", "accelerator_hours"] {
            let c = header.firstIndex(of: key)!
            let column = rows.map { $0[c] }
            let expected = ["mean": totals[key]![0], "p50": totals[key]![2]]
            // The run sums block by block: the order of additions differs,
            // so the means agree to rounding (n = 1000 terms: < 1e-12).
            let mean = column.reduce(0, +) / Double(n)
            #expect(abs(mean - expected["mean"]!) <= 1e-12 * abs(expected["mean"]!), "\(key) mean")
            // P50 of an even count: the midpoint of the two middle values.
            let s = column.sorted()
            let p50 = s[n / 2 - 1] + 0.5 * (s[n / 2] - s[n / 2 - 1])
            #expect(abs(p50 - expected["p50"]!) <= 1e-12 * abs(expected["p50"]!), "\(key) p50")
        }
        // Sampled inputs stay within their distributions' bounds (PUE ≥ 1).
        let pue = header.firstIndex(of: "sites.aws-us-east-1.pue")!
        #expect(rows.allSatisfy { $0[pue] >= 1 } && Set(rows.map { $0[pue] }).count > n / 2)
    }

    /// Without randomness (one draw) the file has the central values.
    /// --draws-columns adds a column per selector; each column's mean and
    /// P50 equal run's figures for that period.
    @Test func drawsColumnsByPeriod() throws {
        let dir = try temporaryFolder("draws-columns")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("d.csv").path, n = 1000
        let r = try footprint("run", "--samples", "\(n)", "--seed", "3", "--format", "csv", "--draws", file,
                              "--draws-columns", "emissions_location_tco2e:2028", "energy_facility_mwh:2030")
        #expect(r.status == 0, "\(r)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.suffix(2)) == ["emissions_location_tco2e:2028", "energy_facility_mwh:2030"])
        let rows = lines.dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        let csv = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        for (key, year) in [("emissions_location_tco2e", 2028), ("energy_facility_mwh", 2030)] {
            let c = header.firstIndex(of: "\(key):\(year)")!
            let row = try #require(csv.first { $0[0] == "total" && $0[2] == "\(year)-01-01" })
            let m = csv[0].firstIndex(of: "\(key)_mean")!
            let column = rows.map { $0[c] }, s = column.sorted()
            let mean = column.reduce(0, +) / Double(n)
            #expect(abs(mean - Double(row[m])!) <= 1e-12 * abs(mean), "\(key):\(year) mean")
            let p50 = s[n / 2 - 1] + 0.5 * (s[n / 2] - s[n / 2 - 1])
            #expect(abs(p50 - Double(row[m + 2])!) <= 1e-12 * abs(p50), "\(key):\(year) p50")
        }
        let outside = try footprint("run", "--samples", "10", "--draws", file, "--draws-columns", "energy_facility_mwh:2050")
        #expect(outside.status != 0 && outside.stderr.contains("2050 is outside the scenario's reporting years"))
    }

    /// --list-inputs names every settable input with its value and source.
    @Test func listInputs() throws {
        let r = try footprint("run", "--list-inputs")
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("path"))
        #expect(r.stdout.contains("sites.aws-us-east-1.pue") && r.stdout.contains("accelerators.aws-trainium2.tdp_w"))
        #expect(r.stdout.contains("triangular(min 1.05, mode 1.1, max 1.15)"))
    }

    @Test func drawsOfACentralRun() throws {
        let dir = try temporaryFolder("sweep")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("d.csv").path
        let r = try footprint("run", "--samples", "1", "--format", "csv", "--draws", file)
        #expect(r.status == 0)
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines[1].hasPrefix("0,"))
        let header = lines[0].split(separator: ",").map(String.init), row = lines[1].split(separator: ",").map(String.init)
        for key in ["energy_facility_mwh", "water_m3", "emissions_location_tco2e"] {
            #expect(row[header.firstIndex(of: key)!] == Self.runTotals(r.stdout)[key]![0], "\(key)")
        }
    }

    @Test func drawsIntoAMissingFolderFails() throws {
        let r = try footprint("run", "--samples", "10", "--draws", "/nonexistent-folder/d.csv")
        #expect(r.status == 1 && r.stderr.contains("/nonexistent-folder/d.csv: error: cannot write"), "\(r)")
    }
}
