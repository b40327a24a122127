import Testing
@testable import Datasets

@Suite struct JSONFormatterTests {
    @Test func compactAndPrettyRoundTrip() throws {
        let text = #"{"a":[1,true,null],"b":{"c":"x\"y\n\u001b"},"e":{}}"#
        let value = try JSONParser.parse(text)
        #expect(JSONFormatter.compact(value) == text)
        let pretty = JSONFormatter.pretty(value)
        #expect(pretty.contains("\n  \"a\": [\n    1,"))
        #expect(try JSONParser.parse(pretty) == value)
    }

    @Test func stopsAtTheByteLimit() {
        let value = JSONValue.array(Array(repeating: .string(String(repeating: "é", count: 1000)), count: 1000))
        let text = JSONFormatter.compact(value, maxBytes: 100)
        #expect(text.hasSuffix("…"))
        #expect(text.utf8.count <= 100 + 3)
    }

    @Test func cellTextShowsScalarsPlainly() {
        #expect(JSONFormatter.cellText(.string("hi")) == "hi")
        #expect(JSONFormatter.cellText(.number("1e3")) == "1e3")
        #expect(JSONFormatter.cellText(nil) == "")
        #expect(JSONFormatter.cellText(.string("abcdef"), maxBytes: 3) == "abc…")
    }
}
