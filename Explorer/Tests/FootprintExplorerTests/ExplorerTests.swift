import Foundation
import FootprintCommands
import FootprintLoading
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import FootprintExplorer

/// Every endpoint through the router, against what the `footprint` binary
/// prints for the same overrides, samples and seed.
@Suite struct EndpointTests {
    let pue = "sites.aws-us-east-1.pue=1.3"

    @Test func runIsTheCommandsJSONByteForByte() async throws {
        let cli = try footprint(["run", defaultModel, "--set", pue, "--samples", "700", "--seed", "7", "--format", "json"])
        #expect(cli.status == 0, "\(cli.stderr)")
        for threads in [1, 2] {
            try await explorer(threads: threads).test(.router) { client in
                try await client.execute(uri: "/api/run", method: .post, body: body(["set": [pue], "samples": 700, "seed": 7])) { r in
                    #expect(r.status == .ok)
                    #expect(r.headers[.contentType] == "application/json")
                    #expect(r.text == cli.stdout, "threads \(threads)")
                }
            }
        }
    }

    @Test func runWithoutFieldsIsTheScenariosOwnRun() async throws {
        let cli = try footprint(["run", defaultModel, "--samples", "300", "--format", "json"])
        try await explorer().test(.router) { client in
            try await client.execute(uri: "/api/run", method: .post, body: ByteBuffer(string: "{\"samples\": 300}")) { r in
                #expect(r.text == cli.stdout)
            }
        }
    }

