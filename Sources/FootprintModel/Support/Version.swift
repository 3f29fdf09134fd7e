import Foundation

/// The tool's version, written into every result and report.
public enum FootprintVersion {
    public static let current = "0.1.0"

    /// The git commit of the checkout the binary was built from (the folder
    /// its sources were compiled in), read when the tool runs; nil outside a
    /// git checkout (an installed copy, a tarball).
    public static let commit: String? = {
        let source = #filePath
        guard let range = source.range(of: "/Sources/FootprintModel/") else { return nil }
        return GitHead.commit(root: String(source[..<range.lowerBound]))
    }()

    /// "0.1.0 (commit 1a2b3c4d5e6f)", or the version alone outside a checkout:
    /// what report footers print.
    public static var described: String { commit.map { "\(current) (commit \($0.prefix(12)))" } ?? current }
}

/// The commit a checkout's HEAD names, from its .git files (no git binary).
enum GitHead {
    static func commit(root: String) -> String? {
        let fm = FileManager.default
        var gitDir = root + "/.git"
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: gitDir, isDirectory: &isDir) else { return nil }
        if !isDir.boolValue {
            // A worktree: ".git" is a file "gitdir: PATH".
            guard let text = try? String(contentsOfFile: gitDir, encoding: .utf8), text.hasPrefix("gitdir: ") else { return nil }
            let path = text.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines)
            gitDir = path.hasPrefix("/") ? path : root + "/" + path
        }
        guard let head = try? String(contentsOfFile: gitDir + "/HEAD", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        guard head.hasPrefix("ref: ") else { return isHash(head) ? head : nil }
        let ref = String(head.dropFirst(5))
        // Refs live in the common folder of a worktree's repository.
        var common = gitDir
        if let c = try? String(contentsOfFile: gitDir + "/commondir", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) {
            common = c.hasPrefix("/") ? c : gitDir + "/" + c
        }
        for dir in [gitDir, common] {
            if let h = try? String(contentsOfFile: dir + "/" + ref, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), isHash(h) { return h }
        }
        if let packed = try? String(contentsOfFile: common + "/packed-refs", encoding: .utf8) {
            for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
                let h = String(line.prefix { $0 != " " })
                if isHash(h) { return h }
            }
        }
        return nil
    }

    static func isHash(_ s: String) -> Bool { s.count == 40 && s.allSatisfy(\.isHexDigit) }
}
