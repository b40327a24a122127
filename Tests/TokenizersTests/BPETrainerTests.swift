import Foundation
import Testing
@testable import Tokenizers

/// Loom's trainer must reproduce HF `BpeTrainer` merge for merge (same ids, same tie-breaking).
@Suite struct BPETrainerTests {
    struct Expectation {
        var vocabularySize: Int
        var minimumFrequency: Int
        var specialTokens: [String]
        var pattern: SplitPattern
        var merges: [(String, String)]
        var vocab: [String: UInt32]
        var probe: [(String, [UInt32])]
    }

    func load(_ name: String) throws -> Expectation {
        let data = try Data(contentsOf: Fixtures.directory.appendingPathComponent("\(name).expected.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let merges = (root["merges"] as! [[String]]).map { ($0[0], $0[1]) }
        let vocab = (root["vocab"] as! [String: NSNumber]).mapValues { $0.uint32Value }
        let probe = (root["probe"] as! [[String: Any]]).map {
            ($0["text"] as! String, ($0["ids"] as! [NSNumber]).map(\.uint32Value))
        }
        return Expectation(vocabularySize: (root["vocab_size"] as! NSNumber).intValue,
                           minimumFrequency: (root["min_frequency"] as! NSNumber).intValue,
                           specialTokens: root["special_tokens"] as! [String],
                           pattern: (root["pattern"] as! String) == "gpt2" ? .gpt2 : .llama3,
                           merges: merges, vocab: vocab, probe: probe)
    }

    func check(_ name: String, files: [String]) throws {
        let e = try load(name)
        let trainer = BPETrainer(vocabularySize: e.vocabularySize, minimumFrequency: e.minimumFrequency,
                                 specialTokens: e.specialTokens, pattern: e.pattern)
        let tokenizer = try trainer.train(files: files)
        let merges = tokenizer.model.merges
        #expect(merges.count == e.merges.count)
        let firstDifference = Array(zip(merges, e.merges)).firstIndex { $0.0 != $1.0 || $0.1 != $1.1 }
        #expect(firstDifference == nil, "\(name): first different merge at \(firstDifference ?? -1)")
        #expect(tokenizer.model.vocab == e.vocab)
        for (text, ids) in e.probe {
            #expect(tokenizer.encode(text) == ids, "\(name): \(text.debugDescription)")
        }
        // What Loom writes loads back in Loom unchanged (HF loading it is checked by check_trained.py).
        let reloaded = try Tokenizer(json: Data(TokenizerFileWriter.json(tokenizer).utf8), source: "written")
        #expect(reloaded.model.vocab == tokenizer.model.vocab)
        for (text, ids) in e.probe { #expect(reloaded.encode(text) == ids) }
    }

    @Test func matchesHuggingFaceOnTheFixtureCorpus() throws {
        try check("trainer_corpus", files: [Fixtures.path("trainer_corpus.txt")])
    }

    @Test func matchesHuggingFaceWithTheLlama3Pattern() throws {
        try check("trainer_corpus_llama3", files: [Fixtures.path("trainer_corpus.txt")])
    }

    /// Real text from the shared data folder; skipped when it is absent (a checkout without ../shared).
    @Test func matchesHuggingFaceOnTinyShakespeare() throws {
        let path = Fixtures.directory.path + "/../../../../../../shared/data/text/tinyshakespeare_input.txt"
        let candidates = [path, "/work/shared/data/text/tinyshakespeare_input.txt",
                          FileManager.default.currentDirectoryPath + "/../shared/data/text/tinyshakespeare_input.txt"]
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            print("skipping: ../shared/data/text/tinyshakespeare_input.txt is absent")
            return
        }
        try check("trainer_shakespeare", files: [file])
    }

    @Test func rejectsAVocabularySmallerThanTheAlphabet() {
        #expect(throws: TokenizerError.self) {
            try BPETrainer(vocabularySize: 100).train(counts: BPETrainer(vocabularySize: 100).countWords(in: ["abc"]))
        }
    }

    @Test func minimumFrequencyStopsMerging() throws {
        let trainer = BPETrainer(vocabularySize: 1000, minimumFrequency: 3)
        let t = try trainer.train(counts: trainer.countWords(in: ["aaa bb aaa bb aaa cc\n"]))
        // "aaa" occurs three times; "bb" twice, so only merges of pairs seen at least three times are learned.
        #expect(t.model.merges.allSatisfy { !$0.0.contains("b") && !$0.1.contains("c") })
        #expect(t.model.merges.count >= 1)
    }
}
