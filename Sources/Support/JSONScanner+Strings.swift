/// Strings, which are most of a dataset's bytes: scanned eight bytes at a time, copied once when they hold no escapes,
/// and cut at a character boundary for previews.
extension JSONScanner {
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
                inputEnded()
                return cut(UnsafeBufferPointer(start: pointer + start, count: position - start), rawLength: nil)
            }
            throw error("text ended inside a string", at: open)
        }
        if pointer[position] == 0x22 {
            let text = cut(UnsafeBufferPointer(start: pointer + start, count: position - start), rawLength: position - start)
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
                    inputEnded()
                    return finishString(bytes, rawLength: nil)
                }
                throw error("text ended inside a string", at: open)
            }
            let value = pointer[position]
            if value == 0x22 {
                position += 1
                return finishString(bytes, rawLength: position - 1 - start)
            }
            if value < 0x20 {
                throw error("unescaped control character (byte 0x\(String(value, radix: 16))) in a string")
            }
            // An escape sequence.
            guard position + 1 < count else {
                if allowTruncatedInput { inputEnded(); return finishString(bytes, rawLength: nil) }
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
            if bytes.count <= byteLimit { JSONScanner.appendUTF8(scalarValue, to: &bytes) }
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
            if allowTruncatedInput { inputEnded(); throw EndOfInput() }
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

    /// Decodes bytes to a String, cut to the preview limit at a character boundary; a cut is noted (with the
    /// string's size in the text, `rawLength`, or nil when the text ended inside it) at the current key path.
    mutating func cut(_ buffer: UnsafeBufferPointer<UInt8>, rawLength: Int?) -> String {
        if let limit = limits?.maxStringBytes, buffer.count > limit {
            truncated = true
            if let rawLength { cuts.append(JSONCut(path: keyPath, byteCount: rawLength)) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<utf8Boundary(buffer, limit)]),
                          as: UTF8.self)
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    mutating func finishString(_ bytes: [UInt8], rawLength: Int?) -> String {
        bytes.withUnsafeBufferPointer { cut($0, rawLength: rawLength) }
    }

    /// The largest index ≤ `limit` that does not split a UTF-8 sequence.
    func utf8Boundary(_ buffer: UnsafeBufferPointer<UInt8>, _ limit: Int) -> Int {
        var index = limit
        while index > 0 && index < buffer.count && buffer[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }
}
