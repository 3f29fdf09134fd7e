import Foundation

/// The `footprint` binary the command-line tests run, chosen once:
///
/// 1. `FOOTPRINT_BIN`, when set (`make test` sets it to the release build
///    it has just made); a path that is not an executable is an error,
///    never a silent fallback.
/// 2. `.build/release/footprint`, when it is newer than every file in
///    Sources/ and Package.swift (an older one would test old code).
/// 3. The binary beside the test bundle, which `swift test` has just built
///    (`make test` builds both in release); in a debug build it is correct,
///    but a run with many draws is about 100 times slower.
/// 4. `.build/debug/footprint`.
public enum FootprintBinary {
    public struct NotFound: Error, CustomStringConvertible {
        public let description: String
    }

    /// The binary and how it was chosen, or why none was; said once on
    /// standard error, so a slow run shows that it used the debug build.
    public static let chosen: Result<(url: URL, why: String), NotFound> = {
        let chosen = choose()
        FileHandle.standardError.write(Data("footprint tests: \(summary(of: chosen))\n".utf8))
        return chosen
    }()

    /// The binary to run.
    public static func url() throws(NotFound) -> URL { try chosen.get().url }

    /// Which binary the tests run and why, for failure messages.
    public static var summary: String { summary(of: chosen) }

    private static func summary(of chosen: Result<(url: URL, why: String), NotFound>) -> String {
        switch chosen {
        case let .success((url, why)): "\(url.path) (\(why))"
        case let .failure(error): error.description
        }
    }

    private static func choose() -> Result<(url: URL, why: String), NotFound> {
        let files = FileManager.default
        if let given = ProcessInfo.processInfo.environment["FOOTPRINT_BIN"], !given.isEmpty {
            let url = URL(fileURLWithPath: given, relativeTo: packageRoot).standardizedFileURL
            guard files.isExecutableFile(atPath: url.path) else {
                return .failure(NotFound(description: "FOOTPRINT_BIN=\(given) is not an executable file: build it with "
                    + "`make release`, or unset FOOTPRINT_BIN to use the debug build"))
            }
            return .success((url, "from FOOTPRINT_BIN"))
        }
        let release = packageRoot.appendingPathComponent(".build/release/footprint")
        var stale = ""
        if files.isExecutableFile(atPath: release.path) {
            if let built = modified(release), let newest = newestSource(), built >= newest {
                return .success((release, "the release build; FOOTPRINT_BIN is not set"))
            }
            stale = "; .build/release/footprint is older than Sources/"
        }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("footprint")
        if files.isExecutableFile(atPath: beside.path) {
            return .success((beside, "the build beside the tests (slow if a debug build): FOOTPRINT_BIN is not set\(stale)"))
        }
        let debug = packageRoot.appendingPathComponent(".build/debug/footprint")
        if files.isExecutableFile(atPath: debug.path) {
            return .success((debug, "the debug build, slow: FOOTPRINT_BIN is not set\(stale); `make test` uses a release build"))
        }
        return .failure(NotFound(description: "no footprint binary: FOOTPRINT_BIN is not set and neither "
            + ".build/release/footprint nor a debug build exists; run `make test`, or `swift build` first"))
    }

    private static func modified(_ url: URL) -> Date? {
        try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
    }

    /// The last change to the code the binary is built from.
    private static func newestSource() -> Date? {
        let sources = packageRoot.appendingPathComponent("Sources")
        let all = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: [.contentModificationDateKey])?
            .compactMap { ($0 as? URL).flatMap(modified) } ?? []
        return (all + [modified(packageRoot.appendingPathComponent("Package.swift"))].compactMap { $0 }).max()
    }
}

/// Runs `footprint` with `arguments` in the package folder; what it printed.
public func footprint(_ arguments: String...) throws -> ProcessOutput { try footprint(arguments) }

/// Runs `footprint` with `arguments` in the package folder, with
/// `environment` added; what it printed.
public func footprint(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessOutput {
    try startFootprint(arguments, environment: environment).finish()
}

/// Starts `footprint` with `arguments` in the package folder; `prefix` runs
/// it under another program (`setpriv`). Standard output is discarded
/// unless `captureStdout`.
public func startFootprint(_ arguments: [String], prefix: [String] = [], environment: [String: String] = [:],
                           captureStdout: Bool = true) throws -> ChildProcess {
    let binary = try FootprintBinary.url()
    // Failure messages name the binary: a debug one explains a slow run,
    // a stale one a surprising result.
    let described = (prefix + ["footprint"] + arguments).joined(separator: " ") + " [footprint = \(FootprintBinary.summary)]"
    guard let program = prefix.first else {
        return try ChildProcess(binary, arguments, environment: environment, captureStdout: captureStdout, described: described)
    }
    return try ChildProcess(URL(fileURLWithPath: program), Array(prefix.dropFirst()) + [binary.path] + arguments,
                            environment: environment, captureStdout: captureStdout, described: described)
}
