/// A POSIX ustar archive in memory: `POST /api/report`'s one file holding
/// the Markdown report and its charts. Regular files only, names under 100
/// bytes (the caller keeps them short), modification time 0 so that the
/// same report gives the same bytes.
struct Tar {
    private var bytes: [UInt8] = []

    mutating func add(_ name: String, _ text: String) {
        let data = Array(text.utf8)
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ s: String, at offset: Int, width: Int) {
            for (i, b) in s.utf8.prefix(width).enumerated() { header[offset + i] = b }
        }
        func octal(_ n: Int, width: Int) -> String {
            let s = String(n, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - s.count)) + s
        }
        put(name, at: 0, width: 100)
        put(octal(0o644, width: 8), at: 100, width: 7)
        put(octal(0, width: 8), at: 108, width: 7)
        put(octal(0, width: 8), at: 116, width: 7)
        put(octal(data.count, width: 12), at: 124, width: 11)
        put(octal(0, width: 12), at: 136, width: 11)
        put("        ", at: 148, width: 8)
        header[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7), at: 148, width: 6)
        header[154] = 0
        header[155] = UInt8(ascii: " ")
        bytes += header + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    /// The archive, closed by two empty blocks.
    func finished() -> [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }
}
