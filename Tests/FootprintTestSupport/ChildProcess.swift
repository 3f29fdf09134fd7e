import Foundation
import FootprintModel

/// How a child process ended and what it printed.
public struct ProcessOutput: CustomStringConvertible {
    /// The command as started, for failure messages.
    public let command: String
    /// `.exit`, or `.uncaughtSignal` (then `status` is the signal).
    public let reason: Process.TerminationReason
    public let status: Int32
    /// Empty when standard output was not captured.
    public let stdout: String
    public let stderr: String

    /// The command, how it ended and its standard error: what a failed
    /// expectation about it needs to say.
    public var description: String {
        let end = reason == .uncaughtSignal ? "died of signal \(status)" : "exited \(status)"
        return "`\(command)` \(end)" + (stderr.isEmpty ? "" : ":\n\(stderr)")
    }
}

/// A child process a test started and has not finished with. Tests that
/// signal a process or run two at once keep it; others call `finish` at once.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` and the pipes are only touched by the test
    // that started it and, for standard error, by one reader thread.
    private let process: Process
    private let command: String
    private let stdout: Pipe?
    private let stderr = Pipe()
    /// Standard error, read on another thread while `finish` reads
    /// standard output, so neither pipe can fill and stall the child.
    private let stderrData = Locked(Data())
    private let stderrDone = DispatchGroup()

    /// Starts `executable` with `arguments` in `directory`, with
    /// `environment` added to the test's own; standard output is collected
    /// when `captureStdout`, else discarded. `described` is the command as
    /// failure messages show it (default: the executable's path and the
    /// arguments).
    public init(_ executable: URL, _ arguments: [String], in directory: URL = packageRoot,
                environment: [String: String] = [:], captureStdout: Bool = true, described: String? = nil) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        command = described ?? ([executable.path] + arguments).joined(separator: " ")
        stdout = captureStdout ? Pipe() : nil
        process.standardOutput = stdout ?? FileHandle.nullDevice
        process.standardError = stderr
        try process.run()
        let handle = stderr.fileHandleForReading, data = stderrData
        stderrDone.enter()
        DispatchQueue.global().async { [stderrDone] in
            let bytes = handle.readDataToEndOfFile()
            data.withLock { $0 = bytes }
            stderrDone.leave()
        }
    }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Waits for the process to end; what it printed.
    public func finish() -> ProcessOutput {
        let out = stdout?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        stderrDone.wait()
        process.waitUntilExit()
        return ProcessOutput(command: command, reason: process.terminationReason, status: process.terminationStatus,
                             stdout: String(decoding: out, as: UTF8.self),
                             stderr: String(decoding: stderrData.withLock { $0 }, as: UTF8.self))
    }
}
