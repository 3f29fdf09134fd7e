/// How wide chart text is, estimated without fonts: SVG viewers pick their
/// own sans-serif, so layouts use a width per character that long labels
/// in the common ones stay under (DejaVu Sans, the widest usual default,
/// measures about 0.55 regular and 0.62 bold).
enum TextLayout {
    static let widthPerCharacter = 0.6, boldWidthPerCharacter = 0.65

    static func width(_ s: String, size: Double, bold: Bool = false) -> Double {
        Double(s.count) * (bold ? boldWidthPerCharacter : widthPerCharacter) * size
    }

    /// `s` in lines no wider than `maxWidth`, broken between words; a word
    /// wider than that alone on its line (the chart grows rather than cut it).
    static func wrap(_ s: String, size: Double, maxWidth: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in s.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if line.isEmpty || width(candidate, size: size) <= maxWidth {
                line = candidate
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        return lines + [line]
    }
}
