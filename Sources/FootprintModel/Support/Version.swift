/// The tool's version, written into every result and report.
public enum FootprintVersion {
    public static let current = "0.1.0"
}
