import Foundation

/// datatrove's `simplify_text` with its default settings, which its MinHash applies before making n-grams, so that
/// near-duplicates differing in case, numbers, punctuation, spacing or accents still share shingles: lowercase,
/// every number (`\p{Nd}+`, with one decimal part) becomes "0", datatrove's punctuation set becomes spaces,
/// whitespace runs become one space, accents are removed (NFD, then nonspacing marks dropped). Then the words as
/// spaCy's English tokenizer splits the simplified text: at spaces, with a unit after a number ("0km") and a currency
/// sign before or after one split off.
enum TextSimplifier {
    /// datatrove's PUNCTUATION string: ASCII and CJK punctuation, typographic quotes and dashes, and the control
    /// characters other than tab and newline.
    static let punctuation: Set<Unicode.Scalar> = {
        var set = Set("!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»".unicodeScalars)
        for range in [0..<9, 11..<13, 13..<32, 127..<160] as [Range<UInt32>] {
            for value in range { set.insert(Unicode.Scalar(value)!) }
        }
        return set
    }()
    static let decimalSeparators: Set<Unicode.Scalar> = [".", ",", "،", "٫", "⎖", "⎗", "⎘"]
    /// Units spaCy splits off a number (a subset of its list: the Latin-script ones).
    static let units: Set<Substring> = Set(("km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g "
        + "mg µg t lb oz kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K").split(separator: " "))
    static let currencies: Set<Character> = ["€", "£", "¥", "฿", "₽", "₹", "₩", "₪", "₫", "₱", "₴", "₺", "₿", "¢"]

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .decimalNumber }

    static func simplify(_ text: String) -> String {
        let lowered = Array(text.lowercased().unicodeScalars)
        var scalars = String.UnicodeScalarView()
        var index = 0
        var pendingSpace = false
        var started = false
        func emit(_ scalar: Unicode.Scalar) {
            if scalar.properties.isWhitespace || punctuation.contains(scalar) {
                pendingSpace = started
                return
            }
            if pendingSpace { scalars.append(" ") }
            pendingSpace = false
            started = true
            scalars.append(scalar)
        }
        while index < lowered.count {
            let scalar = lowered[index]
            if isDigit(scalar) {
                while index < lowered.count && isDigit(lowered[index]) { index += 1 }
                if index + 1 < lowered.count && decimalSeparators.contains(lowered[index]) && isDigit(lowered[index + 1]) {
                    index += 1
                    while index < lowered.count && isDigit(lowered[index]) { index += 1 }
                }
                emit("0")
                continue
            }
            emit(scalar)
            index += 1
        }
        let decomposed = String(scalars).decomposedStringWithCanonicalMapping.unicodeScalars
            .filter { $0.properties.generalCategory != .nonspacingMark }
        var result = String(String.UnicodeScalarView(decomposed))
        // Removing a mark can leave a space at either end ("́ a"); Python strips again.
        while result.first?.isWhitespace == true { result.removeFirst() }
        while result.last?.isWhitespace == true { result.removeLast() }
        return result
    }

    /// The words of simplified text as spaCy splits them.
    static func words(_ simplified: String) -> [Substring] {
        var words: [Substring] = []
        for chunk in simplified.split(whereSeparator: { $0.isWhitespace }) {
            var rest = chunk
            while rest.count > 1, let first = rest.first, currencies.contains(first) {
                words.append(rest.prefix(1))
                rest = rest.dropFirst()
            }
            var trailing: Substring?
            if rest.count > 1, let last = rest.last, currencies.contains(last) {
                trailing = rest.suffix(1)
                rest = rest.dropLast()
            }
            let digits = rest.prefix(while: { $0 == "0" })
            if !digits.isEmpty && digits.endIndex < rest.endIndex && units.contains(rest[digits.endIndex...]) {
                words.append(digits)
                words.append(rest[digits.endIndex...])
            } else if !rest.isEmpty {
                words.append(rest)
            }
            if let trailing { words.append(trailing) }
        }
        return words
    }
}
