/// The 40 symbols the character reference model counts over: a–z (lowercased), digits folded to `0`, space, the
/// punctuation marks `. , ' " - ? ! ; : (` (`)` folds to `(`), and `#` for everything else (one `#` per non-ASCII
/// character). A small alphabet keeps the trigram table small enough to ship, and folding digits and rare marks keeps
/// the model about the shape of English rather than about numbers. Scripts/detector/make_reference_tables.py folds
/// the same way.
enum CharacterAlphabet {
    static let size = 40
    static let other: UInt8 = 39

    /// Symbol of each ASCII byte (bytes ≥ 0x80 are `other`; continuation bytes are skipped by the caller).
    static let symbols: [UInt8] = {
        var map = [UInt8](repeating: other, count: 128)
        for (i, b) in (UInt8(ascii: "a")...UInt8(ascii: "z")).enumerated() {
            map[Int(b)] = UInt8(i)
            map[Int(b) - 32] = UInt8(i)
        }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { map[Int(b)] = 26 }
        let marks: [Character] = [" ", ".", ",", "'", "\"", "-", "?", "!", ";", ":", "("]
        for (i, mark) in marks.enumerated() { map[Int(mark.asciiValue!)] = UInt8(27 + i) }
        map[Int(UInt8(ascii: ")"))] = map[Int(UInt8(ascii: "("))]
        return map
    }()

    /// The symbol a character of the generated table stands for.
    static func symbol(of character: Character) -> UInt8 {
        guard let ascii = character.asciiValue, ascii < 128 else { return other }
        return character == "#" ? other : symbols[Int(ascii)]
    }
}
