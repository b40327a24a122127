/// How many terminal columns text occupies. Terminals lay out by columns, not by `Character`s: CJK ideographs and
/// emoji take two, combining marks and joiners take none. Every view measures with this, so that a table of
/// Japanese text lines up the way it will on screen.
public enum DisplayWidth {
    /// The width of one Unicode scalar: 0, 1 or 2 columns.
    @inlinable
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1 }
        return slowWidth(scalar)
    }

    /// The width of a grapheme cluster as terminals draw it: the first scalar decides, except that an emoji
    /// presentation selector (U+FE0F) or a ZWJ sequence widens a text-default emoji to two columns.
    public static func of(_ character: Character) -> Int {
        var width = 0
        var first = true
        for scalar in character.unicodeScalars {
            if first {
                width = of(scalar)
                first = false
            } else if scalar.value == 0xFE0F, width == 1 {
                width = 2
            }
        }
        return width
    }

    /// The width of a string: the sum of its grapheme clusters' widths.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        var total = 0
        for character in text {
            // Fast path: a single ASCII scalar.
            if let ascii = character.asciiValue {
                total += ascii < 0x20 || ascii == 0x7F ? 0 : 1
            } else {
                total += of(character)
            }
        }
        return total
    }

    @usableFromInline
    static func slowWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control:
            return 0
        default:
            break
        }
        if v == 0x200B || (v >= 0x1160 && v <= 0x11FF) || (v >= 0xFE00 && v <= 0xFE0F) || (v >= 0xE0100 && v <= 0xE01EF) {
            return 0
        }
        if isWide(v) || properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth.txt, folded into blocks).
    @usableFromInline
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// A cluster as a terminal can show it in `of(character)` columns. ncurses and many terminals advance by the
    /// sum of the scalars' widths, so a ZWJ sequence (👨‍👩‍👧: three wide emoji joined) would move their cursor six
    /// columns while the cell grid gave it two, and the rest of the row (a pane border) would be drawn over:
    /// such a cluster is shown as its leading scalars that fit its own width. Only joined sequences are cut: other
    /// clusters (flags, keycaps) measure the same both ways.
    public static func fitted(_ character: Character) -> String {
        guard character.unicodeScalars.contains(where: { $0.value == 0x200D }) else { return String(character) }
        let width = of(character)
        var sum = 0
        for scalar in character.unicodeScalars { sum += of(scalar) }
        if sum <= width { return String(character) }
        var out = String.UnicodeScalarView()
        var used = 0
        for scalar in character.unicodeScalars {
            let w = of(scalar)
            if scalar.value == 0x200D || used + w > width { break }
            out.append(scalar)
            used += w
        }
        return out.isEmpty ? String(repeating: "?", count: width) : String(out)
    }
}
