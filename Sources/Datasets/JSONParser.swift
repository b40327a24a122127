#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where and why a JSON text failed to parse.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset of the problem from the start of the parsed text.
    public var offset: Int
    public var message: String
    public var description: String { "\(message) at byte \(offset)" }
}

/// Limits for parsing a cheap preview of a record too large to parse whole (a 50 MB line must not stall a table).
public struct JSONPreviewLimits: Sendable, Hashable {
    /// Strings longer than this many UTF-8 bytes are cut (at a character boundary).
    public var maxStringBytes: Int
    public init(maxStringBytes: Int) { self.maxStringBytes = maxStringBytes }
}

/// The result of parsing: the value and whether anything was cut (a preview) or the input ended early.
public struct JSONParseResult: Sendable {
    public var value: JSONValue
    /// True when strings were cut or the text ended inside the value (only possible with `allowTruncatedInput`).
    public var isTruncated: Bool
    /// Offset just past the value (trailing whitespace not included).
    public var endOffset: Int
}

/// A strict JSON parser (RFC 8259) over raw bytes: fast because it never builds a `String` for structure, only for
/// the strings it returns; keeps key order; reports errors with a byte offset. Invalid UTF-8 inside strings becomes
/// U+FFFD rather than an error, so that a line with one bad byte is still readable.
public struct JSONParser {
    /// Nesting deeper than this is refused (a hostile `[[[[…` must not overflow the stack).
    public static let maximumDepth = 512

    /// Parses exactly one JSON value from `bytes`, allowing surrounding whitespace only.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        var parser = Parser(bytes: bytes, limits: nil, allowTruncatedInput: false)
        let result = try parser.parseDocument(requireEnd: true)
        return result.value
    }

    /// Parses one JSON value from the start of `bytes`. With `limits`, long strings are cut; with
    /// `allowTruncatedInput`, text that ends inside the value yields the part read so far (for previews of a prefix
    /// of a huge record). With `requireEnd`, anything but whitespace after the value is an error.
    public static func parse(_ bytes: UnsafeRawBufferPointer, limits: JSONPreviewLimits?, allowTruncatedInput: Bool,
                             requireEnd: Bool = true) throws -> JSONParseResult {
        var parser = Parser(bytes: bytes, limits: limits, allowTruncatedInput: allowTruncatedInput)
        return try parser.parseDocument(requireEnd: requireEnd)
    }

    /// Parses one JSON value from a string (convenience for tests and small inputs).
    public static func parse(_ text: String) throws -> JSONValue {
        var copy = text
        return try copy.withUTF8 { try parse(UnsafeRawBufferPointer($0)) }
    }
}

/// Thrown internally when the input ends inside a value and truncated input is allowed.
private struct EndOfInput: Error {}

private struct Parser {
    let base: UnsafePointer<UInt8>?
    let count: Int
    var position = 0
    let limits: JSONPreviewLimits?
    let allowTruncatedInput: Bool
    var truncated = false
    var depth = 0

    init(bytes: UnsafeRawBufferPointer, limits: JSONPreviewLimits?, allowTruncatedInput: Bool) {
        self.base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        self.count = bytes.count
        self.limits = limits
        self.allowTruncatedInput = allowTruncatedInput
    }

