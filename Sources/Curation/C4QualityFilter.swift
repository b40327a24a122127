/// C4's line rules (Raffel et al. 2020) as datatrove's C4QualityFilter applies them, which FineWeb ran between the
/// Gopher filters and its own: each line (Python's `splitlines`, stripped) is dropped when a word is longer than 1000
/// characters, when it does not end in terminal punctuation (off by default, as FineWeb ran it), when it has fewer
/// than 3 words, when it mentions "javascript" or a cookie/terms-of-use phrase; Wikipedia citation marks are removed
/// from it. A line with "lorem ipsum" or a curly bracket drops the whole document, and so do fewer than 5 sentences
/// in the lines kept. Unlike the other filters this one rewrites a kept document: its text becomes the kept lines.
public struct C4QualityFilter: Sendable {
    public var removesCitations = true
    /// C4 kept only lines ending in `.`, `?`, `!`, `"` or `'`; FineWeb turned this off (`filter_no_terminal_punct=False`).
    public var requiresTerminalPunctuation = false
    /// Documents with fewer sentences in their kept lines are dropped; -1 turns the rule off.
    public var minimumSentences = 5
    /// Lines with fewer whitespace-separated words are dropped; -1 turns the rule off.
    public var minimumWordsPerLine = 3
    /// Lines with a longer word are dropped; -1 turns the rule off.
    public var maximumWordLength = 1000
    public var dropsLoremIpsum = true
    public var dropsJavascriptLines = true
    public var dropsCurlyBrackets = true
    public var dropsPolicyLines = true

    public static let name = "c4_quality"
    static let policyPhrases = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
                                "use cookies"]

    public init() {}

    /// The verdict and, for a kept document, its rewritten text (the kept lines joined by newlines).
    public func apply(_ text: String) -> (verdict: CurationVerdict, text: String) {
        var sentences = 0
        var kept: [Substring] = []
        for raw in TextUnits.pythonLines(text) {
            var line = raw.trimmingWhitespace()
            let words = line.split(whereSeparator: { $0.isWhitespace })
            if maximumWordLength != -1 && words.contains(where: { TextUnits.length($0) > maximumWordLength }) { continue }
            if removesCitations { line = Self.removingCitations(line) }
            if requiresTerminalPunctuation {
                let last = line.unicodeScalars.last
                let ends = last == "." || last == "?" || last == "!" || last == "\"" || last == "'"
                if !ends || line.hasSuffix("...") { continue }
            }
            if words.count < minimumWordsPerLine { continue }
            let lower = line.lowercased()
            if dropsLoremIpsum && lower.contains("lorem ipsum") {
                return (.dropped(Self.name, "lorem_ipsum", value: 1, threshold: 0), text)
            }
            if dropsJavascriptLines && lower.contains("javascript") { continue }
            if dropsCurlyBrackets && line.unicodeScalars.contains("{") {
                return (.dropped(Self.name, "curly_bracket", value: 1, threshold: 0), text)
            }
            if dropsPolicyLines && Self.policyPhrases.contains(where: { lower.contains($0) }) { continue }
            if minimumSentences != -1 { sentences += SentenceCounter.count(line) }
            kept.append(line)
        }
        if sentences < minimumSentences {
            return (.dropped(Self.name, "too_few_sentences", value: Double(sentences), threshold: Double(minimumSentences)),
                    text)
        }
        return (.kept(Self.name), String(kept.joined(separator: "\n").trimmingWhitespace()))
    }

    public func verdict(_ text: String) -> CurationVerdict { apply(text).verdict }

    /// The line without `[12]`, `[]`, `[edit]` and `[citation needed]` (datatrove's CITATION_REGEX, digits in any
    /// script as Python's `\d`).
    static func removingCitations(_ line: Substring) -> Substring {
        guard line.contains("[") else { return line }
        var output = ""
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == "[" {
                let rest = line[line.index(after: index)...]
                var end: String.Index?
                if rest.hasPrefix("edit]") { end = rest.index(rest.startIndex, offsetBy: 5) }
                else if rest.hasPrefix("citation needed]") { end = rest.index(rest.startIndex, offsetBy: 16) }
                else {
                    let digits = rest.prefix(while: { $0.unicodeScalars.count == 1
                        && $0.unicodeScalars.first!.properties.generalCategory == .decimalNumber })
                    if digits.endIndex < rest.endIndex && rest[digits.endIndex] == "]" { end = rest.index(after: digits.endIndex) }
                }
                if let end {
                    index = end
                    continue
                }
            }
            output.append(line[index])
            index = line.index(after: index)
        }
        return output[...]
    }
}
