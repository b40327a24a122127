import Foundation
import Testing
@testable import Datasets

@Suite struct RAFTReaderTests {
    typealias F = RAFTFixtures

    @Test func gorillaSchemaTellsTheOracleFromOracleContext() throws {
        let folder = try TestFolder()
        let cot = F.cot(quoting: ["The Nile is the longest river in Africa. It flows north into"], answer: "the Nile")
        let row = F.gorilla(question: "Which is the longest river in Africa?", documents: [F.kilimanjaro, F.nile, F.sahara],
                            oracle: F.nile, cot: cot, titles: ["Kilimanjaro", "Nile", "Sahara"])
        let file = try F.file([row], in: folder)
        #expect(file.schema == .gorilla)
        let record = try file.record(at: 0).get()
        #expect(record.line == 1)
        #expect(record.id == "seed_task_0")
        #expect(record.question == "Which is the longest river in Africa?")
        #expect(record.documents.map(\.role) == [.distractor, .oracle, .distractor])
        #expect(record.documents.map(\.title) == ["Kilimanjaro", "Nile", "Sahara"])
        #expect(record.oracleEvidence == .oracleContext)
        #expect(record.oraclePresent == true)
        #expect(record.finalAnswer == "the Nile")
        #expect(record.quotes.count == 1)
        let quote = try #require(record.quotes.first)
        #expect(quote.placement == .oracle)
        // The quote spans a newline and a double space in the document: found, and mapped back to its own text.
        let location = try #require(quote.locations.first)
        #expect(location.document == 1)
        let characters = Array(F.nile)
        #expect(String(characters[location.range]) == "The Nile is the longest river in Africa.\nIt flows north  into")
        let cotCharacters = Array(cot)
        #expect(String(cotCharacters[quote.range]) == quote.text)
        #expect(record.prompt.hasPrefix("<DOCUMENT>Mount Kilimanjaro"))
    }

    @Test func oracleContextInNoDocumentMeansTheOracleWasLeftOut() throws {
        let folder = try TestFolder()
        let row = F.gorilla(question: "Where does the Nile flow?", documents: [F.kilimanjaro, F.sahara], oracle: F.nile,
                            cot: F.cot(quoting: ["The Nile crosses its eastern part.", "It flows north into"],
                                       answer: "north"))
        let record = try F.file([row], in: folder).record(at: 0).get()
        #expect(record.oraclePresent == false)
        #expect(record.documents.map(\.role) == [.distractor, .distractor])
        // RAFT still quotes the oracle it left out: that quote is in the oracle, not nowhere.
        #expect(record.quotes.map(\.placement) == [.onlyDistractor, .oracleLeftOut])
        #expect(RAFTRecordFlag.flags(of: record).contains(.oracleAbsent))
    }

    @Test func earlySchemaOfTheSharedData() throws {
        guard let path = F.sharedFile("sample_cal__sample_cal.jsonl") else {
            print("skipping: ../shared/data/raft/sample_cal__sample_cal.jsonl is absent")
            return
        }
        let file = try RAFTFile(path: path)
        file.dataset.waitUntilIndexed(timeout: 30)
        #expect(file.schema == .early)
        let records = try file.allRecords()
        #expect(records.count == 9)
        for record in records {
            #expect(record.schema == .early)
            #expect(record.documents.count == 3)
            #expect(record.question != nil)
            #expect(record.cotAnswer == nil)
            #expect(record.finalAnswer != nil)
            #expect(record.documents.allSatisfy { $0.displayTitle.isEmpty })
        }
        // No oracle_context and no quotes: the answer decides where it occurs in exactly one document.
        #expect(records[0].answerField == "\"Let there be light\"")
        #expect(records[0].oracleEvidence == .answer)
        #expect(records[0].documents.map(\.role) == [.distractor, .oracle, .distractor])
        #expect(records.filter { $0.oraclePresent == true }.map(\.line) == [1, 2, 3, 4, 6, 7])
        #expect(records[4].oracleEvidence == .undetermined("the answer occurs in documents 1, 3"))
        #expect(records[8].oracleEvidence == .undetermined("the answer occurs in no document"))
        #expect(records[4].documents.allSatisfy { $0.role == .unknown })

        if let other = F.sharedFile("sample_ds4__sample_ds4.jsonl") {
            let ds4 = try RAFTFile(path: other)
            ds4.dataset.waitUntilIndexed(timeout: 30)
            #expect(ds4.schema == .early)
            #expect(try ds4.allRecords().allSatisfy { $0.documents.count == 4 })
        }
    }

    @Test func earlySchemaCrafted() throws {
        let folder = try TestFolder()
        let row = F.line(["id": "seed_task_3", "type": "general", "question": "What is the highest mountain in Africa?",
                          "context": ["title": [["placeholder_title", "placeholder_title"]], "sentences": [[F.sahara, F.kilimanjaro]]],
                          "answer": "Mount Kilimanjaro", "cot_answer": NSNull()])
        let file = try F.file([row], in: folder)
        #expect(file.schema == .early)
        let record = try file.record(at: 0).get()
        #expect(record.finalAnswer == "Mount Kilimanjaro")
        #expect(record.answerTag == nil)
        #expect(record.documents.map(\.role) == [.distractor, .oracle])
        let flags = RAFTRecordFlag.flags(of: record)
        #expect(flags.contains(.missingCotAnswer))
        #expect(!flags.contains(.missingAnswer))
    }

