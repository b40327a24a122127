/// Gopher's quality rules (Rae et al. 2021) with datatrove's defaults, which FineWeb used: 50…100,000 words (not
/// counting words made only of punctuation), mean word length 3…10, at most 0.1 `#` and ellipses per word, at most
/// 0.9 of lines starting with a bullet and 0.3 ending in an ellipsis, at least 0.8 of words with a letter, and at
/// least 2 of the stop words the, be, to, of, and, that, have, with.
public struct GopherQualityFilter: Sendable {
    public var minimumWords = 50
    public var maximumWords = 100_000
    public var minimumMeanWordLength = 3.0
    public var maximumMeanWordLength = 10.0
    public var maximumSymbolWordRatio = 0.1
    public var maximumBulletLineRatio = 0.9
    public var maximumEllipsisLineRatio = 0.3
    public var minimumAlphabeticWordRatio = 0.8
    public var minimumStopWords = 2
    public var stopWords: Set<String> = ["the", "be", "to", "of", "and", "that", "have", "with"]

    public static let name = "gopher_quality"

    public init() {}

    /// Punctuation as datatrove's set has it: ASCII punctuation and the space, typographic quotes and dashes, and
    /// sentence terminals.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (scalar.properties.generalCategory != .decimalNumber
            && !scalar.properties.isAlphabetic && scalar.value > 0x20 && scalar.value < 0x7F) }
        return "«´»–—’“”„…".unicodeScalars.contains(scalar) || scalar.properties.isSentenceTerminal
    }

    public func verdict(_ text: String) -> CurationVerdict {
        func drop(_ rule: String, _ value: Double, _ threshold: Double) -> CurationVerdict {
            .dropped(Self.name, rule, value: value, threshold: threshold)
        }
        let words = TextUnits.words(text)
        let wordCount = Double(words.count)
        let meaningful = words.filter { !$0.unicodeScalars.allSatisfy(Self.isPunctuation) }
        if meaningful.count < minimumWords { return drop("gopher_short_doc", Double(meaningful.count), Double(minimumWords)) }
        if meaningful.count > maximumWords { return drop("gopher_long_doc", Double(meaningful.count), Double(maximumWords)) }
        let meanLength = Double(meaningful.reduce(0) { $0 + TextUnits.length($1) }) / Double(meaningful.count)
        if meanLength < minimumMeanWordLength {
            return drop("gopher_below_avg_threshold", meanLength, minimumMeanWordLength)
        }
        if meanLength > maximumMeanWordLength {
            return drop("gopher_above_avg_threshold", meanLength, maximumMeanWordLength)
        }
        let hashes = Double(text.unicodeScalars.filter { $0 == "#" }.count) / wordCount
        if hashes > maximumSymbolWordRatio { return drop("gopher_too_many_hashes", hashes, maximumSymbolWordRatio) }
        let ellipses = Double(TextUnits.occurrences(of: "...", in: text) + TextUnits.occurrences(of: "…", in: text)) / wordCount
        if ellipses > maximumSymbolWordRatio { return drop("gopher_too_many_ellipsis", ellipses, maximumSymbolWordRatio) }
        let lines = TextUnits.pythonLines(text)
        if !lines.isEmpty {
            let bullets = Double(lines.filter {
                let start = $0.drop(while: { $0.isWhitespace })
                return start.hasPrefix("•") || start.hasPrefix("-")
            }.count) / Double(lines.count)
            if bullets > maximumBulletLineRatio { return drop("gopher_too_many_bullets", bullets, maximumBulletLineRatio) }
            let trailing = Double(lines.filter {
                let line = $0.trimmingWhitespace()
                return line.hasSuffix("...") || line.hasSuffix("…")
            }.count) / Double(lines.count)
            if trailing > maximumEllipsisLineRatio {
                return drop("gopher_too_many_end_ellipsis", trailing, maximumEllipsisLineRatio)
            }
        }
        let alphabetic = Double(words.filter { $0.contains(where: \.isLetter) }.count) / wordCount
        if alphabetic < minimumAlphabeticWordRatio {
            return drop("gopher_below_alpha_threshold", alphabetic, minimumAlphabeticWordRatio)
        }
        let stops = Set(words.map(String.init)).intersection(stopWords).count
        if stops < minimumStopWords { return drop("gopher_enough_stop_words", Double(stops), Double(minimumStopWords)) }
        return .kept(Self.name)
    }
}
