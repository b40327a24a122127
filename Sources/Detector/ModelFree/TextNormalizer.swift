import Foundation

/// The one normal form every model-free feature is computed on. In the project's dev data the human texts of paired
/// sources had their newlines stripped while the machine texts kept them, so any layout feature measured before this
/// step learns the label from formatting; here all whitespace runs (newlines and tabs included) become one space.
/// Unicode is put in NFKC, invisible characters are dropped and lookalike letters folded (see `Homoglyphs`), since
/// inserting those is a known way to break detectors. Tokenized spacing is undone too ("word , word ." and
/// "do n't" become "word, word." and "don't"): some corpora store one class tokenized and the other not (the PubMed
/// pairs of the dev data do), which would again be a formatting label rather than a property of the writing.
public enum TextNormalizer {
    /// The normalised text: NFKC, invisible characters removed, homoglyphs folded, whitespace runs collapsed to one
    /// space and trimmed. Control characters count as whitespace.
    public static func normalize(_ text: String) -> String {
        // ASCII text is its own NFKC form and has no homoglyphs: skip the Unicode work (most English text).
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        let unicode = ascii ? text : text.precomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        out.reserveCapacity(unicode.utf8.count)
        var pendingSpace = false
        for scalar in unicode.unicodeScalars {
            if !ascii && Homoglyphs.isInvisible(scalar) { continue }
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                // No space before closing punctuation (tokenized text), nor after an opening bracket.
                if !Self.closesTight(scalar) && out.last != "(" && out.last != "[" { out.append(" ") }
                pendingSpace = false
            }
            out.append(ascii ? scalar : (Homoglyphs.table[scalar] ?? scalar))
        }
        var result = String(out)
        // Tokenized contractions: "do n't", "it 's", "we 're".
        if Self.mayHaveTokenizedContraction(result) {
            for (tokenized, joined) in [(" n't", "n't"), (" 's ", "'s "), (" 're ", "'re "), (" 've ", "'ve "),
                                        (" 'll ", "'ll "), (" 'm ", "'m "), (" 'd ", "'d ")] {
                result = result.replacingOccurrences(of: tokenized, with: joined)
            }
        }
        return result
    }

    /// Whether " '" or " n't" occurs (a byte scan: Foundation's `contains` on Linux bridges to NSString and cost more
    /// than the rest of normalisation).
    static func mayHaveTokenizedContraction(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var iterator = text.utf8.makeIterator()
        var window: UInt32 = 0 // the last four bytes
        while let b = iterator.next() {
            if previous == 0x20 && b == 0x27 { return true }
            window = window << 8 | UInt32(b)
            if window == 0x206E_2774 { return true } // " n't"
            previous = b
        }
        return false
    }

    /// Punctuation that follows a word without a space.
    @inline(__always) static func closesTight(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ",", ".", ";", ":", "!", "?", ")", "]": return true
        default: return false
        }
    }

    /// Whitespace and control characters (C0, DEL, C1), line and paragraph separators.
    @inline(__always) static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        // ASCII and Latin-1 are decided here: the Unicode property lookup costs more than everything else a
        // character goes through.
        if v < 0x7F { return v <= 0x20 }
        if v <= 0xA0 { return true }
        return scalar.properties.isWhitespace
    }
}
