/// FineWeb's own quality rules with its published thresholds: too few lines ending in terminal punctuation (drop
/// when the ratio is < 0.12), too many short lines (≤ 30 characters; drop when the ratio is > 0.67), too many
/// characters in duplicated lines (drop when > 0.01 of the text without newlines), too many newlines per word (a
/// list; drop when > 0.3). Lines are the non-empty ones, as in datatrove.
public struct FineWebQualityFilter: Sendable {
    public var linePunctuationThreshold = 0.12
    public var shortLineThreshold = 0.67
    public var shortLineLength = 30
    public var duplicateCharacterThreshold = 0.01
    public var newlineRatio = 0.3

    public static let name = "fineweb_quality"

    /// Whether a line ends in terminal punctuation: Unicode's Sentence_Terminal characters, which is datatrove's set.
    static func endsSentence(_ line: Substring) -> Bool {
        line.unicodeScalars.last?.properties.isSentenceTerminal ?? false
    }

    public init() {}

    public func verdict(_ text: String) -> CurationVerdict {
        let lines = TextUnits.newlineSplit(text).filter { !$0.trimmingWhitespace().isEmpty }
        guard !lines.isEmpty else { return .dropped(Self.name, "empty", value: 0, threshold: 0) }
        let count = Double(lines.count)
        let punctuated = Double(lines.filter(Self.endsSentence).count) / count
        if punctuated < linePunctuationThreshold {
            return .dropped(Self.name, "line_punct_ratio", value: punctuated, threshold: linePunctuationThreshold)
        }
        let short = Double(lines.filter { TextUnits.length($0) <= shortLineLength }.count) / count
        if short > shortLineThreshold {
            return .dropped(Self.name, "short_line_ratio", value: short, threshold: shortLineThreshold)
        }
        let withoutNewlines = TextUnits.length(text) - text.unicodeScalars.filter { $0 == "\n" }.count
        let duplicated = withoutNewlines == 0 ? 0 : Double(TextUnits.duplicates(lines).characters) / Double(withoutNewlines)
        if duplicated > duplicateCharacterThreshold {
            return .dropped(Self.name, "char_dup_ratio", value: duplicated, threshold: duplicateCharacterThreshold)
        }
        let words = TextUnits.words(text).count
        let newlines = Double(text.unicodeScalars.filter { $0 == "\n" }.count)
        let perWord = words == 0 ? newlines : newlines / Double(words)
        if perWord > newlineRatio {
            return .dropped(Self.name, "list_ratio", value: perWord, threshold: newlineRatio)
        }
        return .kept(Self.name)
    }
}