    @inline(__always) func byte(_ index: Int) -> UInt8 { base.unsafelyUnwrapped[index] }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, message: message)
    }

    func describeByte(at offset: Int) -> String {
        guard offset < count else { return "end of text" }
        let value = byte(offset)
        if value >= 0x21 && value < 0x7F { return "'\(Character(Unicode.Scalar(value)))'" }
        return "byte 0x" + String(value, radix: 16, uppercase: true)
    }

    mutating func skipWhitespace() {
        while position < count {
            let value = byte(position)
            if value == 0x20 || value == 0x0A || value == 0x0D || value == 0x09 { position += 1 } else { return }
        }
    }

    mutating func parseDocument(requireEnd: Bool) throws -> JSONParseResult {
        skipWhitespace()
        if position >= count { throw error("empty text, expected a JSON value") }
        let value: JSONValue
        do {
            value = try parseValue()
        } catch is EndOfInput {
            // Only thrown in truncated-input mode when nothing usable was read at the top level.
            return JSONParseResult(value: .null, isTruncated: true, endOffset: count)
        }
        let end = position
        if requireEnd && !truncated {
            skipWhitespace()
            if position < count {
                throw error("unexpected \(describeByte(at: position)) after the JSON value")
            }
        }
        return JSONParseResult(value: value, isTruncated: truncated, endOffset: end)
    }

    mutating func endOfInput(_ what: String) throws -> Never {
        if allowTruncatedInput {
            truncated = true
            throw EndOfInput()
        }
        throw error("text ended inside \(what)")
    }

    mutating func parseValue() throws -> JSONValue {
        guard position < count else { try endOfInput("a value") }
        switch byte(position) {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected \(describeByte(at: position)), expected a JSON value")
        }
    }

    mutating func parseLiteral(_ literal: StaticString) throws {
        let length = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for index in 0..<length {
            guard position + index < count else { try endOfInput("'\(literal)'") }
            if byte(position + index) != start[index] {
                throw error("unexpected \(describeByte(at: position + index)) in '\(literal)'", at: position + index)
            }
        }
        position += length
    }

    mutating func enter() throws {
        depth += 1
        if depth > JSONParser.maximumDepth {
            throw error("nesting deeper than \(JSONParser.maximumDepth) levels")
        }
    }

    mutating func parseObject() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        var members: [JSONMember] = []
        skipWhitespace()
        guard position < count else { return try objectAtEnd(members) }
        if byte(position) == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < count else { return try objectAtEnd(members) }
            guard byte(position) == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeByte(at: position)), expected a quoted key")
            }
            let key: String
            do { key = try parseString() } catch is EndOfInput { return .object(members) }
            skipWhitespace()
            guard position < count else { return try objectAtEnd(members) }
            guard byte(position) == UInt8(ascii: ":") else {
                throw error("unexpected \(describeByte(at: position)), expected ':' after a key")
            }
            position += 1
            skipWhitespace()
            do {
                members.append(JSONMember(key, try parseValue()))
            } catch is EndOfInput {
                return .object(members)
            }
            skipWhitespace()
            guard position < count else { return try objectAtEnd(members) }
            let separator = byte(position)
            position += 1
            if separator == UInt8(ascii: ",") { continue }
            if separator == UInt8(ascii: "}") { return .object(members) }
            throw error("unexpected \(describeByte(at: position - 1)), expected ',' or '}'", at: position - 1)
        }
    }

    /// At the end of input inside an object: in truncated mode the members read so far are the value.
    mutating func objectAtEnd(_ members: [JSONMember]) throws -> JSONValue {
        guard allowTruncatedInput else { throw error("text ended inside an object") }
        truncated = true
        return .object(members)
    }

    mutating func parseArray() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        guard position < count else {
            if allowTruncatedInput { truncated = true; return .array(elements) }
            throw error("text ended inside an array")
        }
        if byte(position) == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            do {
                elements.append(try parseValue())
            } catch is EndOfInput {
                return .array(elements)
            }
            skipWhitespace()
            guard position < count else {
                if allowTruncatedInput { truncated = true; return .array(elements) }
                try endOfInput("an array")
            }
            let separator = byte(position)
            position += 1
            if separator == UInt8(ascii: ",") { continue }
            if separator == UInt8(ascii: "]") { return .array(elements) }
            throw error("unexpected \(describeByte(at: position - 1)), expected ',' or ']'", at: position - 1)
        }
    }

    mutating func parseNumber() throws -> JSONValue {
        let range = try scanNumber()
        return .number(String(decoding: UnsafeBufferPointer(start: base.unsafelyUnwrapped + range.lowerBound,
                                                            count: range.count), as: UTF8.self))
    }

    /// Checks a number's grammar and moves past it; returns its byte range.
    mutating func scanNumber() throws -> Range<Int> {
        let start = position
        if byte(position) == UInt8(ascii: "-") { position += 1 }
        func digit(_ index: Int) -> Bool { index < count && byte(index) >= 0x30 && byte(index) <= 0x39 }
        guard position < count else { try endOfInput("a number") }
        if byte(position) == UInt8(ascii: "0") {
            position += 1
            if digit(position) { throw error("leading zeros are not allowed in JSON numbers") }
        } else if digit(position) {
            while digit(position) { position += 1 }
        } else {
            throw error("unexpected \(describeByte(at: position)) in a number")
        }
        if position < count && byte(position) == UInt8(ascii: ".") {
            position += 1
            guard digit(position) else {
                if position >= count { try endOfInput("a number") }
                throw error("expected a digit after '.' in a number")
            }
            while digit(position) { position += 1 }
        }
        if position < count && (byte(position) == UInt8(ascii: "e") || byte(position) == UInt8(ascii: "E")) {
            position += 1
            if position < count && (byte(position) == UInt8(ascii: "+") || byte(position) == UInt8(ascii: "-")) {
                position += 1
            }
            guard digit(position) else {
                if position >= count { try endOfInput("a number") }
                throw error("expected a digit in a number's exponent")
            }
            while digit(position) { position += 1 }
        }
        return start..<position
    }

    /// The offset of the first `"`, `\\` or control byte at or after `from`, or `count`. Eight bytes at a time
    /// (SWAR): strings are most of a dataset's bytes.
    @inline(__always) func nextSpecialByte(from: Int) -> Int {
        let pointer = base.unsafelyUnwrapped
        var index = from
        let raw = UnsafeRawPointer(pointer)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let slash = word ^ (ones &* 0x5C)
            let hasQuote = (quote &- ones) & ~quote & highs
            let hasSlash = (slash &- ones) & ~slash & highs
            let hasControl = (word &- ones &* 0x20) & ~word & highs
            let found = hasQuote | hasSlash | hasControl
            if found != 0 {
                return index + found.trailingZeroBitCount / 8
            }
            index += 8
        }
        while index < count {
            let value = pointer[index]
            if value == 0x22 || value == 0x5C || value < 0x20 { return index }
            index += 1
        }
        return count
    }

    /// Parses a string starting at its opening quote; the fast path (no escapes) copies the bytes once.
    mutating func parseString() throws -> String {
        let open = position
        position += 1
        let start = position
        let pointer = base.unsafelyUnwrapped
        position = nextSpecialByte(from: position)
        guard position < count else {
            if allowTruncatedInput {
                truncated = true
                return cut(UnsafeBufferPointer(start: pointer + start, count: position - start))
            }
            throw error("text ended inside a string", at: open)
        }
        if pointer[position] == 0x22 {
            let text = cut(UnsafeBufferPointer(start: pointer + start, count: position - start))
            position += 1
            return text
        }
        // Slow path: decode escapes into a byte buffer, copying the runs between them whole.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(position - start + 16)
        let byteLimit = limits?.maxStringBytes ?? Int.max
        var runStart = start
        while true {
            if bytes.count <= byteLimit && position > runStart {
                bytes.append(contentsOf: UnsafeBufferPointer(start: pointer + runStart, count: position - runStart))
            }
            guard position < count else {
                if allowTruncatedInput {
                    truncated = true
                    return finishString(bytes, limit: byteLimit)
                }
                throw error("text ended inside a string", at: open)
            }
            let value = pointer[position]
            if value == 0x22 {
                position += 1
                return finishString(bytes, limit: byteLimit)
            }
            if value < 0x20 {
                throw error("unescaped control character (byte 0x\(String(value, radix: 16))) in a string")
            }
            // An escape sequence.
            guard position + 1 < count else {
                if allowTruncatedInput { truncated = true; return finishString(bytes, limit: byteLimit) }
                throw error("text ended inside an escape sequence")
            }
            let escaped = pointer[position + 1]
            position += 2
            var scalarValue: UInt32
            switch escaped {
            case UInt8(ascii: "\""): scalarValue = 0x22
            case UInt8(ascii: "\\"): scalarValue = 0x5C
            case UInt8(ascii: "/"): scalarValue = 0x2F
            case UInt8(ascii: "b"): scalarValue = 0x08
            case UInt8(ascii: "f"): scalarValue = 0x0C
            case UInt8(ascii: "n"): scalarValue = 0x0A
            case UInt8(ascii: "r"): scalarValue = 0x0D
            case UInt8(ascii: "t"): scalarValue = 0x09
            case UInt8(ascii: "u"):
                scalarValue = try parseHex4()
                if scalarValue >= 0xD800 && scalarValue < 0xDC00 {
                    // A high surrogate: a low one must follow, else the pair is replaced.
                    if position + 1 < count && pointer[position] == 0x5C && pointer[position + 1] == UInt8(ascii: "u") {
                        let save = position
                        position += 2
                        let low = try parseHex4()
                        if low >= 0xDC00 && low < 0xE000 {
                            scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            scalarValue = 0xFFFD
                            position = save
                        }
                    } else {
                        scalarValue = 0xFFFD
                    }
                } else if scalarValue >= 0xDC00 && scalarValue < 0xE000 {
                    scalarValue = 0xFFFD
                }
            default:
                throw error("invalid escape sequence '\\\(describeByte(at: position - 1))'", at: position - 2)
            }
            if bytes.count <= byteLimit { Parser.appendUTF8(scalarValue, to: &bytes) }
            runStart = position
            position = nextSpecialByte(from: position)
        }
    }

    /// Appends the UTF-8 encoding of a scalar value (surrogates were replaced before).
    @inline(__always) static func appendUTF8(_ value: UInt32, to bytes: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    mutating func parseHex4() throws -> UInt32 {
        guard position + 4 <= count else {
            if allowTruncatedInput { truncated = true; throw EndOfInput() }
            throw error("text ended inside a \\u escape")
        }
        var result: UInt32 = 0
        for index in 0..<4 {
            let value = byte(position + index)
            let digit: UInt32
            switch value {
            case 0x30...0x39: digit = UInt32(value - 0x30)
            case 0x41...0x46: digit = UInt32(value - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(value - 0x61 + 10)
            default: throw error("invalid hex digit \(describeByte(at: position + index)) in a \\u escape",
                                 at: position + index)
            }
            result = result << 4 | digit
        }
        position += 4
        return result
    }

    /// Decodes bytes to a String, cut to the preview limit at a character boundary.
    mutating func cut(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        if let limit = limits?.maxStringBytes, buffer.count > limit {
            truncated = true
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<utf8Boundary(buffer, limit)]),
                          as: UTF8.self)
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    mutating func finishString(_ bytes: [UInt8], limit: Int) -> String {
        bytes.withUnsafeBufferPointer { cut($0) }
    }

    /// The largest index ≤ `limit` that does not split a UTF-8 sequence.
    func utf8Boundary(_ buffer: UnsafeBufferPointer<UInt8>, _ limit: Int) -> Int {
        var index = limit
        while index > 0 && index < buffer.count && buffer[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }
}

extension JSONParser {
    /// The value at `path` (object keys from the root) in one JSON text, or nil when the text has no such value.
    /// The whole text is still checked (a malformed row throws, as `parse` would), but only the value asked for is
    /// built: statistics and column search read one cell of every row without paying for the others.
    /// With `requireEnd`, anything but whitespace after the value is an error.
    public static func value(atPath path: [String], in bytes: UnsafeRawBufferPointer,
                             requireEnd: Bool = true) throws -> JSONValue? {
        var parser = Parser(bytes: bytes, limits: nil, allowTruncatedInput: false)
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

extension Parser {
    /// Parses the value at `path` below the current position, skipping (but checking) everything else.
    mutating func project(_ path: ArraySlice<[UInt8]>) throws -> JSONValue? {
        guard let key = path.first else { return try parseValue() }
        guard position < count, byte(position) == UInt8(ascii: "{") else {
            try skipValue()
            return nil
        }
        try enter()
        defer { depth -= 1 }
        position += 1
        var found: JSONValue?
        skipWhitespace()
        guard position < count else { throw error("text ended inside an object") }
        if byte(position) == UInt8(ascii: "}") {
            position += 1
            return nil
        }
        while true {
            skipWhitespace()
            guard position < count else { throw error("text ended inside an object") }
            guard byte(position) == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeByte(at: position)), expected a quoted key")
            }
            let matches = try keyMatches(key)
            try expectColon()
            if matches {
                // The last of repeated keys wins, as in `JSONValue`'s subscript.
                found = try project(path.dropFirst())
            } else {
                try skipValue()
            }
            if try endOfMembers(closing: UInt8(ascii: "}")) { return found }
        }
    }

    /// Reads a key at the current quote and says whether it equals `key` (bytes compared, no String built when
    /// the key has no escapes).
    mutating func keyMatches(_ key: [UInt8]) throws -> Bool {
        let open = position
        let stop = nextSpecialByte(from: position + 1)
        if stop < count && byte(stop) == 0x22 {
            position = stop + 1
            let length = stop - open - 1
            guard length == key.count else { return false }
            if length == 0 { return true }
            return key.withUnsafeBytes { keyBytes in
                guard let keyBase = keyBytes.baseAddress else { return false }
                return memcmp(base.unsafelyUnwrapped + open + 1, keyBase, length) == 0
            }
        }
        let text = try parseString()
        return text.utf8.elementsEqual(key)
    }

    mutating func expectColon() throws {
        skipWhitespace()
        guard position < count else { throw error("text ended inside an object") }
        guard byte(position) == UInt8(ascii: ":") else {
            throw error("unexpected \(describeByte(at: position)), expected ':' after a key")
        }
        position += 1
        skipWhitespace()
    }

    /// After a member or element: true at the closing bracket, false after a comma.
    mutating func endOfMembers(closing: UInt8) throws -> Bool {
        skipWhitespace()
        guard position < count else {
            throw error(closing == UInt8(ascii: "}") ? "text ended inside an object" : "text ended inside an array")
        }
        let separator = byte(position)
        position += 1
        if separator == UInt8(ascii: ",") { return false }
        if separator == closing { return true }
        let expected = closing == UInt8(ascii: "}") ? "',' or '}'" : "',' or ']'"
        throw error("unexpected \(describeByte(at: position - 1)), expected \(expected)", at: position - 1)
    }

    /// Moves past one value, checking it as `parseValue` would, without building anything.
    mutating func skipValue() throws {
        guard position < count else { throw error("text ended inside a value") }
        switch byte(position) {
        case UInt8(ascii: "{"):
            try enter()
            defer { depth -= 1 }
            position += 1
            skipWhitespace()
            guard position < count else { throw error("text ended inside an object") }
            if byte(position) == UInt8(ascii: "}") {
                position += 1
                return
            }
            while true {
                skipWhitespace()
                guard position < count else { throw error("text ended inside an object") }
                guard byte(position) == UInt8(ascii: "\"") else {
                    throw error("unexpected \(describeByte(at: position)), expected a quoted key")
                }
                try skipString()
                try expectColon()
                try skipValue()
                if try endOfMembers(closing: UInt8(ascii: "}")) { return }
            }
        case UInt8(ascii: "["):
            try enter()
            defer { depth -= 1 }
            position += 1
            skipWhitespace()
            guard position < count else { throw error("text ended inside an array") }
            if byte(position) == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                skipWhitespace()
                try skipValue()
                if try endOfMembers(closing: UInt8(ascii: "]")) { return }
            }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try parseLiteral("true")
        case UInt8(ascii: "f"): try parseLiteral("false")
        case UInt8(ascii: "n"): try parseLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try scanNumber()
        default: throw error("unexpected \(describeByte(at: position)), expected a JSON value")
        }
    }

    /// Moves past a string, checking its escapes and refusing raw control characters.
    mutating func skipString() throws {
        let open = position
        position += 1
        while true {
            position = nextSpecialByte(from: position)
            guard position < count else { throw error("text ended inside a string", at: open) }
            let value = byte(position)
            if value == 0x22 {
                position += 1
                return
            }
            if value < 0x20 {
                throw error("unescaped control character (byte 0x\(String(value, radix: 16))) in a string")
            }
            guard position + 1 < count else { throw error("text ended inside an escape sequence") }
            let escaped = byte(position + 1)
            position += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                break
            case UInt8(ascii: "u"):
                _ = try parseHex4()
            default:
                throw error("invalid escape sequence '\\\(describeByte(at: position - 1))'", at: position - 2)
            }
        }
    }
}
