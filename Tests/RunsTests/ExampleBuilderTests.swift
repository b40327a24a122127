import Datasets
import Foundation
import Testing
@testable import Runs
import Tokenizers

@Suite struct ExampleBuilderTests {
    let folder: URL
    let model: URL

    init() throws {
        folder = try RunsTestSupport.temporaryFolder("examples")
        model = try RunsTestSupport.tinyModel(in: folder)
    }

    func value(_ json: String) throws -> JSONValue {
        try JSONParser.parse(json)
    }

    @Test func alpacaLearnsOnlyTheResponseAndItsEndToken() throws {
        var data = RunConfig.Data()
        data.format = .alpaca
        let builder = ExampleBuilder(data: data, formatter: try RunsTestSupport.formatter(model: model))
        let example = try builder.example(from: try value(#"{"instruction": "Add.", "input": "2 and 3", "output": "2 + 3 = 5."}"#), line: 7)
        let tokenizer = builder.tokenizer
        let learned = zip(example.ids, example.learned).filter(\.1).map { UInt32($0.0) }
        let prompt = zip(example.ids, example.learned).filter { !$0.1 }.map { UInt32($0.0) }
        #expect(tokenizer.decode(learned) == "2 + 3 = 5.<|endoftext|>")
        #expect(tokenizer.decode(prompt).contains("### Instruction:\nAdd.\n\n2 and 3\n\n### Response:\n"))
        #expect(example.line == 7)
        // The learned tokens are one run (assistant-only masking); only the template's closing newlines follow.
        let first = try #require(example.learned.firstIndex(of: true))
        let last = try #require(example.learned.lastIndex(of: true))
        #expect(example.learned[first...last].allSatisfy { $0 })
        #expect(tokenizer.decode(example.ids[(last + 1)...].map { UInt32($0) }) == "\n\n")
    }

    @Test func raftRecordsLearnTheChainOfThoughtAnswerFromTheirDocuments() throws {
        var data = RunConfig.Data()
        data.format = .raft
        let builder = ExampleBuilder(data: data, formatter: try RunsTestSupport.formatter(model: model))
        let answer = "##begin_quote##The sky is blue.##end_quote## so <ANSWER>: blue"
        let gorilla = #"{"id": "r1", "type": "general", "question": "What colour is the sky?", "context": {"title": [["a", "b"]], "sentences": [["The sky is blue.", "Grass is green."]]}, "oracle_context": "The sky is blue.", "cot_answer": "\#(answer)"}"#
        let early = #"{"question": "What colour is the sky?", "context": {"title": [["a", "b"]], "sentences": [["The sky is blue.", "Grass is green."]]}, "cot_answer": "\#(answer)"}"#
        for json in [gorilla, early] {
            let example = try builder.example(from: try value(json), line: 1)
            let tokenizer = builder.tokenizer
            let learned = zip(example.ids, example.learned).filter(\.1).map { UInt32($0.0) }
            let prompt = zip(example.ids, example.learned).filter { !$0.1 }.map { UInt32($0.0) }
            #expect(tokenizer.decode(learned).hasPrefix(answer))
            let shown = tokenizer.decode(prompt)
            #expect(shown.contains("<DOCUMENT>The sky is blue.</DOCUMENT>") && shown.contains("<DOCUMENT>Grass is green.</DOCUMENT>"))
            #expect(shown.contains("What colour is the sky?"))
        }
        #expect(throws: ExampleError.self) {
            try builder.example(from: try value(#"{"question": "q", "context": {"title": [["a"]], "sentences": [["doc"]]}, "cot_answer": null}"#), line: 2)
        }
        #expect(throws: ExampleError.self) { try builder.example(from: try value(#"{"instruction": "x", "output": "y"}"#), line: 3) }
    }

    @Test func lossOnAllLearnsEveryToken() throws {
        var data = RunConfig.Data()
        data.loss = .all
        let builder = ExampleBuilder(data: data, formatter: try RunsTestSupport.formatter(model: model))
        let example = try builder.example(from: try value(#"{"instruction": "Add.", "output": "5"}"#), line: 1)
        #expect(example.learned.allSatisfy { $0 })
    }

    @Test func renamedColumnsChatAndPromptCompletion() throws {
        var data = RunConfig.Data()
        data.format = .promptCompletion
        data.promptColumn = "q"
        data.completionColumn = "a"
        let completion = ExampleBuilder(data: data, formatter: try RunsTestSupport.formatter(model: model, format: "completion"))
        let pc = try completion.example(from: try value(#"{"q": "Two and two?", "a": " Four."}"#), line: 1)
        let tokenizer = completion.tokenizer
        #expect(tokenizer.decode(pc.ids.map { UInt32($0) }) == "Two and two? Four.<|endoftext|>")
        #expect(tokenizer.decode(zip(pc.ids, pc.learned).filter(\.1).map { UInt32($0.0) }) == " Four.<|endoftext|>")

        data.format = .chat
        let chat = ExampleBuilder(data: data, formatter: try RunsTestSupport.formatter(model: model, format: "completion"))
        let turns = try chat.example(from: try value(#"{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": " there"}, {"role": "user", "content": " again"}, {"role": "assistant", "content": " yes"}]}"#), line: 1)
        let learnedText = tokenizer.decode(zip(turns.ids, turns.learned).filter(\.1).map { UInt32($0.0) })
        #expect(learnedText.contains("there") && learnedText.contains("yes") && !learnedText.contains("again"))
    }

    @Test func recordsThatDoNotFitSayWhy() throws {
        let builder = ExampleBuilder(data: RunConfig.Data(), formatter: try RunsTestSupport.formatter(model: model))
        #expect(throws: ExampleError("has no 'output' column; map it with data.columns.output")) {
            try builder.example(from: try value(#"{"instruction": "x"}"#), line: 1)
        }
        #expect(throws: ExampleError("column 'instruction' is array, expected text")) {
            try builder.example(from: try value(#"{"instruction": [1], "output": "y"}"#), line: 1)
        }
        var data = RunConfig.Data()
        data.format = .chat
        let chat = ExampleBuilder(data: data, formatter: try RunsTestSupport.formatter(model: model, format: "completion"))
        #expect(throws: ExampleError("message 1 has role 'tool'; expected system, user or assistant")) {
            try chat.example(from: try value(#"{"messages": [{"role": "tool", "content": "x"}]}"#), line: 1)
        }
    }

    @Test func plainTextLearnsEverythingAndEndsWithEndOfText() throws {
        var data = RunConfig.Data()
        data.format = .text
        let builder = ExampleBuilder(data: data, formatter: try RunsTestSupport.formatter(model: model, format: "completion"))
        let example = try builder.example(from: try value(#"{"text": "A stitch in time."}"#), line: 1)
        #expect(builder.tokenizer.decode(example.ids.map { UInt32($0) }) == "A stitch in time.<|endoftext|>")
        #expect(example.learned.allSatisfy { $0 })
    }
}
