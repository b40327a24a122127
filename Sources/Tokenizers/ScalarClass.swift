/// The character classes that the pre-tokenizer regexes of GPT-2, Llama 3 and Qwen2 distinguish, with the same
/// Unicode semantics as the Oniguruma engine that Hugging Face `tokenizers` uses: `\p{L}` is general category L*,
/// `\p{N}` is N*, and `\s` is the White_Space property (verified code point by code point against `tokenizers`).
enum ScalarClass: UInt8 {
    case letter = 1
    case number = 2
    /// White space other than carriage return and line feed.
    case space = 3
    /// `\r` or `\n` (also white space).
    case newline = 4
    /// Anything else: punctuation, symbols, emoji, marks, controls, unassigned.
    case other = 5

    @inline(__always) var isWhitespace: Bool { rawValue >= 3 && rawValue <= 4 }

    /// ASCII by arithmetic (a table in a global would cost a `swift_once` check on every call).
    @inline(__always) static func of(_ value: UInt32) -> ScalarClass {
        if value < 128 {
            if (value | 0x20) &- 0x61 < 26 { return .letter }
            if value &- 0x30 < 10 { return .number }
            if value == 0x20 || value == 0x09 || value == 0x0B || value == 0x0C { return .space }
            if value == 0x0A || value == 0x0D { return .newline }
            return .other
        }
        guard let scalar = Unicode.Scalar(value) else { return .other }
        return classify(slow: scalar)
    }

    static func classify(slow scalar: Unicode.Scalar) -> ScalarClass {
        if scalar == "\r" || scalar == "\n" { return .newline }
        let p = scalar.properties
        if p.isWhitespace { return .space }
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    /// Rust regex's Unicode `\w` (Alphabetic, marks, decimal digits, connector punctuation, joiners): HF's
    /// `single_word` added tokens check `^\w` and `\w$` around a match.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let p = scalar.properties
        if p.isAlphabetic || p.isJoinControl { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }
}

/// The scalars of one UTF-8 buffer decoded once, with their classes and byte offsets, so that the pattern matchers
/// can look ahead without re-decoding. Reused between calls: the buffers only grow.
struct DecodedScalars {
    var values: [UInt32] = []
    var classes: [ScalarClass] = []
    /// `offsets[i]` is the byte offset of scalar `i`; `offsets[count]` is the end.
    var offsets: [Int32] = []
    private(set) var count = 0

    /// Decode valid UTF-8 (the buffers come from Swift strings, so they are valid).
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let capacity = range.count + 1
        if values.count < capacity {
            let size = max(capacity, values.count * 2, 256)
            values = [UInt32](repeating: 0, count: size)
            classes = [ScalarClass](repeating: .other, count: size)
            offsets = [Int32](repeating: 0, count: size)
        }
        var n = 0
        values.withUnsafeMutableBufferPointer { v in
            classes.withUnsafeMutableBufferPointer { c in
                offsets.withUnsafeMutableBufferPointer { o in
                    var i = range.lowerBound
                    let end = range.upperBound
                    while i < end {
                        let b0 = UInt32(bytes[i])
                        var value: UInt32
                        var len: Int
                        if b0 < 0x80 {
                            value = b0; len = 1
                        } else if b0 < 0xE0 {
                            value = (b0 & 0x1F) << 6 | (UInt32(bytes[min(i + 1, end - 1)]) & 0x3F); len = 2
                        } else if b0 < 0xF0 {
                            value = (b0 & 0x0F) << 12 | (UInt32(bytes[min(i + 1, end - 1)]) & 0x3F) << 6
                                | (UInt32(bytes[min(i + 2, end - 1)]) & 0x3F); len = 3
                        } else {
                            value = (b0 & 0x07) << 18 | (UInt32(bytes[min(i + 1, end - 1)]) & 0x3F) << 12
                                | (UInt32(bytes[min(i + 2, end - 1)]) & 0x3F) << 6
                                | (UInt32(bytes[min(i + 3, end - 1)]) & 0x3F)
                            len = 4
                        }
                        v[n] = value
                        c[n] = ScalarClass.of(value)
                        o[n] = Int32(i)
                        n += 1
                        i += len
                    }
                    o[n] = Int32(end)
                }
            }
        }
        count = n
    }
}
