/// Path arithmetic on plain strings. Foundation's `deletingLastPathComponent`
/// traps on some paths (a path of one space, Swift 6.3.1 on Linux: found by
/// `make fuzz-options`), so the tool splits paths itself.
public enum Paths {
    /// The folder part of `path`: everything before its last "/" ("" when
    /// there is none; "/" for a file at the root).
    public static func folder(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }

    /// The last part of `path` (after its last "/").
    public static func lastComponent(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// `folder/name`, or `name` when the folder is empty.
    public static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
