import Testing
@testable import Tokenizers

/// The BPE model's merge loop and its shortcuts.
@Suite struct BPEModelTests {
    func model(_ vocab: [String: UInt32], _ merges: [(String, String)], byteFallback: Bool = false,
               unknown: String? = nil, fuse: Bool = false) throws -> BPEModel {
        try BPEModel(vocab: vocab, merges: merges, unknownToken: unknown, fuseUnknown: fuse, byteFallback: byteFallback,
                     ignoreMerges: false, continuingSubwordPrefix: nil, endOfWordSuffix: nil, byteLevel: false)
    }

    func encode(_ m: BPEModel, _ text: String) -> [UInt32] {
        var ids: [UInt32] = []
        Array(text.utf8).withUnsafeBufferPointer { m.encode($0, BPEState(), into: &ids) }
        return ids
    }

    @Test func lowestRankMergesFirstLeftmostOnTies() throws {
        let m = try model(["a": 0, "b": 1, "ab": 2, "ba": 3, "aa": 4],
                          [("a", "a"), ("a", "b"), ("b", "a")])
        // "aab": (a,a) has rank 0 → "aa","b"; no merge for (aa,b).
        #expect(encode(m, "aab") == [4, 1])
        // "aaa": leftmost (a,a) first → "aa","a".
        #expect(encode(m, "aaa") == [4, 0])
        // "bab": (a,b) rank 1 beats (b,a) rank 2 → "b","ab".
        #expect(encode(m, "bab") == [1, 2])
    }

    @Test func unknownCharactersFuseOrFallBackToBytes() throws {
        let vocab: [String: UInt32] = ["<unk>": 0, "a": 1, "<0xC3>": 2, "<0xA9>": 3]
        #expect(encode(try model(vocab, [], unknown: "<unk>", fuse: true), "a€€a") == [1, 0, 1])
        #expect(encode(try model(vocab, [], unknown: "<unk>", fuse: false), "a€€a") == [1, 0, 0, 1])
        #expect(encode(try model(vocab, [], byteFallback: true, unknown: "<unk>"), "aé") == [1, 2, 3])
        // No unknown token: HF drops the character.
        #expect(encode(try model(vocab, []), "a€a") == [1, 1])
    }

    @Test func cutsBeforeMetaspaceOnlyWhenNoMergeCrossesIt() throws {
        #expect(try Fixtures.tokenizer("llama2").model.cutsBeforeMetaspace)
        #expect(!(try Fixtures.tokenizer("gpt2").model.cutsBeforeMetaspace))
        let crossing = try model(["a": 0, "▁": 1, "a▁": 2], [("a", "▁")])
        #expect(!crossing.cutsBeforeMetaspace)
    }
}
