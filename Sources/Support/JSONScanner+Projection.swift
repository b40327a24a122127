#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Projection: one value out of a text, with the rest checked but never built, so that statistics and column search
/// read one cell of every row for little more than the cost of scanning it.
extension JSONScanner {
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
