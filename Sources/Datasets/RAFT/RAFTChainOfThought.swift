import Foundation

/// The parts of a RAFT chain-of-thought answer that a checker needs: the spans the teacher says it copied from the
/// documents (`##begin_quote##…##end_quote##`, as gorilla's prompt asks) and the final answer after `<ANSWER>:`.
public struct RAFTChainOfThought: Sendable, Hashable {
    /// Each quote's trimmed text, and its range in the answer in `Character` offsets (markers excluded).
    public private(set) var quoteTexts: [String] = []
    public private(set) var quoteRanges: [Range<Int>] = []
    /// The text after the last `<ANSWER>:`, trimmed and without a trailing `<STOP>`; nil when there is no tag,
    /// empty when the tag is followed by nothing.
    public private(set) var finalAnswer: String?

    static let beginQuote = Array("##begin_quote##")
    static let endQuote = Array("##end_quote##")
    static let answerTag = "<ANSWER>:"
    static let stop = "<STOP>"

    public init(_ text: String) {
        let characters = Array(text)
        var index = 0
        while let begin = Self.find(Self.beginQuote, in: characters, from: index) {
            let start = begin + Self.beginQuote.count
            guard let end = Self.find(Self.endQuote, in: characters, from: start) else { break }
            var low = start
            var high = end
            while low < high && characters[low].isWhitespace { low += 1 }
            while high > low && characters[high - 1].isWhitespace { high -= 1 }
            quoteTexts.append(String(characters[low..<high]))
            quoteRanges.append(low..<high)
            index = end + Self.endQuote.count
        }
        if let tag = text.range(of: Self.answerTag, options: .backwards) {
            var answer = text[tag.upperBound...].trimmingWhitespace()
            if answer.hasSuffix(Self.stop) { answer = answer.dropLast(Self.stop.count).trimmingWhitespace() }
            finalAnswer = answer
        }
    }

    static func find(_ pattern: [Character], in characters: [Character], from start: Int) -> Int? {
        guard start <= characters.count - pattern.count else { return nil }
        var i = start
        while i <= characters.count - pattern.count {
            if characters[i] == pattern[0] && Array(characters[i..<(i + pattern.count)]) == pattern { return i }
            i += 1
        }
        return nil
    }
}
