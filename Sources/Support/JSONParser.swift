/// The one JSON parser of Loom (datasets, tokenizer files, the JSONL that commands read): strict JSON (RFC 8259) over
/// raw bytes, fast because it never builds a `String` for structure, only for the strings it returns. It keeps key
/// order and keys' exact bytes (no Unicode normalisation: tokenizer vocabularies hold canonically equivalent tokens
/// with different ids), keeps numbers as written, and reports errors with a byte offset, line and column. Invalid
/// UTF-8 inside strings becomes U+FFFD rather than an error, so that a line with one bad byte is still readable.
/// A UTF-8 byte-order mark at the very start of the text is skipped (see `ByteOrderMark`); U+FEFF inside a string is
/// kept, unlike Foundation's `JSONSerialization` on Linux, which drops it from the start of every string.
public struct JSONParser {
    /// Nesting deeper than this is refused (a hostile `[[[[…` must not overflow the stack).
    public static let maximumDepth = 512

    /// Parses exactly one JSON value from `bytes`, allowing surrounding whitespace only.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        var parser = JSONScanner(bytes: bytes, limits: nil, allowTruncatedInput: false)
        let result = try parser.parseDocument(requireEnd: true)
        return result.value
    }

    /// Parses one JSON value from the start of `bytes`. With `limits`, long strings are cut; with
    /// `allowTruncatedInput`, text that ends inside the value yields the part read so far (for previews of a prefix
    /// of a huge record). With `requireEnd`, anything but whitespace after the value is an error.
    public static func parse(_ bytes: UnsafeRawBufferPointer, limits: JSONPreviewLimits?, allowTruncatedInput: Bool,
                             requireEnd: Bool = true) throws -> JSONParseResult {
        var parser = JSONScanner(bytes: bytes, limits: limits, allowTruncatedInput: allowTruncatedInput)
        return try parser.parseDocument(requireEnd: requireEnd)
    }

    /// Parses one JSON value from a string (convenience for tests and small inputs).
    public static func parse(_ text: String) throws -> JSONValue {
        var copy = text
        return try copy.withUTF8 { try parse(UnsafeRawBufferPointer($0)) }
    }
}

extension JSONParser {
    /// The value at `path` (object keys from the root) in one JSON text, or nil when the text has no such value.
    /// The whole text is still checked (a malformed row throws, as `parse` would), but only the value asked for is
    /// built: statistics and column search read one cell of every row without paying for the others.
    /// With `requireEnd`, anything but whitespace after the value is an error.
    public static func value(atPath path: [String], in bytes: UnsafeRawBufferPointer,
                             requireEnd: Bool = true) throws -> JSONValue? {
        var parser = JSONScanner(bytes: bytes, limits: nil, allowTruncatedInput: false)
        parser.skipWhitespace()
        if parser.position >= parser.count { throw parser.error("empty text, expected a JSON value") }
        let keys = path.map { Array($0.utf8) }
        let value = try parser.project(keys[...])
        if requireEnd {
            parser.skipWhitespace()
            if parser.position < parser.count {
                throw parser.error("unexpected \(parser.describeByte(at: parser.position)) after the JSON value")
            }
        }
        return value
    }
}
