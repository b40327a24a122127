import Foundation
import Testing
import Tokenizers
@testable import Synthesis

/// A teacher whose replies follow from the prompt: five questions per prompt numbered by a counter (one repeating the
/// previous prompt's, one the judges call bad, one whose answer they rate 1 of 3), answers that echo the question,
/// and for knowledge two pairs and a piece without an answer. Every fifth question prompt gets prose with no
/// questions, to check lenient reading.
final class FakeSDGTeacher: Teacher {
    let name = "fake-sdg"
    private var questionsAsked = 0

    func reply(to messages: [ChatMessage], maxTokens: Int) throws -> String {
        let prompt = messages.last?.content ?? ""
        if prompt.contains("Reply YES or NO") {
            return prompt.contains("BAD") ? "No, it is not." : "YES"
        }
        if prompt.contains("Rate the answer") { return prompt.contains("MEDIOCRE") ? "1" : "Rating: 3" }
        if prompt.contains("Write one new context") { return "[Context]\nA generated context about rivers.\n" }
        if prompt.contains("Write the answer after [Answer]") {
            let question = prompt.components(separatedBy: "[Question]\n").last?.components(separatedBy: "\n").first ?? ""
            return "[Answer]\nThe answer to \(question)\n[End]"
        }
        if prompt.contains("questions about the document above with their answers") {
            questionsAsked += 1
            let n = questionsAsked
            return "[Question] What does part \(n) say?\n[Answer] Part \(n) says something.\n[End]\n"
                + "Question: Which BAD thing is in part \(n)?\nAnswer: None.\n"
                + "[Question] A question with no answer \(n)"
        }
        if prompt.contains("new questions") {
            questionsAsked += 1
            let n = questionsAsked
            if n % 5 == 0 { return "Here are some thoughts but no questions at all" }
            return "[Question] What is thing number \(n)?\n[Question] What is thing number \(n - 1)?\n"
                + "[Question] Is this a BAD question \(n)?\n[Question] Explain MEDIOCRE topic \(n).\n"
                + "[question] Tell me about other item \(n)?"
        }
        return "?"
    }
}

@Suite struct SeedGeneratorTests {
    static let skill = SeedSet(kind: .freeform, description: "Answer questions about things.", examples: (1...5).map {
        SeedSet.Example(context: nil, question: "Seed question \($0)?", answer: "Seed answer \($0).")
    })

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-sdg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func lines(_ url: URL) -> [String] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func options(count: Int) -> SeedGenerationOptions {
        var options = SeedGenerationOptions()
        options.count = count
        options.seed = 4
        options.questionsPerPrompt = 5
        return options
    }

    @Test func freeformRowsAreJudgedDedupedAndKeptWithReasons() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try SeedGenerator(seeds: Self.skill, options: options(count: 5), teacher: FakeSDGTeacher()).generate(into: dir)
        #expect(result.accepted == 5)
        let kept = lines(SeedGenerator.acceptedURL(in: dir))
        #expect(kept.count == 5)
        #expect(kept.allSatisfy { $0.hasPrefix("{\"messages\":[{\"role\":\"user\"") && !$0.contains("BAD") && !$0.contains("MEDIOCRE") })
        let rejected = lines(SeedGenerator.rejectedURL(in: dir)).joined(separator: "\n")
        #expect(rejected.contains("judge (question quality): no"))
        #expect(rejected.contains("judge (pair rating): 1 of 3"))
        #expect(rejected.contains("duplicate: the same question was generated before"))
        #expect(rejected.contains("the teacher wrote no questions") == (result.unparsed > 0))
    }

    @Test func aStoppedRunResumesToTheSameFiles() throws {
        let whole = try folder(), parts = try folder()
        defer { try? FileManager.default.removeItem(at: whole); try? FileManager.default.removeItem(at: parts) }
        try SeedGenerator(seeds: Self.skill, options: options(count: 8), teacher: FakeSDGTeacher()).generate(into: whole)
        // The fake teacher's replies follow its own count of prompts, so the stopped run and its resumption share one
        // teacher: together they ask it what the whole run asked.
        var tasks = 0
        let teacher = FakeSDGTeacher()
        try SeedGenerator(seeds: Self.skill, options: options(count: 8), teacher: teacher).generate(into: parts, shouldStop: {
            tasks += 1
            return tasks > 2
        })
        let first = lines(SeedGenerator.acceptedURL(in: parts)).count
        #expect(first < 8)
        let resumed = try SeedGenerator(seeds: Self.skill, options: options(count: 8), teacher: teacher).generate(into: parts)
        #expect(resumed.accepted == 8 && resumed.tasksSkipped == 2)
        #expect(lines(SeedGenerator.acceptedURL(in: parts)) == lines(SeedGenerator.acceptedURL(in: whole)))
        var other = options(count: 8)
        other.seed = 5
        #expect(throws: RAFTBuildError.self) { try SeedGenerator(seeds: Self.skill, options: other, teacher: teacher).generate(into: parts) }
    }

    @Test func knowledgePairsComeFromChunksAndUnreadablePiecesAreCounted() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seeds = SeedSet(kind: .knowledge, description: "rivers: notes on rivers", examples: (1...5).map {
            SeedSet.Example(context: "Context \($0).", question: "Q\($0)?", answer: "A\($0).")
        })
        var settings = options(count: 3)
        settings.maxTasks = 10
        let result = try SeedGenerator(seeds: seeds, chunks: ["Chunk one text.", "Chunk two text."], options: settings,
                                       teacher: FakeSDGTeacher()).generate(into: dir)
        #expect(result.accepted == 3)
        #expect(result.unparsed == 3, "one answerless piece per task")
        let rejected = lines(SeedGenerator.rejectedURL(in: dir)).joined(separator: "\n")
        #expect(rejected.contains("judge (faithfulness): no") || rejected.contains("judge (relevancy): no") || rejected.contains("judge (question quality): no"))
        #expect(rejected.contains("could not be read as [Question]"))
        #expect(lines(SeedGenerator.acceptedURL(in: dir)).allSatisfy { $0.contains("\"context\":\"Chunk ") })
    }

    @Test func lenientParsing() {
        let parsed = SeedGenerationPrompts.parsePairs("Question: One?\nAnswer: Yes.\n[question] Two?\n[ANSWER] No. [End]\n[Question] Three?")
        #expect(parsed.pairs.map(\.question) == ["One?", "Two?"])
        #expect(parsed.pairs.map(\.answer) == ["Yes.", "No."])
        #expect(parsed.unparsed == ["Three?"])
        #expect(SeedGenerationPrompts.verdict("**Yes**, it is.") == true)
        #expect(SeedGenerationPrompts.verdict("Nope") == nil)
        #expect(SeedGenerationPrompts.rating("I'd give it a 2/3") == 2)
        var duplicates = NearDuplicates(threshold: 0.8)
        #expect(duplicates.check("What is the capital of France?") == nil)
        #expect(duplicates.check("what is the capital of france ?") != nil)
        #expect(duplicates.check("What is the capital city of Spain?") == nil)
    }
}