    @Test func completionExportReadsDocumentsBackFromThePrompt() throws {
        let folder = try TestFolder()
        let cot = F.cot(quoting: ["It is a dormant volcano."], answer: "a dormant volcano")
        let file = try F.file([F.completion(documents: [F.nile, F.kilimanjaro], question: "What is Kilimanjaro?", cot: cot)],
                              in: folder)
        #expect(file.schema == .completion)
        let record = try file.record(at: 0).get()
        #expect(record.question == "What is Kilimanjaro?")
        #expect(record.documents.map(\.text) == [F.nile, F.kilimanjaro])
        #expect(record.finalAnswer == "a dormant volcano")
        #expect(record.oracleEvidence == .quotes)
        #expect(record.documents.map(\.role) == [.distractor, .oracle])
        #expect(record.quotes.first?.placement == .oracle)
    }

    @Test func chatExportReadsTheUserAndAssistantMessages() throws {
        let folder = try TestFolder()
        let cot = F.cot(quoting: ["The Sahara is the largest hot desert."], answer: "the Sahara")
        let file = try F.file([F.chat(documents: [F.sahara, F.nile], question: "Which desert is largest?", cot: cot)],
                              in: folder)
        #expect(file.schema == .chat)
        let record = try file.record(at: 0).get()
        #expect(record.question == "Which desert is largest?")
        #expect(record.cotAnswer == cot)
        #expect(record.documents.map(\.role) == [.oracle, .distractor])
    }

    @Test func ordinaryChatAndCompletionFilesAreNotTakenForRAFT() throws {
        let chat = try JSONParser.parse(#"{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}"#)
        let completion = try JSONParser.parse(#"{"prompt": "2+2=", "completion": "4"}"#)
        #expect(RAFTSchema.detect(chat) == nil)
        #expect(RAFTSchema.detect(completion) == nil)
        #expect(RAFTSchema.detect(.string("x")) == nil)
        // Named, the schema is used anyway and the missing parts are flagged rather than refused.
        let record = try RAFTRecordParser.parse(completion, schema: .completion, row: 0, line: 7)
        #expect(record.documents.isEmpty)
        #expect(RAFTRecordFlag.flags(of: record).contains(.missingDocuments))
        #expect(RAFTSchema(name: "Chat") == .chat)
    }

    @Test func aTieOfQuotesLeavesTheOracleUnknown() throws {
        let shared = "in Africa"
        let row = F.line(["question": "Which is in Africa?", "context": ["sentences": [[F.nile, F.kilimanjaro]]],
                          "cot_answer": F.cot(quoting: [shared], answer: "both")])
        let record = try RAFTRecordParser.parse(try JSONParser.parse(row), schema: .early, row: 0, line: 1)
        #expect(record.oraclePresent == nil)
        #expect(record.oracleEvidence == .undetermined("documents 1, 2 hold the same number of quotes"))
        #expect(record.quotes.first?.placement == .unknownRole)
        #expect(record.quotes.first?.locations.map(\.document) == [0, 1])
    }

    @Test func errorsNameTheLineAndField() throws {
        let folder = try TestFolder()
        let rows = [F.gorilla(question: "Q?", documents: [F.nile], oracle: F.nile, cot: "<ANSWER>: x"),
                    #"{"question": "Q?", "context": {"sentences": 5}}"#,
                    #"{"question": "Q?", "context": "#,
                    #"{"question": 3, "context": {"sentences": [["d"]]}}"#]
        let file = try F.file(rows, in: folder)
        #expect(file.schema == .gorilla)
        #expect(throws: Never.self) { try file.record(at: 0).get() }
        let sentences = try #require(file.record(at: 1).failure)
        #expect(sentences.line == 2)
        #expect(sentences.field == "context.sentences")
        #expect(sentences.description.hasSuffix("raft.jsonl:2, field context.sentences: expected an array of arrays of text"))
        let malformed = try #require(file.record(at: 2).failure)
        #expect(malformed.line == 3)
        #expect(malformed.problem.hasPrefix("not valid JSON"))
        // A number where text belongs is read as its text (ids and questions are sometimes numbers).
        #expect(try file.record(at: 3).get().question == "3")
    }

    @Test func normalisedTextFindsQuotesAcrossLineBreaks() {
        let text = RAFTNormalizedText("  one\n\ttwo   three ")
        #expect(text.string == "one two three")
        #expect(text.find(RAFTNormalizedText("two three")) == 7..<18)
        #expect(text.find(RAFTNormalizedText("two four")) == nil)
        #expect(text.find(RAFTNormalizedText("")) == nil)
        #expect(RAFTNormalizedText.looseWords(" \"Let there be light\" ") == "let there be light")
    }

    @Test func instructionLayoutRoundTrips() {
        let built = RAFTInstruction.build(documents: ["a", "b"], question: "why?")
        #expect(built == "<DOCUMENT>a</DOCUMENT>\n<DOCUMENT>b</DOCUMENT>\nwhy?")
        let parsed = RAFTInstruction.parse(built)
        #expect(parsed.documents == ["a", "b"])
        #expect(parsed.question == "why?")
        #expect(RAFTInstruction.parse("<DOCUMENT>open").documents == ["open"])
    }

    @Test func chainOfThoughtAnswerParts() {
        let thought = RAFTChainOfThought("##begin_quote## a ##end_quote## ##begin_quote##b##end_quote## <ANSWER>: yes <STOP>")
        #expect(thought.quoteTexts == ["a", "b"])
        #expect(thought.finalAnswer == "yes")
        #expect(RAFTChainOfThought("no tag").finalAnswer == nil)
        #expect(RAFTChainOfThought("<ANSWER>:  ").finalAnswer == "")
        #expect(RAFTChainOfThought("##begin_quote## unclosed").quoteTexts.isEmpty)
    }
}

extension Result {
    /// The error, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
