import Testing
@testable import Tokenizers

/// Streaming decode emits whole characters only, and the pieces add up to the full decode.
@Suite struct StreamingDecoderTests {
    @Test(arguments: ["gpt2", "llama3", "qwen2", "llama2", "metaspace"])
    func streamedPiecesConcatenateToTheFullDecode(name: String) throws {
        let tokenizer = try Fixtures.tokenizer(name)
        for c in try Fixtures.expected(name).cases {
            var stream = tokenizer.makeStreamingDecoder()
            var text = ""
            for id in c.ids {
                if let piece = stream.step(id) {
                    #expect(!piece.unicodeScalars.contains("\u{FFFD}") || c.decoded.unicodeScalars.contains("\u{FFFD}"),
                            "\(name): a split character leaked as U+FFFD in \(c.text.debugDescription)")
                    text += piece
                }
            }
            text += stream.finish()
            #expect(text == c.decoded, "\(name): \(c.text.debugDescription)")
        }
    }

    @Test func multiByteCharacterIsHeldUntilComplete() throws {
        let tokenizer = try Fixtures.tokenizer("llama2")
        // "𝄞" (never in the training text) has no piece of its own: it is four byte-fallback tokens.
        let ids = tokenizer.encode("𝄞", addSpecialTokens: false)
        let byteIds = ids.filter { tokenizer.token(for: $0)?.hasPrefix("<0x") == true }
        #expect(byteIds.count == 4)
        var stream = tokenizer.makeStreamingDecoder()
        var emitted: [String] = []
        for id in ids { if let s = stream.step(id) { emitted.append(s) } }
        #expect(emitted.joined() == "𝄞")
        #expect(emitted.last == "𝄞")
    }
}
