import Foundation
import FootprintModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees the old content or the new, never a
/// half-written file: the bytes go to a temporary file in the same folder,
/// which is then renamed over the target (rename is atomic on one volume).
/// The temporary file is registered with `TemporaryFiles`, so an
/// interrupted run removes it; a failed write removes it too.
///
/// Missing folders are created; a target that is a folder, a folder that is
/// read-only or cannot be created, and a full disk are refused with an
/// `OutputError` that says so and names the target.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(bytes: Array(text.utf8), to: path)
    }

    /// Writes `bytes` (a binary file, such as a shard's part) atomically.
    public static func write(bytes: [UInt8], to path: String) throws(OutputError) {
        // A device or a FIFO (/dev/null, /dev/stdout, a pipe) is written
        // directly, its errors reported: a rename would replace it.
        if isSpecial(path) { return try writeDirectly(bytes, to: path) }
        let folder = try checkedFolder(of: path)
        let name = Paths.lastComponent(of: path)
        let temporary = Paths.join(folder, ".\(name).\(getpid()).tmp")
        do throws(OutputError) {
            try TemporaryFiles.shared.register(temporary)
        } catch {
            throw error.naming(path)
        }
        do throws(OutputError) {
            try writeBytes(bytes, to: temporary, target: path)
            TemporaryFiles.shared.pauseIfTesting()
            try TemporaryFiles.shared.commit([temporary]) { () throws(OutputError) in
                if rename(temporary, path) != 0 { throw OutputError(path: path, errno: errno, doing: "renaming into place") }
            }
        } catch {
            TemporaryFiles.shared.discard(temporary)
            throw error.naming(path)
        }
    }

    /// The folder of `path`, created if missing (as `mkdir -p`), after
    /// checking that `path` is not a folder; a folder that cannot be
    /// created (read-only parent, a file in the way) is an `OutputError`.
    static func checkedFolder(of path: String) throws(OutputError) -> String {
        guard !path.isEmpty else { throw OutputError(path: path, reason: "the output path is empty") }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputError(path: path, errno: EISDIR, doing: "")
        }
        let parent = Paths.folder(of: path)
        let folder = parent.isEmpty ? "." : parent
        try makeFolders(folder, for: path)
        return folder
    }

    /// `mkdir -p folder`, with the errno of the step that failed.
    private static func makeFolders(_ folder: String, for path: String) throws(OutputError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            if isFolder.boolValue { return }
            throw OutputError(path: path, reason: "\(folder) is a file, not a folder; choose another output path")
        }
        let parent = Paths.folder(of: folder)
        if !parent.isEmpty, parent != folder { try makeFolders(parent, for: path) }
        if mkdir(folder, 0o777) != 0, errno != EEXIST {
            let code = errno
            let why = code == EACCES || code == EPERM || code == EROFS ? "the folder \(parent.isEmpty ? "." : parent) is not writable" : String(cString: strerror(code))
            throw OutputError(path: path, reason: "cannot create the folder \(folder): \(why); choose another output path")
        }
    }

    /// Whether `path` exists and is not a regular file or a folder (a
    /// character or block device, a FIFO, a socket).
    public static func isSpecial(_ path: String) -> Bool {
        var st = stat()
        guard !path.isEmpty, stat(path, &st) == 0 else { return false }
        let kind = st.st_mode & S_IFMT
        return kind != S_IFREG && kind != S_IFDIR
    }

    /// Writes `bytes` to an existing device or FIFO, in full, reporting a
    /// failed or short write (ENOSPC on /dev/full).
    static func writeDirectly(_ bytes: [UInt8], to path: String) throws(OutputError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(path: path, errno: errno, doing: "opening") }
        defer { close(fd) }
        try writeAll(bytes, to: fd, target: path)
    }

    /// Creates `file` (which must not exist) with `bytes`.
    static func writeBytes(_ bytes: [UInt8], to file: String, target: String) throws(OutputError) {
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw OutputError(path: target, errno: errno, doing: "creating a temporary file") }
        defer { close(fd) }
        try writeAll(bytes, to: fd, target: target)
    }

    /// Every byte to `fd`, retrying interrupted writes; a write that takes
    /// nothing is a full device.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32, target: String) throws(OutputError) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: target, errno: errno, doing: "writing")
            }
            if n == 0 { throw OutputError(path: target, errno: ENOSPC, doing: "writing") }
            written += n
        }
    }
}

/// write(2) (the name `write` is taken by the enum's method).
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}
