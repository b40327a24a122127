/// GPT-2's reversible map from the 256 byte values to printable Unicode scalars. Byte-level BPE vocabularies store
/// their tokens in this alphabet, so that every byte sequence (including invalid UTF-8 fragments of multi-byte
/// characters) has a printable spelling.
public enum ByteLevelAlphabet {
    /// `scalar(for: b)` is the character that spells byte `b` in a byte-level vocabulary.
    public static let scalars: [Unicode.Scalar] = {
        var printable: [Int] = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
        var codes = printable
        var extra = 0
        for b in 0..<256 where !printable.contains(b) {
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
        }
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        for (b, c) in zip(printable, codes) { table[b] = Unicode.Scalar(UInt32(c))! }
        return table
    }()

    /// The inverse map: scalar value → byte, for the 256 alphabet characters.
    public static let bytesByScalar: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (b, s) in scalars.enumerated() { map[s.value] = UInt8(b) }
        return map
    }()

    /// Spell raw bytes in the alphabet (what a byte-level vocabulary stores).
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(scalars[Int(b)]) }
        return String(s)
    }

    /// The raw bytes a token spells, or nil when one of its characters is outside the alphabet (an added token
    /// stored verbatim, for example).
    public static func decode(_ token: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(token.unicodeScalars.count)
        for s in token.unicodeScalars {
            guard let b = bytesByScalar[s.value] else { return nil }
            out.append(b)
        }
        return out
    }
}
