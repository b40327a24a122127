/// Makes untrusted text safe to put on a terminal. Dataset text may hold escape sequences that would move the
/// cursor, retitle the window or worse if written raw; every string a view draws passes through here first, so
/// control characters become visible symbols (ESC shows as `␛`, a newline as `↵`) instead of acting. C1 controls
/// and bidirectional controls have no control picture in Unicode: they show by name (`⟨CSI⟩`, `⟨RLO⟩`), so that
/// they are not mistaken for `�`, which means bytes that are not UTF-8. A byte of a file name that is not UTF-8
/// (kept in a path as a stand-in scalar, see `escapedByte(_:)`) shows as `\xFF`.
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
                result.append(contentsOf: standIn(for: scalar).unicodeScalars)
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
                result.append(contentsOf: standIn(for: scalar).unicodeScalars)
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
        // A file name's byte that is not UTF-8, kept as a stand-in scalar: shown as the byte, never as that scalar.
        if escapedByte(scalar) != nil { return true }
        return false
    }

    /// The visible text shown in place of an unsafe scalar: a control picture (`␛`, `␀`, `↵`), the name of a C1 or
    /// bidirectional control between angle brackets, or `\xNN` for a file name's byte that is not UTF-8.
    public static func standIn(for scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        switch v {
        case 0x0A, 0x0D, 0x2028, 0x2029: return "↵"
        case 0x09: return "→"
        case 0x1B: return "␛"
        case 0x7F: return "␡"
        case 0..<0x20: return String(Unicode.Scalar(0x2400 + v) ?? "�")
        case 0x80..<0xA0: return "⟨" + c1Names[Int(v - 0x80)] + "⟩"
        default:
            if let name = bidiNames[v] { return "⟨" + name + "⟩" }
            if let byte = escapedByte(scalar) {
                let hex = String(byte, radix: 16, uppercase: true)
                return "\\x" + (hex.count < 2 ? "0" : "") + hex
            }
            return "�"
        }
    }

    /// ISO 6429 names of the C1 controls U+0080…U+009F (`CSI` starts an escape sequence on some terminals).
    static let c1Names = ["PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU",
                          "RI", "SS2", "SS3", "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI",
                          "SCI", "CSI", "ST", "OSC", "PM", "APC"]

    /// Unicode's abbreviations of the bidirectional embeddings, overrides and isolates.
    static let bidiNames: [UInt32: String] = [0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
                                              0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI"]

    /// File names are bytes; those that are not UTF-8 keep each such byte in the path string as one scalar of the
    /// Supplementary Private Use Area-B, U+10FC00 + byte (Support's `FileName` makes and undoes the mapping), so the
    /// file can still be opened. The byte such a scalar stands for, else nil.
    @inlinable
    public static func escapedByte(_ scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        guard v >= 0x10FC80 && v <= 0x10FCFF else { return nil }
        return UInt8(v - 0x10FC00)
    }
}