    @Test func sensitivityAndSweepAreTheCommandsJSON() async throws {
        let tornado = try footprint(["sensitivity", defaultModel, "--set", pue, "--method", "tornado", "--metric", "energy_facility_mwh:2030", "--format", "json"])
        let sobol = try footprint(["sensitivity", defaultModel, "--base-samples", "64", "--bootstrap", "20", "--seed", "3", "--format", "json"])
        let sweep = try footprint(["sweep", defaultModel, "--vary", "sites.aws-us-east-1.pue=1.1,1.3", "--metric", "emissions_location_tco2e",
                                   "--samples", "200", "--seed", "5", "--format", "json"])
        for c in [tornado, sobol, sweep] { #expect(c.status == 0, "\(c.stderr)") }
        try await explorer().test(.router) { client in
            try await client.execute(uri: "/api/sensitivity", method: .post,
                                     body: body(["set": [pue], "method": "tornado", "metric": "energy_facility_mwh:2030"])) { r in
                #expect(r.status == .ok)
                #expect(r.text == tornado.stdout)
            }
            try await client.execute(uri: "/api/sensitivity", method: .post,
                                     body: body(["base_samples": 64, "bootstrap": 20, "seed": 3, "budget_seconds": 60])) { r in
                #expect(r.text == sobol.stdout)
            }
            try await client.execute(uri: "/api/sweep", method: .post,
                                     body: body(["vary": ["sites.aws-us-east-1.pue=1.1,1.3"], "metrics": ["emissions_location_tco2e"],
                                                 "samples": 200, "seed": 5])) { r in
                #expect(r.text == sweep.stdout)
            }
            try await client.execute(uri: "/api/sweep-charts", method: .post,
                                     body: body(["vary": ["sites.aws-us-east-1.pue=1.1:1.3:3"], "metrics": ["emissions_location_tco2e"], "samples": 100])) { r in
                #expect(r.status == .ok)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: [[String: String]]])
                #expect(json["charts"]?.first?["svg"]?.hasPrefix("<svg") == true)
            }
        }
    }

    @Test func modelListsEveryInputGroupedWithWhatSetTakes() async throws {
        let inputs = try footprint(["run", defaultModel, "--list-inputs"])
        try await explorer().test(.router) { client in
            try await client.execute(uri: "/api/model", method: .get) { r in
                #expect(r.status == .ok)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])
                #expect(json["samples"] as? Int == 2000)
                let groups = try #require(json["groups"] as? [[String: Any]])
                let all = groups.flatMap { ($0["inputs"] as? [[String: Any]]) ?? [] }
                // As many as `run --list-inputs` lists (its header line aside).
                #expect(all.count == inputs.stdout.split(separator: "\n").count - 1)
                let pue = try #require(all.first { $0["path"] as? String == "sites.aws-us-east-1.pue" })
                #expect(pue["set"] as? String == "{dist: triangular, min: 1.05, mode: 1.1, max: 1.15}")
                #expect(pue["central"] as? Double == 1.1)
                #expect((pue["source"] as? String)?.hasPrefix("AWS: global PUE 1.15") == true)
                let site = try #require(groups.first { $0["name"] as? String == "aws-us-east-1" })
                #expect(site["kind"] as? String == "sites")
                // Sites (with their contracts and generation) before fleets, the catalog last.
                let kinds = groups.map { $0["kind"] as! String }
                #expect(kinds.firstIndex(of: "sites")! < kinds.firstIndex(of: "fleets")!)
                #expect(Array(Set(kinds.suffix(4))).sorted() == ["grids", "gwp"])
                #expect(kinds.contains("contracts") && kinds.contains("demand"))
            }
        }
    }

    @Test func scenarioDownloadRunsAsTheOverridesDo() async throws {
        let set = [pue, "fleets.trainium2.utilization={dist: pert, min: 0.5, mode: 0.6, max: 0.8}", "scenario.samples=300",
                   "accelerators.aws-trainium2.tdp_w=600"]
        let yaml = try await explorer().test(.router) { client in
            try await client.execute(uri: "/api/scenario", method: .post, body: body(["set": set])) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentDisposition] == "attachment; filename=\"hybrid-buildout-explored.yaml\"")
                return r.text
            }
        }
        // The comments of the file are kept; the catalog value is named at the top.
        #expect(yaml.hasPrefix("# Changed in the explorer."))
        #expect(yaml.contains("--set 'accelerators.aws-trainium2.tdp_w=600'"))
        #expect(yaml.contains("    pue: 1.3\n"))
        let original = try String(contentsOfFile: defaultModel, encoding: .utf8)
        let commentLines = { (t: String) in t.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.count }
        #expect(commentLines(yaml) == commentLines(original) + 3)
        // Saved beside the model (its catalog), it runs as the overrides do.
        let saved = "Models/.explorer-test-\(UUID().uuidString).yaml"
        try yaml.write(toFile: saved, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: saved) }
        let fromFile = try footprint(["run", saved, "--set", "accelerators.aws-trainium2.tdp_w=600", "--format", "csv"])
        let fromSet = try footprint(["run", defaultModel, "--format", "csv"] + set.flatMap { ["--set", $0] })
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == fromSet.stdout)
    }

    @Test func reportIsOneArchiveOfTheMarkdownAndItsCharts() async throws {
        try await explorer().test(.router) { client in
            try await client.execute(uri: "/api/report", method: .post, body: body(["set": [pue], "samples": 200, "budget_seconds": 60])) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/x-tar")
                let bytes = Array(r.body.readableBytesView)
                #expect(bytes.count % 512 == 0)
                let names = tarNames(bytes)
                #expect(names.first == "hybrid-buildout.md")
                #expect(names.contains("hybrid-buildout/power.svg"))
                #expect(names.contains("hybrid-buildout/tornado.svg"))
                let md = String(decoding: bytes[512..<(512 + tarSize(bytes, at: 0))], as: UTF8.self)
                #expect(md.contains("footprint report Models/hybrid-buildout.yaml --samples 200 --seed 20261124 --set sites.aws-us-east-1.pue=1.3"))
            }
            try await client.execute(uri: "/api/charts", method: .post, body: body(["samples": 100])) { r in
                #expect(r.status == .ok)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])
                let charts = try #require(json["charts"] as? [[String: String]])
                #expect(charts.map { $0["name"]! }.prefix(4) == ["power.svg", "emissions.svg", "fleets.svg", "water.svg"])
                #expect(charts.allSatisfy { $0["svg"]!.hasPrefix("<svg") })
            }
        }
    }

    @Test func pageAndItsAssetsAreServedFromTheBinary() async throws {
        try await explorer().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("<script src=\"/explorer.js\"></script>"))
            }
            try await client.execute(uri: "/explorer.js", method: .get) { r in
                #expect(r.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(r.text.contains("fetch(\"/api/model\")"))
            }
        }
    }
}

/// The names in a ustar archive.
func tarNames(_ bytes: [UInt8]) -> [String] {
    var names: [String] = [], at = 0
    while at + 512 <= bytes.count, bytes[at] != 0 {
        names.append(String(decoding: bytes[at..<(at + 100)].prefix { $0 != 0 }, as: UTF8.self))
        at += 512 + (tarSize(bytes, at: at) + 511) / 512 * 512
    }
    return names
}

func tarSize(_ bytes: [UInt8], at: Int) -> Int {
    Int(String(decoding: bytes[(at + 124)..<(at + 135)], as: UTF8.self), radix: 8)!
}

/// Hostile and mistaken requests: each gets its status and the command's
/// message, and the server keeps serving.
@Suite struct RefusalTests {
    /// The CLI's messages for `arguments` (its standard error, line by line).
    func cliErrors(_ arguments: [String]) throws -> [String] {
        let c = try footprint(arguments)
        #expect(c.status == 1)
        return c.stderr.split(separator: "\n").map(String.init)
    }

