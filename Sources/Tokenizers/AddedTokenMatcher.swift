/// Finds added tokens in text with HF's semantics: leftmost-longest matching (HF uses Aho-Corasick with
/// `LeftmostLongest`), then the `single_word`, `lstrip` and `rstrip` rules of `AddedVocabulary::find_matches`.
struct AddedTokenMatcher: Sendable {
    private var children: [[UInt8: Int32]] = [[:]]
    private var terminal: [Int32] = [-1]
    private var firstBytes = [Bool](repeating: false, count: 256)
    let tokens: [AddedToken]

    var isEmpty: Bool { tokens.isEmpty }

    /// `patterns[i]` is the text to find for `tokens[i]` (its content, normalized for normalized tokens).
    init(tokens: [AddedToken], patterns: [String]) {
        self.tokens = tokens
        for (index, pattern) in patterns.enumerated() {
            let bytes = Array(pattern.utf8)
            guard let first = bytes.first else { continue }
            firstBytes[Int(first)] = true
            var node = 0
            for b in bytes {
                if let child = children[node][b] {
                    node = Int(child)
                } else {
                    children.append([:])
                    terminal.append(-1)
                    children[node][b] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            if terminal[node] < 0 { terminal[node] = Int32(index) }
        }
    }

    /// Split `bytes[range]` into runs of text (token nil) and added tokens, tiling the range.
    func split(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
               into out: inout [(range: Range<Int>, token: UInt32?)]) {
        if tokens.isEmpty || range.isEmpty {
            if !range.isEmpty { out.append((range, nil)) }
            return
        }
        var startOffset = range.lowerBound
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            if !firstBytes[Int(bytes[i])] { i += 1; continue }
            // Longest match at i.
            var node = 0
            var best = -1
            var bestEnd = i
            var j = i
            while j < end, let child = children[node][bytes[j]] {
                node = Int(child)
                j += 1
                if terminal[node] >= 0 { best = Int(terminal[node]); bestEnd = j }
            }
            if best < 0 { i += 1; continue }
            let token = tokens[best]
            var start = i
            var stop = bestEnd
            i = bestEnd
            if token.singleWord {
                let startSpace = start == range.lowerBound || !Self.endsWithWord(bytes, range.lowerBound..<start)
                let stopSpace = stop == end || !Self.startsWithWord(bytes, stop..<end)
                if !startSpace || !stopSpace { continue }
            }
            if token.lstrip {
                start = max(Self.trailingSpaceStart(bytes, range.lowerBound..<start), startOffset)
            }
            if token.rstrip {
                stop = Self.leadingSpaceEnd(bytes, stop..<end)
                i = stop
            }
            if startOffset < start { out.append((startOffset..<start, nil)) }
            out.append((start..<stop, token.id))
            startOffset = stop
        }
        if startOffset < end { out.append((startOffset..<end, nil)) }
    }

    private static func scalars(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String.UnicodeScalarView {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self).unicodeScalars
    }

    private static func endsWithWord(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        guard let last = scalars(bytes, r).last else { return false }
        return ScalarClass.isWordCharacter(last)
    }

    private static func startsWithWord(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        guard let first = scalars(bytes, r).first else { return false }
        return ScalarClass.isWordCharacter(first)
    }

    /// The byte offset where the white space at the end of `r` begins.
    private static func trailingSpaceStart(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int {
        var end = r.upperBound
        let s = scalars(bytes, r)
        for scalar in s.reversed() {
            if !scalar.properties.isWhitespace { break }
            end -= UTF8.width(scalar)
        }
        return end
    }

    /// The byte offset where the white space at the start of `r` ends.
    private static func leadingSpaceEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int {
        var start = r.lowerBound
        for scalar in scalars(bytes, r) {
            if !scalar.properties.isWhitespace { break }
            start += UTF8.width(scalar)
        }
        return start
    }
}
