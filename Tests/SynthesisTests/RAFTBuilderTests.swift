import Datasets
import Foundation
import Testing
import Tokenizers
@testable import Synthesis

/// A teacher whose replies are a function of what it is asked: questions name the chunk's first words; answers
/// quote the chunk's first sentence, except when the question asks for a bad answer.
final class FakeTeacher: Teacher {
    let name = "fake"
    private(set) var calls = 0
    var failOnCall: Int?

    func reply(to messages: [ChatMessage], maxTokens: Int) throws -> String {
        calls += 1
        if calls == failOnCall { throw TeacherError(teacher: name, problem: "timed out") }
        let prompt = messages.last?.content ?? ""
        let context = prompt.components(separatedBy: "Context: ").last?.components(separatedBy: "\n").first ?? ""
        let firstSentence = context.components(separatedBy: ". ").first ?? context
        if prompt.hasPrefix("Question: ") {
            if prompt.contains("invent") {
                return "##begin_quote## Something no document says. ##end_quote## <ANSWER>: made up"
            }
            if prompt.lowercased().contains("trail off") { return "Reasoning without an end." }
            return "##Reason: ##begin_quote## \(firstSentence) ##end_quote## <ANSWER>: \(context.prefix(12))"
        }
        let topic = context.split(separator: " ").prefix(3).joined(separator: " ")
        return "1. What does the text say about \(topic)?\n2) Please invent an answer about \(topic)?\n- Trail off about \(topic)?\nnot a question"
    }
}

@Suite struct RAFTBuilderTests {
    static let text = (1...6).map { "Topic \($0) is about subject number \($0). It has a second sentence here." }
        .joined(separator: "\n\n")

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-raft-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func options(p: Double = 1.0, seed: UInt64 = 3) -> RAFTBuildOptions {
        var options = RAFTBuildOptions()
        options.questionsPerChunk = 3
        options.distractors = 2
        options.p = p
        options.seed = seed
        options.chunkSize = 80
        return options
    }

    @Test func chunksEndAtSentences() {
        let chunks = RAFTChunker.split("One two.  Three\nfour? Five!\n\nSix seven eight nine ten eleven", chunkSize: 16)
        #expect(chunks == ["One two.", "Three four?", "Five!", "Six seven eight", "nine ten eleven"])
        #expect(RAFTChunker.split(Self.text, chunkSize: 80).count == 6)
    }

