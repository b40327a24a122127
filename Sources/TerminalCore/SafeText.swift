/// Makes untrusted text safe to put on a terminal. Dataset text may hold escape sequences that would move the
/// cursor, retitle the window or worse if written raw; every string a view draws passes through here first, so
/// control characters become visible symbols (ESC shows as `␛`, a newline as `↵`) instead of acting.
public enum SafeText {
    /// Replaces every control character, C1 control and bidirectional override with a visible stand-in.
    /// Newlines and tabs become `↵` and `→` so that a one-line cell stays one line.
    public static func visible<S: StringProtocol>(_ text: S) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where isUnsafe(scalar) {
            needsWork = true
            break
        }
        if !needsWork { return String(text) }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result.append(standIn(for: scalar))
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The same for text printed by the headless commands: line breaks and tabs keep their meaning (a generated
    /// reply has paragraphs), every other control shows as its stand-in. JSON output does not need it (it is escaped).
    public static func printable<S: StringProtocol>(_ text: S) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && $0 != "\n" && $0 != "\t" }) else { return String(text) }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" || !isUnsafe(scalar) {
                result.append(scalar)
            } else {
                result.append(standIn(for: scalar))
            }
        }
        return String(result)
    }

    /// Whether a scalar must never reach the terminal as itself.
    @inlinable
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || v == 0x7F { return true }
        if v < 0x80 { return false }
        if v < 0xA0 { return true }  // C1 controls: 0x9B is a CSI on some terminals
        // Bidirectional embeddings, overrides and isolates reorder what follows them on screen.
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return true }
        // Line and paragraph separators break a row in some terminals.
        if v == 0x2028 || v == 0x2029 { return true }
        return false
    }

    /// The visible symbol shown in place of an unsafe scalar.
    public static func standIn(for scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x0A, 0x0D, 0x2028, 0x2029: return "↵"
        case 0x09: return "→"
        case 0x1B: return "␛"
        case 0x7F: return "␡"
        case let v where v < 0x20: return Unicode.Scalar(0x2400 + v) ?? "�"
        default: return "�"
        }
    }
}
