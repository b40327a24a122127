import Datasets
import Foundation
import Runs
import Testing

/// `loom check` on data crafted with a known number of each defect, and `--show` against what `TrainingData`
/// feeds the training pass.
@Suite struct DataCheckTests {
    static func chat(_ turns: [(String, String)]) -> String {
        let messages = turns.map { "{\"role\": \"\($0.0)\", \"content\": \"\($0.1)\"}" }.joined(separator: ", ")
        return "{\"messages\": [\(messages)]}"
    }

    /// One line per defect (1-based lines in comments); long text is a word repeated past the sequence length.
    static func craftedLines() -> [String] {
        let long = String(repeating: "the ", count: 400)
        return [
            chat([("user", "Compute the sum of 2 and 3."), ("assistant", "5.")]),                  // 1 good
            "{bad json",                                                                             // 2 invalid
            "{\"text\": \"no messages here\"}",                                                      // 3 invalid
            chat([("user", long), ("assistant", "7.")]),                                             // 4 zero_trainable + truncated
            chat([("user", "Count."), ("assistant", long)]),                                         // 5 truncated + missing_eos
            chat([("user", "Compute the sum of 2 and 3."), ("assistant", "5.")]),                  // 6 duplicate of 1
            chat([("user", "compute the SUM of 2 and 3!!"), ("assistant", "5")]),                  // 7 near duplicate of 1
            chat([("user", "Hi."), ("tool", "{}"), ("assistant", "Hello.")]),                       // 8 unknown role (+ invalid)
            chat([("user", "A."), ("user", "B."), ("assistant", "C.")]),                            // 9 role order
            chat([("user", "Mean of 4 and 6?"), ("system", "Be brief."), ("assistant", "5.")]),    // 10 order + system dropped
        ]
    }

    static func crafted() throws -> (config: RunConfig, folder: URL) {
        let folder = try RunsTestSupport.temporaryFolder("check")
        let model = try RunsTestSupport.tinyModel(in: folder)
        let train = folder.appendingPathComponent("train.jsonl")
        try (craftedLines().joined(separator: "\n") + "\n").write(to: train, atomically: true, encoding: .utf8)
        let eval = folder.appendingPathComponent("eval.jsonl")
        try ([chat([("user", "Compute the sum of 2 and 3."), ("assistant", "5.")]),
              chat([("user", "Compute the sum of 8 and 1."), ("assistant", "9.")])].joined(separator: "\n") + "\n")
            .write(to: eval, atomically: true, encoding: .utf8)
        var config = RunsTestSupport.runConfig(model: model, data: train)
        config.data.format = .chat
        config.data.promptFormat = "alpaca"
        config.data.sequenceLength = 256
        config.data.eval = [eval.path]
        return (config, folder)
    }

    @Test func countsEveryCraftedDefectWithItsLines() throws {
        let (config, folder) = try Self.crafted()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try DataCheck.load(config: config).run()
        let train = report.train
        #expect(train.records == 10)
        #expect(train.lines(.invalid) == [2, 3, 8])
        #expect(train.lines(.zeroTrainable) == [4])
        #expect(train.lines(.truncated) == [4, 5])
        #expect(train.lines(.missingEOS) == [5])
        #expect(train.lines(.duplicates) == [6])
        #expect(train.lines(.nearDuplicates) == [7])
        #expect(train.lines(.unknownRoles) == [8])
        #expect(train.lines(.roleOrder) == [9, 10])
        #expect(train.lines(.systemDropped) == [10])
        #expect(train.count(.evalOverlap) == 0)
        #expect(train.truncatedTokensLost > 0)
        #expect(report.eval?.records == 2)
        #expect(report.eval?.lines(.evalOverlap) == [1])
        #expect(report.run.isEmpty)
        #expect(report.errors.isEmpty)

        // The JSON object carries the same counts and lines.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 10)
        #expect(object["invalid"] as? Int == 3)
        #expect(object["invalid_lines"] as? [Int] == [2, 3, 8])
        #expect(object["zero_trainable_lines"] as? [Int] == [4])
        #expect(object["truncated_lines"] as? [Int] == [4, 5])
        #expect(object["missing_eos_lines"] as? [Int] == [5])
        #expect(object["duplicates"] as? Int == 1)
        #expect(object["duplicates_lines"] as? [Int] == [6])
        #expect((object["eval"] as? [String: Any])?["eval_overlap_lines"] as? [Int] == [1])
    }

