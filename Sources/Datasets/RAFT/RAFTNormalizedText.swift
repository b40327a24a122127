/// Text with every run of whitespace collapsed to one space and the ends trimmed, remembering where each kept
/// character came from. RAFT quotes are copied out of a document by a language model, which keeps the words but
/// not always the line breaks or double spaces; matching on this form finds them, and the origins map a match back
/// to the document's own text so that a view can scroll to it and highlight it.
public struct RAFTNormalizedText: Sendable, Equatable {
    /// The normalised characters.
    public let characters: [Character]
    /// For each normalised character, its offset (in `Character`s) in the original text.
    public let origins: [Int]

    public init(_ text: String) {
        var characters: [Character] = []
        var origins: [Int] = []
        characters.reserveCapacity(text.utf8.count)
        origins.reserveCapacity(text.utf8.count)
        var pendingSpace: Int?
        var offset = 0
        for character in text {
            if character.isWhitespace {
                if pendingSpace == nil && !characters.isEmpty { pendingSpace = offset }
            } else {
                if let space = pendingSpace {
                    characters.append(" ")
                    origins.append(space)
                    pendingSpace = nil
                }
                characters.append(character)
                origins.append(offset)
            }
            offset += 1
        }
        self.characters = characters
        self.origins = origins
    }

    /// The normalised text as a string.
    public var string: String { String(characters) }

    public var isEmpty: Bool { characters.isEmpty }

    /// The first place `needle` occurs, as a range of `Character` offsets in the original text; nil when it does
    /// not occur or is empty.
    public func find(_ needle: RAFTNormalizedText) -> Range<Int>? {
        let pattern = needle.characters
        guard let first = pattern.first, pattern.count <= characters.count else { return nil }
        let last = characters.count - pattern.count
        var start = 0
        while start <= last {
            if characters[start] == first {
                var k = 1
                while k < pattern.count && characters[start + k] == pattern[k] { k += 1 }
                if k == pattern.count {
                    return origins[start]..<(origins[start + pattern.count - 1] + 1)
                }
            }
            start += 1
        }
        return nil
    }

    public func contains(_ needle: RAFTNormalizedText) -> Bool { find(needle) != nil }

    /// A looser form for comparing short answers with documents: lower case, letters and digits only, words
    /// separated by one space (`"Let there be light"` matches `Motto in English " Let there be light "`).
    public static func looseWords(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(character)
            } else {
                pendingSpace = true
            }
        }
        return result
    }
}
