/// A normalised text cut into the units the features count: words (hashed, lowercased), sentences (as word ranges),
/// punctuation marks, and the character symbols of `CharacterAlphabet`. Built in one pass over the UTF-8 bytes, so
/// that computing every feature of a 250-word text costs tens of microseconds.
struct TextUnits {
    struct Word {
        /// FNV-1a of the lowercased word (ASCII letters lowercased; other bytes as they are).
        var hash: UInt64
        var length: Int
        var hasDigit: Bool
        var hasApostrophe: Bool
    }

    var words: [Word] = []
    /// Each sentence's end, as an index into `words` (exclusive), in order; the last sentence ends at `words.count`.
    var sentenceEnds: [Int] = []
    /// Each sentence's end as an index into `symbols` (exclusive).
    var sentenceSymbolEnds: [Int] = []
    /// How many times each ASCII byte occurs (punctuation rates are read from here).
    var byteCounts = [Int](repeating: 0, count: 128)
    /// Characters (Unicode scalars) in the text.
    var characterCount = 0
    var symbols: [UInt8] = []

    /// Abbreviations after which a period does not end a sentence (hashes of the lowercased word).
    static let abbreviations: Set<UInt64> = Set(["mr", "mrs", "ms", "dr", "st", "vs", "etc", "jr", "sr", "no", "prof",
                                                 "inc", "ltd", "co", "gen", "col", "lt", "sgt", "rev", "fig", "al",
                                                 "e.g", "i.e", "u.s", "u.k", "a.m", "p.m"].map { hash($0.utf8) })

    static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    init(normalized text: String) {
        var utf8 = Array(text.utf8)
        utf8.append(UInt8(ascii: " "))
        symbols.reserveCapacity(utf8.count)
        words.reserveCapacity(utf8.count / 5)
        var wordStart = -1
        var h: UInt64 = 0xcbf29ce484222325
        var digit = false, apostrophe = false
        var length = 0
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
        }
        var i = 0
        let n = utf8.count - 1
        while i <= n {
            let b = utf8[i]
            if b < 0x80 { byteCounts[Int(b)] += 1 }
            if b < 0x80 || b >= 0xC0 {
                characterCount += 1
                symbols.append(b < 0x80 ? CharacterAlphabet.symbols[Int(b)] : CharacterAlphabet.other)
            }
            // An apostrophe or period inside a word ("don't", "u.s") keeps the word going.
            let joins = (b == UInt8(ascii: "'") || b == UInt8(ascii: ".")) && wordStart >= 0 && i + 1 <= n
                && isWordByte(utf8[i + 1])
            if isWordByte(b) || joins {
                if wordStart < 0 {
                    wordStart = i
                    h = 0xcbf29ce484222325
                    digit = false
                    apostrophe = false
                    length = 0
                }
                let lower = (b >= 0x41 && b <= 0x5A) ? b + 32 : b
                h = (h ^ UInt64(lower)) &* 0x100000001b3
                if b >= 0x30 && b <= 0x39 { digit = true }
                if b == UInt8(ascii: "'") { apostrophe = true }
                if b < 0x80 || b >= 0xC0 { length += 1 }
                i += 1
                continue
            }
            if wordStart >= 0 {
                words.append(Word(hash: h, length: length, hasDigit: digit,
                                  hasApostrophe: apostrophe))
                wordStart = -1
            }
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                // The run of terminal marks and closing quotes/brackets; a sentence ends when a space follows.
                var j = i + 1
                while j <= n, [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "\""),
                                UInt8(ascii: "'"), UInt8(ascii: ")")].contains(utf8[j]) { j += 1 }
                let last = words.last
                let abbreviation = b == UInt8(ascii: ".") && j == i + 1 && last.map {
                    $0.length == 1 && !$0.hasDigit || Self.abbreviations.contains($0.hash)
                } ?? false
                if j <= n, utf8[j] == UInt8(ascii: " "), !abbreviation, words.count > (sentenceEnds.last ?? 0) {
                    for k in (i + 1)..<j {
                        if utf8[k] < 0x80 { byteCounts[Int(utf8[k])] += 1 }
                        characterCount += 1
                        symbols.append(CharacterAlphabet.symbols[Int(utf8[k])])
                    }
                    sentenceEnds.append(words.count)
                    sentenceSymbolEnds.append(symbols.count)
                    i = j
                    continue
                }
            }
            i += 1
        }
        // The appended space is not part of the text.
        byteCounts[0x20] -= 1
        characterCount -= 1
        symbols.removeLast()
        if words.count > (sentenceEnds.last ?? 0) {
            sentenceEnds.append(words.count)
            sentenceSymbolEnds.append(symbols.count)
        }
    }

    /// Words in each sentence.
    var sentenceLengths: [Int] {
        var previous = 0
        return sentenceEnds.map { end in defer { previous = end }; return end - previous }
    }

    func count(_ marks: String) -> Int { marks.utf8.reduce(0) { $0 + byteCounts[Int($1)] } }
}
