import Testing
@testable import Support

/// What the one parser promises about bytes, whoever calls it: a byte-order mark is an encoding mark only at the
/// start of the text; U+FEFF inside strings is data; keys keep their exact bytes.
@Suite struct JSONEncodingTests {
    func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBytes { try JSONParser.parse($0) }
    }

    @Test func leadingByteOrderMarkIsSkipped() throws {
        let text = Array(#"{"a": 1}"#.utf8)
        #expect(try parse(ByteOrderMark.utf8 + text) == parse(text))
        let projected = try (ByteOrderMark.utf8 + text).withUnsafeBytes {
            try JSONParser.value(atPath: ["a"], in: $0)
        }
        #expect(projected == .number("1"))
    }

    @Test func byteOrderMarkAfterWhitespaceIsAnError() {
        #expect(throws: JSONParseError.self) { try parse(Array(" ".utf8) + ByteOrderMark.utf8 + Array("1".utf8)) }
        #expect(throws: JSONParseError.self) { try parse(ByteOrderMark.utf8 + ByteOrderMark.utf8 + Array("1".utf8)) }
    }

    /// Foundation's JSONSerialization on Linux drops this character; a tokenizer vocabulary can hold it.
    @Test func zeroWidthNoBreakSpaceInStringsIsKept() throws {
        #expect(try JSONParser.parse("\"\u{FEFF}hi\"") == .string("\u{FEFF}hi"))
        #expect(try JSONParser.parse(#""\ufeffhi""#) == .string("\u{FEFF}hi"))
        #expect(try parse(ByteOrderMark.utf8 + Array("\"\u{FEFF}x\"".utf8)) == .string("\u{FEFF}x"))
    }

    @Test func keysAreComparedByteForByte() throws {
        let decomposed = "e\u{301}"  // e + COMBINING ACUTE ACCENT
        let composed = "\u{E9}"       // é, canonically equivalent
        #expect(decomposed == composed)  // Swift's String == is canonical equivalence: why bytes are compared
        let value = try JSONParser.parse(#"{"e\u0301": 1, "x": 2}"#)
        #expect(value[decomposed] == .number("1"))
        #expect(value[composed] == nil)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(Array(members[0].key.utf8) == [0x65, 0xCC, 0x81])
        let projected = try Array(#"{"e\u0301": 1}"#.utf8).withUnsafeBytes {
            (try JSONParser.value(atPath: [composed], in: $0), try JSONParser.value(atPath: [decomposed], in: $0))
        }
        #expect(projected.0 == nil)
        #expect(projected.1 == .number("1"))
    }

    @Test func canonicallyEquivalentKeysStayApart() throws {
        let value = try JSONParser.parse("{\"\u{C5}\": 1, \"\u{212B}\": 2}")  // Å and ANGSTROM SIGN
        #expect(value["\u{C5}"] == .number("1"))
        #expect(value["\u{212B}"] == .number("2"))
        #expect(JSONMember("\u{C5}", .null) != JSONMember("\u{212B}", .null))
        #expect(Set([JSONMember("\u{C5}", .null), JSONMember("\u{212B}", .null)]).count == 2)
    }

    @Test func errorsSayLineAndColumn() {
        do {
            _ = try JSONParser.parse("{\n  \"a\": 1,\n  \"b\": ]\n}")
            Issue.record("parsed invalid JSON")
        } catch let error as JSONParseError {
            #expect(error.line == 3)
            #expect(error.column == 8)
            #expect(error.offset == 19)
            #expect(error.description.contains("line 3, column 8"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
