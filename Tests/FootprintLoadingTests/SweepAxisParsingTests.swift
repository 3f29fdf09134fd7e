import Testing
import FootprintModel
import FootprintLoading

/// `--vary` texts: lists, ranges, and every refusal naming what is wrong.
@Suite struct SweepAxisParsingTests {
    @Test func listsKeepValuesAsWritten() throws {
        let a = try SweepAxis(parsing: "sites.x.pue=1.1, 1.2,1.30")
        #expect(a.path == "sites.x.pue" && a.values == ["1.1", "1.2", "1.30"] && a.range == nil)
        // A distribution is one value: its commas are inside braces.
        let d = try SweepAxis(parsing: "sites.x.pue={mode: 1.2, low: 1.1, high: 1.4},1.3")
        #expect(d.values == ["{mode: 1.2, low: 1.1, high: 1.4}", "1.3"])
        #expect(try SweepAxis(parsing: "scenario.resolution=day,month").values == ["day", "month"])
    }

    @Test(arguments: [("p=0:1:5", ["0", "0.25", "0.5", "0.75", "1"]), ("p=0:1:11", ["0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"]),
                      ("p=1.1:1.5:3", ["1.1", "1.3", "1.5"]), ("p=-2:2:2", ["-2", "2"])])
    func rangesAreEvenlySpacedAndPrintedShort(_ text: String, _ values: [String]) throws {
        #expect(try SweepAxis(parsing: text).values == values)
    }

    @Test(arguments: [("p=", "empty"), ("p=,", "empty"), ("p=1,,2", "empty"), ("=1,2", "path is empty"), ("p", "expected PATH"),
                      ("p=1:2", "number of points"), ("p=2:1:3", "below"), ("p=1:1:3", "below"), ("p=1:2:1", "at least 2"),
                      ("p=a:b:3", "must be numbers"), ("p=1:2:x", "whole number"), ("p=1:2:3:4", "three parts")])
    func refusals(_ text: String, _ fragment: String) {
        #expect {
            try SweepAxis(parsing: text)
        } throws: { ($0 as? SweepAxis.ParseError)?.description.contains(fragment) == true }
    }

    @Test func latinHypercubeTakesRangesOnly() throws {
        #expect(try SweepAxis(parsing: "p=1:2", ranges: true).range == 1...2)
        #expect(throws: SweepAxis.ParseError.self) { try SweepAxis(parsing: "p=1,2", ranges: true) }
        #expect(throws: SweepAxis.ParseError.self) { try SweepAxis(parsing: "p=1:2:5", ranges: true) }
    }
}
