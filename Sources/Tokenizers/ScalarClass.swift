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
