/// The parser's state over one text: a cursor over raw bytes, the options of the call, and the nesting depth.
/// `JSONParser` is the public face; values are built here, strings in `JSONScanner+Strings.swift`, and single values
/// projected out of a text in `JSONScanner+Projection.swift`.
struct JSONScanner {
    /// Thrown internally when the input ends inside a value and truncated input is allowed.
    struct EndOfInput: Error {}

    let base: UnsafePointer<UInt8>?
    let count: Int
    var position = 0
    let limits: JSONPreviewLimits?
    let allowTruncatedInput: Bool
    var truncated = false
    var depth = 0
    /// In preview mode: the object keys from the root to the current value while no array encloses it, and how many
    /// arrays enclose it; cuts are reported at that path (see `JSONCut`).
    var keyPath: [String] = []
    var arrayDepth = 0
    var cuts: [JSONCut] = []
    var endedInside = false

    init(bytes: UnsafeRawBufferPointer, limits: JSONPreviewLimits?, allowTruncatedInput: Bool) {
        self.base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        self.count = bytes.count
        self.limits = limits
        self.allowTruncatedInput = allowTruncatedInput
        position = ByteOrderMark.length(atStartOf: bytes)
    }

    @inline(__always) func byte(_ index: Int) -> UInt8 { base.unsafelyUnwrapped[index] }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let at = offset ?? position
        let (line, column) = JSONParseError.position(of: at, in: UnsafeRawBufferPointer(start: base, count: count))
        return JSONParseError(offset: at, line: line, column: column, message: message)
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
            return JSONParseResult(value: .null, isTruncated: true, endOffset: count, cuts: cuts)
        }
        let end = position
        if requireEnd && !truncated {
            skipWhitespace()
            if position < count {
                throw error("unexpected \(describeByte(at: position)) after the JSON value")
            }
        }
        return JSONParseResult(value: value, isTruncated: truncated, endOffset: end, cuts: cuts)
    }

    /// Truncated-input mode: the text ended inside a value. The first time, the place is noted as a cut (the values
    /// around it are returned as far as they were read).
    mutating func inputEnded() {
        if !endedInside { cuts.append(JSONCut(path: keyPath, byteCount: nil)) }
        endedInside = true
        truncated = true
    }

    mutating func endOfInput(_ what: String) throws -> Never {
        if allowTruncatedInput {
            inputEnded()
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
            let tracksPath = (limits != nil || allowTruncatedInput) && arrayDepth == 0
            if tracksPath { keyPath.append(key) }
            defer { if tracksPath { keyPath.removeLast() } }
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
        inputEnded()
        return .object(members)
    }

    mutating func parseArray() throws -> JSONValue {
        try enter()
        arrayDepth += 1
        defer { depth -= 1; arrayDepth -= 1 }
        let start = position
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        guard position < count else {
            if allowTruncatedInput { inputEnded(); return .array(elements) }
            throw error("text ended inside an array")
        }
        if byte(position) == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if let limit = limits?.maxArrayElements, elements.count >= limit, !allowTruncatedInput {
                // A preview of a long array: the rest is checked but not built, and the cut noted with its size.
                repeat {
                    skipWhitespace()
                    try skipValue()
                } while !(try endOfMembers(closing: UInt8(ascii: "]")))
                truncated = true
                cuts.append(JSONCut(path: keyPath, byteCount: position - start))
                return .array(elements)
            }
            do {
                elements.append(try parseValue())
            } catch is EndOfInput {
                return .array(elements)
            }
            skipWhitespace()
            guard position < count else {
                if allowTruncatedInput { inputEnded(); return .array(elements) }
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
}
