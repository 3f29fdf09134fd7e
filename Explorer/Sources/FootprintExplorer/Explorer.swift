import Foundation
import FootprintCommands
import FootprintModel
import HTTPTypes
import Hummingbird
import NIOCore

/// The explorer's settings: the one model it serves, where it listens, and
/// what one request may cost.
public struct ExplorerConfiguration: Sendable {
    /// The scenario file; every request evaluates it with its own overrides.
    public var model: String
    public var host: String
    public var port: Int
    /// Worker threads of each run (results do not depend on it).
    public var threads: Int
    /// Runs at once; the next `queue` wait, and beyond them a request gets 503.
    public var slots: Int
    public var queue: Int
    /// Seconds of work a request gets unless it asks for more
    /// (`budget_seconds`), and the most it may ask for.
    public var defaultBudget: Double
    public var maxBudget: Double
    /// Bodies over this many bytes get 413.
    public var maxBody: Int

    public init(model: String, host: String = "127.0.0.1", port: Int = 8080, threads: Int = MonteCarlo.defaultThreads,
                slots: Int = MonteCarlo.defaultThreads, queue: Int? = nil, defaultBudget: Double = 1, maxBudget: Double = 120,
                maxBody: Int = 1 << 20) {
        self.model = model; self.host = host; self.port = port; self.threads = threads
        self.slots = max(1, slots); self.queue = queue ?? 4 * max(1, slots)
        self.defaultBudget = defaultBudget; self.maxBudget = maxBudget; self.maxBody = maxBody
    }

    /// Whether `host` listens on this machine only.
    public var isLoopback: Bool { ["127.0.0.1", "localhost", "::1"].contains(host) }
}

/// A JSON body of `{"errors": [...]}` (400, 413, 503) or the answer itself.
struct Answer: Sendable {
    var status: HTTPResponse.Status
    var contentType: String
    var body: [UInt8]
    var headers: [(HTTPField.Name, String)] = []

    static func json(_ text: String) -> Answer { Answer(status: .ok, contentType: "application/json", body: Array(text.utf8)) }

    static func errors(_ status: HTTPResponse.Status, _ messages: [String]) -> Answer {
        Answer(status: status, contentType: "application/json", body: Array((ExplorerJSON.object(["errors": .array(messages.map { .string($0) })]) + "\n").utf8))
    }

    var response: Response {
        var fields: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        for (name, value) in headers { fields[name] = value }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The explorer's HTTP face: one page, its script and style, and the JSON
/// API of docs/explorer.md. Handlers are `Explorer.API`'s; this file only
/// routes, limits bodies and turns answers into responses.
public enum Explorer {
    /// The application, ready to run (`runService`) or to test.
    public static func application(_ config: ExplorerConfiguration) throws(CommandError) -> some ApplicationProtocol {
        let api = try API(config)
        let router = Router()
        for (path, asset) in Page.assets {
            router.get(RouterPath(path)) { _, _ in
                Answer(status: .ok, contentType: asset.contentType, body: Array(asset.text.utf8)).response
            }
        }
        router.get("/api/model") { _, _ in api.model().response }
        let posts: [(String, @Sendable (API, [(String, JSONValue)]) async -> Answer)] = [
            ("/api/run", { await $0.run($1) }),
            ("/api/sensitivity", { await $0.sensitivity($1) }),
            ("/api/sweep", { await $0.sweep($1) }),
            ("/api/sweep-charts", { await $0.sweepCharts($1) }),
            ("/api/scenario", { await $0.scenario($1) }),
            ("/api/report", { await $0.report($1) }),
            ("/api/charts", { await $0.charts($1) }),
        ]
        for (path, handler) in posts {
            router.post(RouterPath(path)) { request, _ in
                let body: ByteBuffer
                do { body = try await request.body.collect(upTo: config.maxBody) } catch {
                    return Answer.errors(.contentTooLarge, ["the request body is over \(config.maxBody) bytes (1 MiB): send only the overrides and options"]).response
                }
                switch API.decode(body) {
                case let .failure(message): return Answer.errors(.badRequest, [message]).response
                case let .success(fields): return await handler(api, fields).response
                }
            }
        }
        let unknown: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            Answer.errors(.notFound, ["no API at \(request.uri.path): the API is GET /api/model and POST /api/run, /api/sensitivity, /api/sweep, /api/sweep-charts, /api/scenario, /api/report, /api/charts (docs/explorer.md)"]).response
        }
        router.get("/api/**", use: unknown)
        router.post("/api/**", use: unknown)
        return Application(router: router, configuration: .init(address: .hostname(config.host, port: config.port), serverName: "footprint-explorer"))
    }
}