    @Test func apiDocsEntriesAreWholeChunks() throws {
        let candidates = ["/work/shared/data/raft/sample_data__apizoo.json",
                          FileManager.default.currentDirectoryPath + "/../shared/data/raft/sample_data__apizoo.json"]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            print("skipping: ../shared/data/raft/sample_data__apizoo.json is absent")
            return
        }
        let chunks = try RAFTChunker.chunks(fromFiles: [path], chunkSize: 64)
        #expect(chunks.count == 79)
        #expect(chunks.allSatisfy { $0.kind == .api })
        #expect(chunks[0].text.contains("Gmail API - Users.getProfile"))
        #expect(chunks[0].text.count > 64, "an API entry is not cut to the chunk size")
    }

    @Test func questionsAreParsedFromNumberedLines() {
        let questions = RAFTTeacherPrompts.parseQuestions("1. A?\n2) B?\n- A?\nno\n* C?", limit: 2)
        #expect(questions == ["A?", "B?"])
        #expect(RAFTTeacherPrompts.parseQuestions("just lines\nmore", limit: 5) == ["just lines", "more"])
    }

    @Test func buildsGorillaRecordsAndSetsAsideWeakOnes() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("notes.md")
        try Self.text.write(to: source, atomically: true, encoding: .utf8)
        let chunks = try RAFTChunker.chunks(fromFiles: [source.path], chunkSize: 80)
        #expect(chunks.count == 6)
        let output = dir.appendingPathComponent("raft.jsonl")
        var seen: [RAFTBuildProgress] = []
        let result = try RAFTBuilder(chunks: chunks, options: options(), teacher: FakeTeacher())
            .build(output: output) { seen.append($0) }
        #expect(result.chunksDone == 6)
        #expect(result.accepted == 6)
        #expect(result.rejected == 12)
        #expect(seen.count == 7)

        // What was kept reads back as clean gorilla data with every oracle present (P = 1).
        let file = try RAFTFile(path: output.path)
        file.dataset.waitUntilIndexed(timeout: 30)
        #expect(file.schema == .gorilla)
        let report = try RAFTValidator.validate(file)
        #expect(report.count(.records) == 6)
        #expect(report.count(.oraclePresent) == 6)
        #expect(!report.hasProblems)
        let record = try file.record(at: 0).get()
        #expect(record.documents.count == 3)
        #expect(record.id == "raft_0_0")
        #expect(record.question == "What does the text say about Topic 1 is?")

        // What was set aside says why.
        let rejected = try String(contentsOf: RAFTBuilder.rejectedURL(for: output), encoding: .utf8)
        let reasons = rejected.split(separator: "\n").compactMap { try? JSONParser.parse(String($0))["reason"]?.stringValue }
        #expect(reasons.count == 12)
        #expect(reasons.filter { $0.hasPrefix("a quote that is not in the oracle") }.count == 6)
        #expect(reasons.filter { $0 == "no <ANSWER>: in the teacher's answer" }.count == 6)
    }

    @Test func theSameSeedAndRepliesGiveTheSameFileResumedOrNot() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let chunks = RAFTChunker.split(Self.text, chunkSize: 80).enumerated().map {
            RAFTChunk(index: $0, source: "notes", text: $1)
        }
        let whole = dir.appendingPathComponent("whole.jsonl")
        try RAFTBuilder(chunks: chunks, options: options(p: 0.5), teacher: FakeTeacher()).build(output: whole)

        // Stopped after two chunks, then resumed by a second run.
        let resumed = dir.appendingPathComponent("resumed.jsonl")
        var done = 0
        let first = try RAFTBuilder(chunks: chunks, options: options(p: 0.5), teacher: FakeTeacher())
            .build(output: resumed, progress: { done = $0.chunksDone }, shouldStop: { done >= 2 })
        #expect(first.chunksDone == 2)
        let teacher = FakeTeacher()
        let second = try RAFTBuilder(chunks: chunks, options: options(p: 0.5), teacher: teacher).build(output: resumed)
        #expect(second.chunksSkipped == 2)
        #expect(second.chunksDone == 6)
        #expect(teacher.calls == 4 * 4, "only the four chunks left asked the teacher (1 + 3 calls each)")
        #expect(try Data(contentsOf: whole) == Data(contentsOf: resumed))

        // P = 0.5 leaves some oracles out; another seed draws differently.
        let file = try RAFTFile(path: whole.path)
        file.dataset.waitUntilIndexed(timeout: 30)
        let report = try RAFTValidator.validate(file)
        #expect(report.count(.oracleAbsent) > 0 && report.count(.oraclePresent) > 0)
        let other = dir.appendingPathComponent("other.jsonl")
        try RAFTBuilder(chunks: chunks, options: options(p: 0.5, seed: 4), teacher: FakeTeacher()).build(output: other)
        #expect(try Data(contentsOf: whole) != Data(contentsOf: other))
    }

    @Test func aBuildNeverAppendsToSomeoneElsesFileOrMixesOptions() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let chunks = [RAFTChunk(index: 0, source: "a", text: "Alpha is first. It leads."),
                      RAFTChunk(index: 1, source: "b", text: "Beta is second. It follows.")]
        let foreign = dir.appendingPathComponent("mine.jsonl")
        try "{}\n".write(to: foreign, atomically: true, encoding: .utf8)
        #expect(throws: RAFTBuildError.self) {
            try RAFTBuilder(chunks: chunks, options: options(), teacher: FakeTeacher()).build(output: foreign)
        }
        let output = dir.appendingPathComponent("raft.jsonl")
        try RAFTBuilder(chunks: chunks, options: options(), teacher: FakeTeacher()).build(output: output)
        do {
            try RAFTBuilder(chunks: chunks, options: options(seed: 9), teacher: FakeTeacher()).build(output: output)
            Issue.record("a build with another seed continued the file")
        } catch {
            #expect(error.problem.contains("other options"))
        }
    }

    @Test func aTeacherFailureSetsTheQuestionAsideAndGoesOn() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let chunks = [RAFTChunk(index: 0, source: "a", text: "Alpha is first. It leads.")]
        let teacher = FakeTeacher()
        teacher.failOnCall = 2
        let output = dir.appendingPathComponent("raft.jsonl")
        let result = try RAFTBuilder(chunks: chunks, options: options(), teacher: teacher).build(output: output)
        #expect(result.accepted == 0)
        #expect(result.rejected == 3)
        let rejected = try String(contentsOf: RAFTBuilder.rejectedURL(for: output), encoding: .utf8)
        #expect(rejected.contains("teacher fake: timed out"))
    }
}

