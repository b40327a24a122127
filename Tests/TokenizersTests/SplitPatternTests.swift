import Testing
@testable import Tokenizers

/// The hand-written regex matchers against the splits HF `tokenizers` 0.23.3 gives (`Split(Regex(…), "isolated")`
/// `.pre_tokenize_str`), including the `\s+(?!\S)` give-back and `\s*[\r\n]+`.
@Suite struct SplitPatternTests {
    static let texts = ["a   b", "x \n\n  y", "end   ", "It'S 12345 ok!!\n\n", "don't 'RE", "\t\tcode();\r\n  next",
                        " 中文 😀👍🏽 ", "ab12c"]

    func split(_ text: String, _ pattern: SplitPattern) -> [String] {
        let bytes = Array(text.utf8)
        var segment = PreTokenizedSegment(bytes: bytes, pieces: [0..<bytes.count], atInputStart: true)
        var scratch = PreTokenizerScratch()
        PreTokenizer.split(.regex(pattern), behavior: .isolated, invert: false).apply(&segment, &scratch)
        return segment.pieces.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func gpt2() {
        let expected: [[String]] = [["a", "  ", " b"], ["x", " \n\n ", " y"], ["end", "   "],
                                    ["It", "'", "S", " 12345", " ok", "!!", "\n\n"], ["don", "'t", " '", "RE"],
                                    ["\t", "\t", "code", "();", "\r\n ", " next"], [" 中文", " 😀👍🏽", " "], ["ab", "12", "c"]]
        for (text, want) in zip(Self.texts, expected) { #expect(split(text, .gpt2) == want, "\(text.debugDescription)") }
    }

    @Test func llama3() {
        let expected: [[String]] = [["a", "  ", " b"], ["x", " \n\n", " ", " y"], ["end", "   "],
                                    ["It", "'S", " ", "123", "45", " ok", "!!\n\n"], ["don", "'t", " '", "RE"],
                                    ["\t", "\tcode", "();\r\n", " ", " next"], [" 中文", " 😀👍🏽", " "], ["ab", "12", "c"]]
        for (text, want) in zip(Self.texts, expected) { #expect(split(text, .llama3) == want, "\(text.debugDescription)") }
    }

    @Test func qwen2() {
        let expected: [[String]] = [["a", "  ", " b"], ["x", " \n\n", " ", " y"], ["end", "   "],
                                    ["It", "'S", " ", "1", "2", "3", "4", "5", " ok", "!!\n\n"], ["don", "'t", " '", "RE"],
                                    ["\t", "\tcode", "();\r\n", " ", " next"], [" 中文", " 😀👍🏽", " "], ["ab", "1", "2", "c"]]
        for (text, want) in zip(Self.texts, expected) { #expect(split(text, .qwen2) == want, "\(text.debugDescription)") }
    }

    @Test func recognisesOnlyKnownRegexes() {
        #expect(SplitPattern(regex: SplitPattern.gpt2Text) == .gpt2)
        #expect(SplitPattern(regex: SplitPattern.llama3CaseText) == .llama3)
        #expect(SplitPattern(regex: SplitPattern.qwen2Text) == .qwen2)
        #expect(SplitPattern(regex: #"\w+|[^\w\s]+"#) == nil)
    }

    @Test func everyScalarIsCovered() {
        // The matches tile the input: their lengths add up to the text, whatever it holds.
        let text = "\u{0}\u{7}\u{85}\u{A0}\u{2028}x\u{301}\u{FEFF}9\u{FF10}٣ 'll\r\r\n\n"
        for pattern in [SplitPattern.gpt2, .llama3, .qwen2] { #expect(split(text, pattern).joined() == text) }
    }
}
