import Testing
@testable import Tokenizers

/// Added tokens follow HF's `AddedVocabulary::find_matches`: leftmost-longest, then single_word/lstrip/rstrip.
@Suite struct AddedTokenMatcherTests {
    func split(_ text: String, _ tokens: [AddedToken]) -> [String] {
        let matcher = AddedTokenMatcher(tokens: tokens, patterns: tokens.map(\.content))
        let bytes = Array(text.utf8)
        var out: [(range: Range<Int>, token: UInt32?)] = []
        bytes.withUnsafeBufferPointer { matcher.split($0, 0..<$0.count, into: &out) }
        return out.map { ($0.token.map { "#\($0)" } ?? "") + String(decoding: bytes[$0.range], as: UTF8.self) }
    }

    @Test func longestMatchWinsAtTheLeftmostPosition() {
        let tokens = [AddedToken(id: 1, content: "<|im"), AddedToken(id: 2, content: "<|im_start|>")]
        #expect(split("a<|im_start|>b<|im", tokens) == ["a", "#2<|im_start|>", "b", "#1<|im"])
    }

    @Test func stripFlagsSwallowWhiteSpace() {
        let tokens = [AddedToken(id: 5, content: "<mask>", lstrip: true, rstrip: true)]
        #expect(split("a  <mask>  b", tokens) == ["a", "#5  <mask>  ", "b"])
    }

    @Test func singleWordTokensDoNotMatchInsideWords() {
        let tokens = [AddedToken(id: 7, content: "cat", singleWord: true)]
        #expect(split("cat concat cats cat", tokens) == ["#7cat", " concat cats ", "#7cat"])
        // Combining marks are word characters (Rust regex \w), so a mark before the token blocks it.
        #expect(split("e\u{301}cat", tokens) == ["e\u{301}cat"])
    }
}
