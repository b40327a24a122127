import Foundation
import Testing
@testable import Tokenizers

/// Every fixture tokenizer must encode the whole Unicode edge-case corpus to exactly the ids HF `tokenizers`
/// produced, and decode them to exactly HF's text.
@Suite struct TokenizerFixtureTests {
    static let names = ["gpt2", "llama3", "qwen2", "smollm", "llama2", "metaspace", "roberta", "quicktour", "bert_bpe"]

    @Test(arguments: names)
    func encodesLikeHuggingFace(name: String) throws {
        let tokenizer = try Fixtures.tokenizer(name)
        let expected = try Fixtures.expected(name)
        for c in expected.cases {
            let ids = tokenizer.encode(c.text)
            #expect(ids == c.ids, "\(name): \(c.text.debugDescription)")
            let plain = tokenizer.encode(c.text, addSpecialTokens: false)
            #expect(plain == c.idsWithoutSpecial, "\(name) without special tokens: \(c.text.debugDescription)")
        }
    }

    @Test(arguments: names)
    func decodesLikeHuggingFace(name: String) throws {
        let tokenizer = try Fixtures.tokenizer(name)
        for c in try Fixtures.expected(name).cases {
            #expect(tokenizer.decode(c.ids) == c.decoded, "\(name): \(c.text.debugDescription)")
            #expect(tokenizer.decode(c.ids, skipSpecialTokens: true) == c.decodedSkippingSpecial,
                    "\(name) skipping special: \(c.text.debugDescription)")
        }
    }

    /// Byte-level tokenizers lose nothing: decoding the ids gives back the text.
    @Test(arguments: ["gpt2", "llama3", "smollm"])
    func byteLevelRoundTripIsLossless(name: String) throws {
        let tokenizer = try Fixtures.tokenizer(name)
        for c in try Fixtures.expected(name).cases {
            let ids = tokenizer.encode(c.text, addSpecialTokens: false)
            #expect(tokenizer.decode(ids) == c.text, "\(name): \(c.text.debugDescription)")
        }
    }

    /// Random mixtures of scripts, marks, controls, white space, contractions and special tokens.
    @Test(arguments: names)
    func fuzzedTextEncodesLikeHuggingFace(name: String) throws {
        let tokenizer = try Fixtures.tokenizer(name)
        let fuzz = try Fixtures.expected(name).fuzz
        #expect(fuzz.count == 250)
        for (text, ids) in fuzz {
            #expect(tokenizer.encode(text, addSpecialTokens: false) == ids, "\(name): \(text.debugDescription)")
        }
    }

    @Test(arguments: names)
    func invalidUTF8IsReplacedLikePython(name: String) throws {
        let tokenizer = try Fixtures.tokenizer(name)
        for c in try Fixtures.expected(name).invalid {
            #expect(String(decoding: c.bytes, as: UTF8.self) == c.replaced, "\(c.bytes)")
            #expect(tokenizer.encode(bytes: c.bytes, addSpecialTokens: false) == c.ids, "\(name): \(c.bytes)")
        }
    }

    @Test(arguments: names)
    func pairsUseThePairTemplate(name: String) throws {
        let tokenizer = try Fixtures.tokenizer(name)
        let pair = try Fixtures.expected(name).pair
        #expect(tokenizer.encode(pair.a, pair: pair.b) == pair.ids)
    }
}