    @Test func unknownPathsAndBadValuesGetTheCommandsMessages() async throws {
        for set in ["sites.nowhere.pue=1.2", "sites.aws-us-east-1.pue=0.3", "fleets.trainium2.utilization={dist: pert, min: 0.9, mode: 0.5, max: 0.8}"] {
            let expected = try cliErrors(["run", defaultModel, "--set", set, "--format", "json"])
            try await explorer().test(.router) { client in
                try await client.execute(uri: "/api/run", method: .post, body: body(["set": [set]])) { r in
                    #expect(r.status == .badRequest)
                    #expect(r.errors == expected, "\(set)")
                }
                // And it keeps serving.
                try await client.execute(uri: "/api/run", method: .post, body: body(["samples": 1])) { r in #expect(r.status == .ok) }
            }
        }
    }

    @Test func malformedBodiesAndFieldsAreRefusedWithWhatIsWrong() async throws {
        let cases: [(String, String)] = [
            ("{\"set\": [", "malformed JSON at byte 10: the body ended where a value was expected"),
            ("[1, 2]", "the request body must be a JSON object, e.g. {\"set\": [\"sites.aws-us-east-1.pue=1.2\"], \"samples\": 2000}"),
            ("{\"sampels\": 10}", "unknown key 'sampels' (this endpoint takes set, samples, seed, budget_seconds)"),
            ("{\"samples\": -1}", "samples must be 1 or more (1 = central values), not -1"),
            ("{\"samples\": 1.5}", "samples must be a whole number, not 1.5"),
            ("{\"seed\": -1}", "seed must be a whole number from 0 to 18446744073709551615, not -1"),
            ("{\"set\": \"sites.aws-us-east-1.pue=1.2\"}", "set must be a list of strings, not a string"),
            ("{\"set\": [12]}", "set[0] must be a string, not a number"),
            ("{\"budget_seconds\": 100000}", "budget_seconds 100000 is more than this explorer allows (120 s; footprint serve --max-seconds)"),
            ("{\"a\": 1, \"a\": 2}", "malformed JSON at byte 13: the key 'a' is given twice"),
        ]
        try await explorer().test(.router) { client in
            for (text, message) in cases {
                try await client.execute(uri: "/api/run", method: .post, body: ByteBuffer(string: text)) { r in
                    #expect(r.status == .badRequest, "\(text)")
                    #expect(r.errors == [message], "\(text)")
                }
            }
        }
    }

    @Test func noRequestReachesTheFileSystem() async throws {
        try await explorer().test(.router) { client in
            for uri in ["/../Models/hybrid-buildout.yaml", "/%2e%2e/%2e%2e/etc/passwd", "/Models/catalog/grids.yaml", "/api/../../etc/passwd"] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .notFound, "\(uri)")
                    #expect(!r.text.contains("root:"))
                }
            }
            for set in ["grids.ERCT.hourly_profile=/etc/passwd", "sites.aws-us-east-1.contracts.0={hourly_profile: ../../etc/passwd}"] {
                try await client.execute(uri: "/api/run", method: .post, body: body(["set": [set]])) { r in
                    #expect(r.status == .badRequest)
                    #expect(r.errors.first?.contains("names a file (hourly_profile)") == true)
                }
            }
        }
    }

    @Test func oversizedBodiesGet413() async throws {
        let big = "{\"set\": [\"" + String(repeating: "x", count: 1 << 20) + "\"]}"
        try await explorer().test(.router) { client in
            try await client.execute(uri: "/api/run", method: .post, body: ByteBuffer(string: big)) { r in
                #expect(r.status == .contentTooLarge)
                #expect(r.errors == ["the request body is over 1048576 bytes (1 MiB): send only the overrides and options"])
            }
            try await client.execute(uri: "/api/run", method: .post, body: body(["samples": 1])) { r in #expect(r.status == .ok) }
        }
    }

    @Test func workBeyondTheBudgetIsRefusedBeforeItStarts() async throws {
        try await explorer(budget: 1).test(.router) { client in
            try await client.execute(uri: "/api/run", method: .post, body: body(["samples": 100_000_000])) { r in
                #expect(r.status == .badRequest)
                #expect(r.errors.first?.contains("more than the 1.0 seconds allowed: use at most") == true, "\(r.errors)")
            }
        }
    }

    @Test func aFloodIsQueuedOrRefusedWith503AndServingGoesOn() async throws {
        // One run at a time and one waiting: of twelve at once, some must be
        // refused, none may fail otherwise, and the next request is served.
        try await explorer(threads: 1, slots: 1, queue: 1).test(.live) { client in
            let port = try #require(client.port)
            // Twelve connections at once, each its own client.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { c in
                            try await c.post("/api/run", body: body(["samples": 300])).head.status
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .serviceUnavailable })
            #expect(statuses.contains(.serviceUnavailable))
            #expect(statuses.contains(.ok))
            try await client.execute(uri: "/api/run", method: .post, body: body(["samples": 1])) { r in #expect(r.status == .ok) }
        }
    }

    @Test func unknownAPIsSayWhatThereIs() async throws {
        try await explorer().test(.router) { client in
            try await client.execute(uri: "/api/runs", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(r.errors.first?.hasPrefix("no API at /api/runs:") == true)
            }
        }
    }
}
