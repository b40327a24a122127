import Testing
@testable import Support

@Suite struct JSONParserTests {
    @Test func parsesEveryKindAndKeepsKeyOrder() throws {
        let value = try JSONParser.parse(#"{"z": 1, "a": [true, false, null], "m": {"x": -2.5e3}, "s": "hi"}"#)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["z", "a", "m", "s"])
        #expect(value["z"] == .number("1"))
        #expect(value["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(value.value(atPath: ["m", "x"])?.doubleValue == -2500)
        #expect(value["s"] == .string("hi"))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00\u001b""#)
        #expect(value == .string("a\"b\\c/d\n\té😀\u{1B}"))
    }

    @Test func loneSurrogateBecomesReplacementCharacter() throws {
        #expect(try JSONParser.parse(#""x\ud800y""#) == .string("x\u{FFFD}y"))
        #expect(try JSONParser.parse(#""\udc00""#) == .string("\u{FFFD}"))
    }

    @Test func invalidUTF8BecomesReplacementCharacter() throws {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0x22]
        let value = try bytes.withUnsafeBytes { try JSONParser.parse($0) }
        #expect(value == .string("a\u{FFFD}b"))
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 8), (#"{"a" 1}"#, 5), ("[1, 2", 5), (#""abc"#, 0), ("tru", 0), ("01", 1), ("1.", 2),
        (#"{"a": 1} x"#, 9), ("", 0), (#""a\qb""#, 2), ("\"a\u{01}b\"", 2),
    ])
    func reportsErrorsWithByteOffsets(text: String, offset: Int) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("parsed invalid JSON: \(text)")
        } catch let error as JSONParseError {
            #expect(error.offset == offset, "\(text): \(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func refusesHostileNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func keepsNumbersAsWritten() throws {
        #expect(try JSONParser.parse("12345678901234567890123") == .number("12345678901234567890123"))
        #expect(try JSONParser.parse("-0.5E+10").doubleValue == -0.5e10)
    }

    @Test func previewCutsLongStringsAndTruncatedInput() throws {
        let long = String(repeating: "x", count: 10_000)
        let text = #"{"id": 7, "text": "\#(long)", "tail": true}"#
        var bytes = Array(text.utf8)
        let preview = try bytes.withUnsafeBytes {
            try JSONParser.parse($0, limits: JSONPreviewLimits(maxStringBytes: 100), allowTruncatedInput: false)
        }
        #expect(preview.isTruncated)
        #expect(preview.value["text"]?.stringValue?.utf8.count == 100)
        #expect(preview.value["tail"] == .bool(true))

        bytes = Array(bytes.prefix(60))
        let partial = try bytes.withUnsafeBytes {
            try JSONParser.parse($0, limits: JSONPreviewLimits(maxStringBytes: 100), allowTruncatedInput: true)
        }
        #expect(partial.isTruncated)
        #expect(partial.value["id"] == .number("7"))
        #expect(partial.value["text"]?.stringValue?.hasPrefix("xxx") == true)
        #expect(partial.value["tail"] == nil)
    }

    @Test func cutStringsKeepWholeCharacters() throws {
        let text = "\"" + String(repeating: "é", count: 10) + "\""
        let result = try Array(text.utf8).withUnsafeBytes {
            try JSONParser.parse($0, limits: JSONPreviewLimits(maxStringBytes: 5), allowTruncatedInput: false)
        }
        #expect(result.value == .string("éé"))
    }
}

@Suite struct JSONProjectionTests {
    func lookup(_ path: [String], _ text: String, requireEnd: Bool = true) throws -> JSONValue? {
        try Array(text.utf8).withUnsafeBytes { try JSONParser.value(atPath: path, in: $0, requireEnd: requireEnd) }
    }

    @Test func findsNestedValuesLikeAFullParse() throws {
        let text = #"{"a": [1, {"x": "y"}], "m\u0065ta": {"source": "w\"eb", "n": -1.5e3}, "b": null, "meta": {"z": 1}}"#
        let full = try JSONParser.parse(text)
        for path in [["a"], ["meta", "source"], ["meta", "z"], ["b"], ["missing"], ["a", "x"], ["meta"], []] {
            #expect(try lookup(path, text) == (path.isEmpty ? full : full.value(atPath: path)), "\(path)")
        }
    }

    @Test func rejectsWhatTheFullParserRejects() {
        for text in [#"{"a": 1, "b": [1, 2}"#, #"{"a": "x\q"}"#, #"{"a": 01}"#, #"{"a": tru}"#, "{\"a\": \"\u{01}\"}",
                     #"{"a": 1} x"#, #"{"a": {"b": 1}"#, ""] {
            #expect(throws: JSONParseError.self, "\(text)") { try lookup(["a"], text) }
            #expect(throws: JSONParseError.self, "\(text)") { try JSONParser.parse(text) }
        }
    }

    @Test func allowsTrailingTextWhenAsked() throws {
        #expect(try lookup(["a"], #"{"a": 2},"#, requireEnd: false) == .number("2"))
    }
}
