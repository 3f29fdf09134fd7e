import Foundation
import FootprintModel

/// The temporary files and folders this process is writing, so that an
/// interrupted run (SIGINT, SIGTERM) can remove them before it dies, and
/// the moment at which each is renamed into place.
///
/// `commit` and `removeAll` exclude each other: a signal that arrives while
/// a finished file is being renamed into place waits for the rename (the
/// target is then complete and nothing temporary remains); one that arrives
/// earlier removes the temporary file and no rename follows.
public final class TemporaryFiles: Sendable {
    public static let shared = TemporaryFiles()

    private struct State {
        var paths: [String] = []
        var terminating = false
    }
    private let state = Locked(State())

    /// Notes `path` as temporary; throws when the process is terminating.
    func register(_ path: String) throws(OutputError) {
        try state.withLock { (s) throws(OutputError) in
            if s.terminating { throw OutputError(path: path, reason: "the run was interrupted") }
            s.paths.append(path)
        }
    }

    /// Runs `body` (the renames that put finished files in place) unless
    /// the process is terminating, then forgets `paths`.
    func commit(_ paths: [String], _ body: () throws(OutputError) -> Void) throws(OutputError) {
        try state.withLock { (s) throws(OutputError) in
            if s.terminating { throw OutputError(path: paths.first ?? "", reason: "the run was interrupted") }
            try body()
            s.paths.removeAll { paths.contains($0) }
        }
    }

    /// Removes `path` (after a failure) and forgets it.
    func discard(_ path: String) {
        state.withLock { s in
            try? FileManager.default.removeItem(atPath: path)
            s.paths.removeAll { $0 == path }
        }
    }

    /// Removes every temporary file and folder, and refuses any later
    /// registration or commit. For the signal handler of the command line.
    public func removeAll() {
        state.withLock { s in
            s.terminating = true
            for p in s.paths { try? FileManager.default.removeItem(atPath: p) }
            s.paths = []
        }
    }

    /// The paths now registered (for tests).
    public var registered: [String] { state.withLock { $0.paths } }

    /// For the interruption tests: `FOOTPRINT_TEST_WRITE_PAUSE_MS` holds a
    /// run for that long between writing its temporary files and renaming
    /// them, so that a test can signal it mid-write. Unset: no pause.
    static let pauseBeforeCommit: UInt32 = {
        UInt32(ProcessInfo.processInfo.environment["FOOTPRINT_TEST_WRITE_PAUSE_MS"] ?? "") ?? 0
    }()

    func pauseIfTesting() {
        if Self.pauseBeforeCommit > 0 { usleep(Self.pauseBeforeCommit * 1000) }
    }
}

/// A file that could not be written: the path, and what is wrong in words
/// that say what would be right.
public struct OutputError: Error, Sendable, LocalizedError, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) { self.path = path; self.reason = reason }

    /// From a failed system call on `path` (errno), with the target's name
    /// in the message rather than the temporary file's.
    init(path: String, errno code: Int32, doing what: String) {
        let folder = Paths.folder(of: path).isEmpty ? "." : Paths.folder(of: path)
        let reason: String
        switch code {
        case EACCES, EPERM: reason = "permission denied: the folder \(folder) is not writable; choose another output path or change its permissions"
        case EROFS: reason = "the folder \(folder) is on a read-only file system; choose another output path"
        case ENOENT: reason = "the folder \(folder) does not exist; create it first or choose another output path"
        case ENOTDIR: reason = "part of the path \(folder) is a file, not a folder"
        case EISDIR: reason = "\(path) is a folder; give a file name inside it instead"
        case ENOSPC, EDQUOT: reason = "no space left on the device holding \(folder)"
        default: reason = "\(what) failed: \(String(cString: strerror(code)))"
        }
        self.init(path: path, reason: reason)
    }

    /// This failure as the caller of a public writer sees it: about the
    /// file it asked for (not a temporary, staged or chart file inside
    /// the write), for the same reason.
    func naming(_ target: String) -> OutputError { OutputError(path: target, reason: reason) }

    public var description: String { reason }
    public var errorDescription: String? { reason }
}
