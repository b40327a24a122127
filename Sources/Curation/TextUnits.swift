/// The units curation filters count, as datatrove counts them: lengths in Unicode scalars (Python's `len`), lines
import Foundation
/// split as datatrove splits them (`re.split("\n+")`, `str.split("\n")`), paragraphs at two or more newlines, and words.
///
/// Words: datatrove tokenizes English with NLTK/spaCy word tokenizers; Loom splits at whitespace and makes each
/// punctuation character a word of its own, which agrees with them on ordinary prose and differs on contractions
/// ("don't" is one word here, two there) and on abbreviations with periods.
enum TextUnits {
    static func length(_ text: Substring) -> Int { text.unicodeScalars.count }
    static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// `text.split("\n")` (empty pieces kept).
    static func newlineSplit(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// `re.split("\n+", text)`: pieces between runs of newlines (an empty first or last piece when the text
    /// starts or ends with one).
    static func newlineRuns(_ text: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\n" {
                pieces.append(text[start..<index])
                var end = index
                while end < text.endIndex && text[end] == "\n" { end = text.index(after: end) }
                start = end
                index = end
            } else {
                index = text.index(after: index)
            }
        }
        pieces.append(text[start...])
        return pieces
    }

    /// Python's `str.splitlines()`: breaks at \n, \r\n, \r, \v, \f, \x1c–\x1e, \x85, U+2028, U+2029; no final
    /// empty line.
    static func pythonLines(_ text: String) -> [Substring] {
        let breaks: Set<UInt32> = [0x0A, 0x0D, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]
        var lines: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "\r\n" || (character.unicodeScalars.count == 1 && breaks.contains(character.unicodeScalars.first!.value)) {
                lines.append(text[start..<index])
                start = next
            }
            index = next
        }
        if start < text.endIndex { lines.append(text[start...]) }
        return lines
    }

    /// Non-overlapping occurrences of `needle` (Python's `str.count`).
    static func occurrences(of needle: String, in text: String) -> Int {
        var count = 0
        var rest = text[...]
        while let found = rest.range(of: needle) {
            count += 1
            rest = rest[found.upperBound...]
        }
        return count
    }

    /// Paragraphs: `re.split(r"\n{2,}", text.strip())`.
    static func paragraphs(_ text: String) -> [Substring] {
        let stripped = text.trimmingWhitespace()
        var parts: [Substring] = []
        var start = stripped.startIndex
        var index = stripped.startIndex
        while index < stripped.endIndex {
            if stripped[index] == "\n" {
                var end = index
                while end < stripped.endIndex && stripped[end] == "\n" { end = stripped.index(after: end) }
                if stripped.distance(from: index, to: end) >= 2 {
                    parts.append(stripped[start..<index])
                    start = end
                }
                index = end
            } else {
                index = stripped.index(after: index)
            }
        }
        parts.append(stripped[start...])
        return parts
    }

    /// Words: runs of letters, digits and marks (apostrophes inside a word kept), and each other non-space
    /// character alone.
    static func words(_ text: String) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        var index = text.startIndex
        func isWordScalar(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || character == "_"
        }
        while index < text.endIndex {
            let character = text[index]
            if isWordScalar(character) || (start != nil && (character == "'" || character == "’")
                                           && text.index(after: index) < text.endIndex
                                           && isWordScalar(text[text.index(after: index)])) {
                if start == nil { start = index }
            } else {
                if let begin = start { words.append(text[begin..<index]) }
                start = nil
                if !character.isWhitespace { words.append(text[index...index]) }
            }
            index = text.index(after: index)
        }
        if let begin = start { words.append(text[begin...]) }
        return words
    }

    /// Python's `find_duplicates`: (elements seen before, their total length).
    static func duplicates(_ elements: [Substring]) -> (count: Int, characters: Int) {
        var seen = Set<Substring>()
        var count = 0, characters = 0
        for element in elements where !seen.insert(element).inserted {
            count += 1
            characters += length(element)
        }
        return (count, characters)
    }
}

extension String {
    /// Python's `str.strip()` (whitespace at both ends).
    func trimmingWhitespace() -> Substring {
        var start = startIndex, end = endIndex
        while start < end && self[start].isWhitespace { start = index(after: start) }
        while end > start && self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var start = startIndex, end = endIndex
        while start < end && self[start].isWhitespace { start = index(after: start) }
        while end > start && self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}
