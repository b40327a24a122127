/// Why a text cannot be scored at all (as opposed to `abstain`, a text that can be read but is too short to judge).
/// One pass over at most the first 4 MB of UTF-8, byte by byte: it runs on every record, cached or not.
public enum TextCheck {
    static let limit = 4 << 20

    /// A problem with the text, or nil when it can be scored.
    public static func problem(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in problem(UnsafeBufferPointer(rebasing: bytes.prefix(limit))) }
    }

    static func problem(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var characters = 0, controls = 0, replacements = 0, visible = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b & 0xC0 != 0x80 { characters += 1 } // not a continuation byte
            if b == 0 { return "binary content (a NUL character)" }
            if b < 0x20 {
                if b != 0x09 && b != 0x0A && b != 0x0D { controls += 1 }
            } else if b == 0x7F {
                controls += 1
            } else if b != 0x20 {
                // U+FFFD, what undecodable bytes were replaced with, is EF BF BD.
                if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBD { replacements += 1 }
                visible = true
            }
            i += 1
        }
        if !visible { return "empty text" }
        if controls * 10 > characters { return "binary content (\(controls) control characters in \(characters))" }
        if replacements * 100 > characters {
            return "invalid UTF-8 (\(replacements) undecodable bytes or U+FFFD in \(characters) characters)"
        }
        return nil
    }
}
