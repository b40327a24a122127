/// 64-bit FNV-1a fingerprints for duplicate detection: stable across runs and platforms, and small enough to keep
/// one per record of a large data set (the records themselves are not kept).
enum TextFingerprint {
    static func of(ids: [Int32], learned: [Bool]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (id, l) in zip(ids, learned) {
            var v = UInt32(bitPattern: id) << 1 | (l ? 1 : 0)
            for _ in 0..<4 {
                h = (h ^ UInt64(v & 0xFF)) &* 0x100_0000_01b3
                v >>= 8
            }
        }
        return h
    }

    static func of(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }

    /// Text with case, punctuation, symbols and the amount of white space ignored: two records that differ only so
    /// are near-duplicates.
    static func normalised(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            } else if p.isWhitespace {
                pendingSpace = true
            }
        }
        return String(out)
    }
}