/// A model that answers from the first document when it is told so by the question.
final class FakeStudent: Teacher {
    let name = "student"
    func reply(to messages: [ChatMessage], maxTokens: Int) throws -> String {
        let prompt = messages.last?.content ?? ""
        if prompt.hasSuffix("silent?") { return "I do not know." }
        if prompt.hasSuffix("sentence?") { return "##Reason: … <ANSWER>: It is \"Khartoum\", I think." }
        return "##Reason: … <ANSWER>: khartoum!"
    }
}

@Suite struct RAFTEvaluatorTests {
    @Test func accuracyOverallAndByOracle() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-raft-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func row(_ question: String, oracle: String, answer: String) -> String {
            #"{"question": "\#(question)", "context": {"sentences": [["The branches meet at Khartoum.", "Other text."]]}, "oracle_context": "\#(oracle)", "cot_answer": "<ANSWER>: \#(answer)"}"#
        }
        let rows = [row("Where?", oracle: "The branches meet at Khartoum.", answer: "Khartoum"),
                    row("In a sentence?", oracle: "The branches meet at Khartoum.", answer: "Khartoum"),
                    row("Stay silent?", oracle: "Left out.", answer: "Khartoum"),
                    row("Wrong?", oracle: "Left out.", answer: "Omdurman"),
                    #"{"question": "No answer?", "context": {"sentences": [["x"]]}, "cot_answer": null}"#]
        let path = folder.appendingPathComponent("eval.jsonl")
        try (rows.joined(separator: "\n") + "\n").write(to: path, atomically: true, encoding: .utf8)
        let file = try RAFTFile(path: path.path)
        file.dataset.waitUntilIndexed(timeout: 30)
        var streamed = 0
        let evaluation = try RAFTEvaluator(model: FakeStudent()).evaluate(file) { _ in streamed += 1 }
        #expect(streamed == 4)
        #expect(evaluation.overall == .init(records: 4, exact: 1, contains: 2, withoutAnswer: 1))
        #expect(evaluation.oraclePresent == .init(records: 2, exact: 1, contains: 2, withoutAnswer: 0))
        #expect(evaluation.oracleAbsent == .init(records: 2, exact: 0, contains: 0, withoutAnswer: 1))
        #expect(evaluation.skipped.map(\.line) == [5])
        #expect(evaluation.results[1].predicted == "It is \"Khartoum\", I think.")
        #expect(RAFTAnswerMatch(predicted: "the Nile river", expected: "Nile").contains)
        #expect(!RAFTAnswerMatch(predicted: "Nilegraph", expected: "Nile").contains)
    }
}
