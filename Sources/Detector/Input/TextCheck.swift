/// Why a text cannot be scored at all (as opposed to `abstain`, a text that can be read but is too short to judge).
/// Each check is cheap and reads at most the first megabyte.
public enum TextCheck {
    /// A problem with the text, or nil when it can be scored.
    public static func problem(_ text: String) -> String? {
        var characters = 0, controls = 0, replacements = 0, nonSpace = 0
        for scalar in text.unicodeScalars.prefix(1 << 20) {
            characters += 1
            let v = scalar.value
            if v == 0 { return "binary content (a NUL character)" }
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0x7F { controls += 1 }
            if v == 0xFFFD { replacements += 1 }
            if !TextNormalizer.isSpace(scalar) { nonSpace += 1 }
        }
        if nonSpace == 0 { return "empty text" }
        if controls * 10 > characters { return "binary content (\(controls) control characters in \(characters))" }
        if replacements * 100 > characters {
            return "invalid UTF-8 (\(replacements) undecodable bytes or U+FFFD in \(characters) characters)"
        }
        return nil
    }
}
