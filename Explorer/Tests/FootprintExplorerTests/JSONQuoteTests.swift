import Testing
@testable import FootprintExplorer

/// The explorer's own JSON quotes strings as the report's JSON does, and
/// escapes `<` too, so that no text from a model can close a script tag in
/// the page.
@Suite struct JSONQuoteTests {
    @Test func quotesAsTheReportAndEscapesTheAngle() {
        #expect(ExplorerJSON.quote("plain") == "\"plain\"")
        #expect(ExplorerJSON.quote("a<b \"c\"\n\\") == "\"a\\u003cb \\\"c\\\"\\n\\\\\"")
        #expect(ExplorerJSON.quote("</script>") == "\"\\u003c/script>\"")
        #expect(ExplorerJSON.quote("\u{1}") == "\"\\u0001\"")
    }
}
