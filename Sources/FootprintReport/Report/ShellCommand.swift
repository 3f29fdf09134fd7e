/// A command line as a report prints it, so that a reader can paste it into
/// a shell and run it again: the words joined by spaces, each quoted only
/// when a POSIX shell would otherwise change it.
public struct ShellCommand: CustomStringConvertible, Sendable {
    public private(set) var words: [String]

    public init(_ words: String...) { self.words = words }

    /// Appends words as given (`--samples`, `500`).
    public mutating func append(_ more: String...) { words += more }

    /// Appends `name value` when there is a value.
    public mutating func option(_ name: String, _ value: String?) {
        if let value { words += [name, value] }
    }

    /// Appends `name value` for each value, in order (a repeatable option).
    public mutating func option(_ name: String, each values: [String]) {
        for value in values { words += [name, value] }
    }

    public var description: String { words.map(Self.quoted).joined(separator: " ") }

    /// Characters no POSIX shell treats specially anywhere in a word.
    private static let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%")

    /// `word` as the shell reads it back: bare when every character is plain,
    /// else in single quotes (inside which nothing is special), with each
    /// embedded `'` written as `'\''` (close, an escaped quote, reopen).
    public static func quoted(_ word: String) -> String {
        if !word.isEmpty && word.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
