/// Gopher's repetition rules (Rae et al. 2021, table A1) with datatrove's defaults, which FineWeb used: a document is
/// dropped when too much of it repeats — duplicate paragraphs and lines (by count and by characters), the most
/// frequent 2/3/4-gram, and all duplicated 5…10-grams — each measured as a fraction and compared with its threshold
/// (drop when greater). Rules run in datatrove's order; the first that fires is the verdict.
public struct GopherRepetitionFilter: Sendable {
    public var duplicateParagraphFraction = 0.3
    public var duplicateParagraphCharacterFraction = 0.2
    public var duplicateLineFraction = 0.3
    public var duplicateLineCharacterFraction = 0.2
    public var topNGrams: [(n: Int, fraction: Double)] = [(2, 0.20), (3, 0.18), (4, 0.16)]
    public var duplicateNGrams: [(n: Int, fraction: Double)] = [(5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11),
                                                                 (10, 0.10)]

    public static let name = "gopher_repetition"

    public init() {}

    public func verdict(_ text: String) -> CurationVerdict {
        let total = Double(TextUnits.length(text))
        guard total > 0 else { return .dropped(Self.name, "empty", value: 0, threshold: 0) }
        func check(_ rule: String, _ value: Double, _ threshold: Double) -> CurationVerdict? {
            value > threshold ? .dropped(Self.name, rule, value: value, threshold: threshold) : nil
        }
        let paragraphs = TextUnits.paragraphs(text)
        let paragraphDuplicates = TextUnits.duplicates(paragraphs)
        if let drop = check("dup_para_frac", Double(paragraphDuplicates.count) / Double(paragraphs.count),
                            duplicateParagraphFraction)
            ?? check("dup_para_char_frac", Double(paragraphDuplicates.characters) / total,
                     duplicateParagraphCharacterFraction) {
            return drop
        }
        let lines = TextUnits.newlineRuns(text)
        if !lines.isEmpty {
            let lineDuplicates = TextUnits.duplicates(lines)
            if let drop = check("dup_line_frac", Double(lineDuplicates.count) / Double(lines.count), duplicateLineFraction)
                ?? check("dup_line_char_frac", Double(lineDuplicates.characters) / total, duplicateLineCharacterFraction) {
                return drop
            }
        }
        let words = TextUnits.words(text).map(String.init)
        for (n, fraction) in topNGrams where words.count >= n {
            if let drop = check("top_\(n)_gram", Double(Self.topNGramCharacters(words, n)) / total, fraction) { return drop }
        }
        for (n, fraction) in duplicateNGrams where words.count >= n {
            if let drop = check("duplicated_\(n)_n_grams", Double(Self.duplicateNGramCharacters(words, n)) / total, fraction) {
                return drop
            }
        }
        return .kept(Self.name)
    }

    /// Length × count of the most frequent n-gram (n words joined by spaces); ties go to the one seen first.
    static func topNGramCharacters(_ words: [String], _ n: Int) -> Int {
        var counts: [String: (count: Int, first: Int)] = [:]
        for start in 0...(words.count - n) {
            let gram = words[start..<(start + n)].joined(separator: " ")
            counts[gram, default: (0, start)].count += 1
        }
        guard let top = counts.max(by: { $0.value.count < $1.value.count
                                          || ($0.value.count == $1.value.count && $0.value.first > $1.value.first) })
        else { return 0 }
        return TextUnits.length(top.key) * top.value.count
    }

    /// Characters (of the words, without spaces, as datatrove counts them) in n-grams that repeat an earlier one,
    /// stepping past a repeat so its words count once.
    static func duplicateNGramCharacters(_ words: [String], _ n: Int) -> Int {
        var seen = Set<String>()
        var characters = 0
        var index = 0
        while index <= words.count - n {
            let gram = words[index..<(index + n)].joined()
            if seen.contains(gram) {
                characters += TextUnits.length(gram)
                index += n
            } else {
                seen.insert(gram)
                index += 1
            }
        }
        return characters
    }
}