    @Test func aTemplateTheModelDoesNotUseIsAnError() throws {
        let (config, folder) = try Self.crafted()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tokenizerConfig = config.tokenizerFolderURL.appendingPathComponent("tokenizer_config.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: tokenizerConfig)) as? [String: Any])
        object["chat_template"] = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
        try JSONSerialization.data(withJSONObject: object).write(to: tokenizerConfig)
        let report = try DataCheck.load(config: config).run()
        #expect(report.run.map(\.kind) == [.templateMismatch])
        #expect(report.errors.first?.kind == .templateMismatch)
    }

    @Test func dataWhoseEveryExampleLacksAnEndIsAnError() throws {
        let (base, folder) = try Self.crafted()
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = base
        config.data.sequenceLength = 8
        let report = try DataCheck.load(config: config).run()
        #expect(report.errors.contains { $0.kind == .zeroTrainable || $0.kind == .missingEOS })
    }

    @Test func escapesDataTextInJSONAndSummary() throws {
        var report = CheckReport()
        report.train.findings = [CheckFinding(kind: .invalid, file: "x.jsonl", line: 1, message: "role '\u{1B}[2J\u{9B}'")]
        #expect(!report.json().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
        #expect(report.json().contains("\\u001b[2J\\u009b"))
        #expect(!report.summary().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
    }

    /// `--show` (and the lens) read the same ids and mask the training pass gets from `TrainingData`.
    @Test(arguments: [false, true]) func showEqualsWhatTheTrainingPassConsumes(packing: Bool) throws {
        let folder = try RunsTestSupport.temporaryFolder("show")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 6)
        var config = RunsTestSupport.runConfig(model: model, data: data)
        config.data.evalFraction = 0
        config.data.sequenceLength = 24
        config.data.packing = packing
        let check = try DataCheck.load(config: config)
        let training = try TrainingData.load(config: config, builder: check.builder,
                                             vocabSize: check.builder.tokenizer.vocabularySize, maxPositions: 4096,
                                             padId: check.builder.padId)
        var shown: [TrainedRecord] = []
        for line in 1...6 { shown.append(try check.show(line: line)) }
        #expect(shown.contains { $0.cutIndex != nil } == !packing)
        if packing {
            // One record shown alone packs into the sequences the trainer would make of that record alone.
            let example = try TrainingData.example(from: try Dataset.open(data).record(at: 0), builder: check.builder)
            let sequences = TrainingData.pack([example], length: 24, padId: check.builder.padId)
            let tokens = sequences.flatMap(\.tokens).prefix(example.ids.count)
            #expect(shown[0].tokens.map(\.id) == Array(tokens))
            let trained: [Bool] = sequences.flatMap { s -> [Bool] in s.labels.enumerated().map { $0.offset > 0 && $0.element != -100 } }
            #expect(shown[0].tokens.map(\.trained) == Array(trained.prefix(example.ids.count)))
            return
        }
        let learning = shown.filter { $0.trainedCount > 0 }
        #expect(learning.count == training.train.count)
        for (record, sequence) in zip(learning, training.train) {
            let inside = record.tokens.filter { !$0.cut }
            #expect(inside.map(\.id) == Array(sequence.tokens.prefix(inside.count)))
            let targets = sequence.labels.enumerated().map { $0.offset > 0 && $0.element != -100 }
            #expect(inside.map(\.trained) == Array(targets.prefix(inside.count)))
            #expect(targets.dropFirst(inside.count).allSatisfy { !$0 })
        }
        // One JSON line per token with id, text and trained.
        let first = try #require(shown.first?.tokens.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.jsonLine.utf8)) as? [String: Any])
        #expect(object["id"] as? Int == Int(first.id))
        #expect(object["trained"] as? Bool == first.trained)
        #expect(object["text"] is String)
    }
}
