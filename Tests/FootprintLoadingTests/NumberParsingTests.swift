import Testing
import FootprintModel
@testable import FootprintLoading

/// Numbers in model files: decimal only, '_' separators allowed, nothing
/// that Double(String) would also take but a YAML reader should not
/// (inf, nan, hex).
@Suite struct NumberParsingTests {
    @Test(arguments: [("1_000", 1000.0), ("1e3", 1000), ("-2.5", -2.5), ("+5", 5), ("30e9", 30e9), ("0.000_1", 0.0001), ("1E-3", 0.001)])
    func accepted(_ text: String, _ value: Double) {
        #expect(parseNumber(text) == value)
    }

    @Test(arguments: ["", "_", "inf", "-inf", "nan", "0x10", "1.0.0", "1 000", "1e999", "12 kW", "٣"])
    func refused(_ text: String) {
        #expect(parseNumber(text) == nil)
    }
}
