import Foundation
import FootprintExplorer
import Hummingbird
import HummingbirdTesting
import NIOCore

/// The Footprint package's folder (the explorer's parent): models are read
/// relative to it, as `footprint` reads them from the package folder.
let packageRoot: URL = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    _ = FileManager.default.changeCurrentDirectoryPath(root.path)
    return root
}()

let defaultModel = "Models/hybrid-buildout.yaml"

/// The explorer on `model`, as `footprint serve` starts it.
func explorer(_ model: String = defaultModel, threads: Int = 2, slots: Int = 2, queue: Int? = nil,
              budget: Double = 5) throws -> some ApplicationProtocol {
    _ = packageRoot
    return try Explorer.application(ExplorerConfiguration(model: model, port: 0, threads: threads, slots: slots, queue: queue,
                                                          defaultBudget: budget))
}

/// What the `footprint` binary prints: FOOTPRINT_BIN, else the package's
/// release build (`make explore-test` builds it first).
struct CLIOutput {
    let status: Int32
    let stdout: String
    let stderr: String
}

func footprint(_ arguments: [String]) throws -> CLIOutput {
    let bin = ProcessInfo.processInfo.environment["FOOTPRINT_BIN"] ?? packageRoot.appendingPathComponent(".build/release/footprint").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: bin)
    p.arguments = arguments
    p.currentDirectoryURL = packageRoot
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Standard error on another thread, so neither pipe fills and stalls the child.
    let errData = LockedData()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData.set(err.fileHandleForReading.readDataToEndOfFile())
        group.leave()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    group.wait()
    return CLIOutput(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: errData.get(), as: UTF8.self))
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// A JSON body from an object.
func body(_ object: Any) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
}

extension TestResponse {
    var text: String { String(buffer: body) }
    /// The `errors` of a refusal.
    var errors: [String] {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?["errors"] as? [String] ?? []
    }
}
