import Foundation
import Testing
@testable import Detector

/// `loom detect score` through the library: bad records reported and skipped, abstention, decisions, the cache.
@Suite struct DatasetScorerTests {
    static let longText = Array(repeating: "The committee met on Tuesday to discuss the budget, and the members agreed that the plan needed more work before it could be approved by the council.", count: 6).joined(separator: " ")

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-detect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func jsonString(_ s: String) -> String { JSONLine.quote(s) }

    @Test func scoresSkipsAndAbstains() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.jsonl")
        let lines = [
            "{\"text\": \(jsonString(Self.longText))}",
            "{\"text\": \"Too short to judge.\"}",
            "{\"body\": \"no text field\"}",
            "{\"text\": \"\"}",
            "{\"text\": \"\\u0000binary\"}",
            "not json at all",
            "{\"text\": 12}",
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let scorer = DatasetScorer(source: try ModelFreeStatistic(detector: .bundled()),
                                   rule: .defaultRule(.stats, classifier: try .bundled()))
        var out: [String] = []
        let summary = try scorer.run(path: file.path, field: "text", explain: true, useCache: true,
                                     output: { out.append($0) }, note: { Issue.record("unexpected note: \($0)") })
        #expect(out.count == 7)
        #expect(summary.scored == 2 && summary.skipped == 5 && summary.abstained == 1)
        let parsed = try out.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(parsed.map { $0["line"] as? Int } == [1, 2, 3, 4, 5, 6, 7])
        #expect(["machine", "human"].contains(parsed[0]["decision"] as? String))
        #expect(parsed[0]["method"] as? String == "stats")
        let score = parsed[0]["score"] as! Double
        #expect(score >= 0 && score <= 1)
        #expect(parsed[0]["explain"] != nil)
        #expect(parsed[1]["decision"] as? String == "abstain")
        #expect((parsed[1]["reason"] as? String)?.contains("too short") == true)
        #expect(parsed[2]["error"] as? String == "no \"text\" field")
        #expect(parsed[3]["error"] as? String == "empty text")
        #expect((parsed[4]["error"] as? String)?.contains("binary") == true)
        #expect(parsed[5]["error"] != nil && parsed[6]["error"] != nil)

        // The cache lives beside the dataset, never inside it, and a second run reads every score from it.
        let cacheFolder = folder.appendingPathComponent(".loom/detect")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path).count == 1)
        var again: [String] = []
        let second = try scorer.run(path: file.path, field: "text", explain: false, useCache: true,
                                    output: { again.append($0) }, note: { _ in })
        #expect(second.cached == 2)
        #expect(again[0].hasPrefix(out[0].components(separatedBy: ",\"explain\"")[0]))
    }

    @Test func outputNeverCarriesRawControlCharacters() {
        let line = DatasetScorer.errorLine(3, "bad \u{1B}[31m field \u{9B} \n")
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value <= 0x9F) })
        #expect(line.contains("\\u001b") && line.contains("\\u009b") && line.contains("\\n"))
    }

    @Test func reportsUndecodableText() {
        #expect(TextCheck.problem(String(repeating: "\u{FFFD}", count: 5) + "abc")?.contains("invalid UTF-8") == true)
        #expect(TextCheck.problem(" \n\t ") == "empty text")
        #expect(TextCheck.problem("fine text") == nil)
    }

    @Test func refusesModelsWithDifferentTokenizers() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TokenizersTests/Fixtures")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, tokenizer) in [("a", "gpt2"), ("b", "llama3"), ("c", "gpt2")] {
            let model = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent("\(tokenizer).tokenizer.json"),
                                             to: model.appendingPathComponent("tokenizer.json"))
        }
        let a = folder.appendingPathComponent("a").path, b = folder.appendingPathComponent("b").path
        do {
            try LanguageModelStatistic.checkSameTokenizer(a, b)
            Issue.record("different tokenizers were accepted")
        } catch let error as DetectorError {
            #expect(error.description.contains(a) && error.description.contains(b))
        }
        try LanguageModelStatistic.checkSameTokenizer(a, folder.appendingPathComponent("c").path)
    }
}
