/// Characters that look like ASCII letters or marks but are not, folded to what they look like. Swapping a few Latin
/// letters for Cyrillic or Greek lookalikes, or typing curly quotes and dashes, is a cheap way to move a detector's
/// statistics without changing what a reader sees; folding them first takes that lever away. NFKC already folds
/// full-width and mathematical letters; this table covers what NFKC keeps apart.
enum Homoglyphs {
    static let table: [Unicode.Scalar: Unicode.Scalar] = {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        func add(_ from: String, _ to: String) {
            for (a, b) in zip(from.unicodeScalars, to.unicodeScalars) { map[a] = b }
        }
        // Cyrillic lookalikes.
        add("АВЕКМНОРСТУХаеорсухіјѕԁԛԝӏІЈЅ", "ABEKMHOPCTYXaeopcyxijsdqwlIJS")
        // Greek lookalikes.
        add("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιν", "ABEZHIKMNOPTYXaoiv")
        // Quotes, apostrophes, dashes and other punctuation with an ASCII twin.
        add("\u{2018}\u{2019}\u{201A}\u{201B}\u{2032}\u{02BC}\u{FF07}", "'''''''")
        add("\u{201C}\u{201D}\u{201E}\u{201F}\u{2033}\u{00AB}\u{00BB}", "\"\"\"\"\"\"\"")
        add("\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}\u{2015}\u{2212}\u{FE58}", "--------")
        add("\u{2024}\u{FF0E}\u{2044}", "./")
        return map
    }()

    /// Invisible characters that change the bytes but not what a reader sees: zero-width space, joiners, word
    /// joiner, soft hyphen, byte-order mark, the Mongolian vowel separator, and the bidirectional controls.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x2060...0x2064, 0xFEFF, 0x00AD, 0x180E, 0x202A...0x202E, 0x2066...0x2069, 0x034F:
            return true
        default:
            return false
        }
    }
}
