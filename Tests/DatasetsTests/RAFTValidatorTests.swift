import Foundation
import Testing
@testable import Datasets

@Suite struct RAFTValidatorTests {
    typealias F = RAFTFixtures

    /// One record per flag, on known lines (see each row's comment).
    static let rows: [String] = [
        // 1: good; three documents (too long for the fake model below).
        F.gorilla(question: "Which is the longest river in Africa?", documents: [F.kilimanjaro, F.nile, F.sahara],
                  oracle: F.nile, cot: F.cot(quoting: ["The Nile is the longest river in Africa."], answer: "the Nile")),
        // 2: the oracle left out; its quote is only in a distractor.
        F.gorilla(question: "Where does the Nile flow?", documents: [F.kilimanjaro, F.sahara], oracle: F.nile,
                  cot: F.cot(quoting: ["The Nile crosses its eastern part."], answer: "north")),
        // 3: a quote in no document, and no <ANSWER>.
        F.gorilla(question: "What is Kilimanjaro?", documents: [F.kilimanjaro, F.nile], oracle: F.kilimanjaro,
                  cot: F.cot(quoting: ["It is an active volcano."], answer: nil)),
        // 4: line 1's question again (case and spaces differ), and an empty <ANSWER>.
        F.gorilla(question: "which is the  longest river in Africa?", documents: [F.nile, F.sahara], oracle: F.nile,
                  cot: F.cot(quoting: ["It flows north into the Mediterranean Sea."], answer: "")),
        // 5: no question, no documents, no quotes.
        #"{"question": "", "context": null, "oracle_context": null, "cot_answer": "<ANSWER>: 4"}"#,
        // 6: not JSON.
        #"{"question": oops}"#,
        // 7: no CoT answer.
        F.gorilla(question: "Is the Nile in Africa?", documents: [F.nile], oracle: F.nile, cot: nil),
        // 8: one quote in the oracle, one in no document.
        F.gorilla(question: "Where does the Nile end?", documents: [F.sahara, F.nile], oracle: F.nile,
                  cot: F.cot(quoting: ["It flows north into the Mediterranean Sea.", "The Nile is short."],
                             answer: "the Mediterranean")),
    ]

    func report() throws -> RAFTValidationReport {
        let folder = try TestFolder()
        let file = try F.file(Self.rows, in: folder)
        let limit = RAFTLengthLimit(contextLength: 250) { $0.documents.count * 100 }
        return try RAFTValidator.validate(file, builtWithP: 0.8, lengthLimit: limit)
    }

    @Test func everyFlagIsCountedWithItsLines() throws {
        let report = try report()
        #expect(report.schema == .gorilla)
        let expected: [RAFTReportKey: (Int, [Int])] = [
            .records: (8, [1, 2, 3, 4, 5, 6, 7, 8]),
            .unreadable: (1, [6]),
            .oraclePresent: (5, [1, 3, 4, 7, 8]),
            .oracleAbsent: (1, [2]),
            .oracleUnknown: (1, [5]),
            .quotes: (6, [1, 2, 3, 4, 8]),
            .quotesInOracle: (3, [1, 4, 8]),
            .quotesOnlyInDistractor: (1, [2]),
            .quotesInUnknownRole: (0, []),
            .quotesNowhere: (2, [3, 8]),
            .recordsWithoutQuotes: (1, [5]),
            .missingCotAnswer: (1, [7]),
            .missingAnswer: (3, [3, 4, 7]),
            .missingQuestion: (1, [5]),
            .missingDocuments: (1, [5]),
            .duplicateQuestions: (1, [4]),
            .tooLong: (1, [1]),
        ]
        #expect(Set(expected.keys) == Set(RAFTReportKey.allCases))
        for (key, value) in expected {
            #expect(report.count(key) == value.0, "\(key.rawValue)")
            #expect(report.lines(key) == value.1, "\(key.rawValue)_lines")
        }
        #expect(report.duplicateOf == [4: 1])
        #expect(report.longestTokens == 300)
        #expect(report.errors.map(\.line) == [6])
        #expect(report.oracleRatio == 5.0 / 6.0)
        #expect(report.hasProblems)
    }

    @Test func jsonHasEveryKeyAndItsLines() throws {
        let report = try report()
        let value = try JSONParser.parse(report.json)
        for key in ["records", "oracle_present", "oracle_absent", "quotes_in_oracle", "quotes_only_in_distractor",
                    "quotes_nowhere", "missing_answer", "duplicate_questions"] {
            #expect(value[key]?.doubleValue != nil, "\(key)")
            #expect(value[key + "_lines"]?.kind == .array, "\(key)_lines")
        }
        #expect(value["quotes_nowhere"] == .number("2"))
        #expect(value["quotes_nowhere_lines"] == .array([.number("3"), .number("8")]))
        #expect(value["duplicate_questions_lines"] == .array([.number("4")]))
        #expect(value["schema"] == .string("gorilla"))
        #expect(value["p"] == .number("0.8"))
        #expect(value["context_length"] == .number("250"))
        #expect(value["max_tokens"] == .number("300"))
        #expect(value["oracle_ratio"] == .number("0.8333"))
    }

    @Test func textReportListsLines() throws {
        let text = try report().text()
        #expect(text.contains("8 records, gorilla"))
        let nowhere = try #require(text.split(separator: "\n").first { $0.contains("quotes in no document") })
        #expect(nowhere.hasSuffix("2  lines 3, 8"))
        #expect(text.contains("(oracle ratio 0.83; built with P = 0.8)"))
        #expect(text.contains("longest record: 300 tokens of a 250-token context"))
        #expect(text.contains("error: "))
    }

    @Test func flagsOfOneRecordAreWhatTheInspectorShows() throws {
        var validator = RAFTValidator()
        let first = try RAFTRecordParser.parse(try JSONParser.parse(Self.rows[0]), schema: .gorilla, row: 0, line: 1)
        let again = try RAFTRecordParser.parse(try JSONParser.parse(Self.rows[3]), schema: .gorilla, row: 3, line: 4)
        #expect(validator.add(first).isEmpty)
        let flags = validator.add(again)
        #expect(flags == [.missingAnswer, .duplicateQuestion(firstLine: 1)])
        #expect(flags.allSatisfy { $0.isProblem })
        #expect(RAFTRecordFlag.quotesNowhere(2).summary == "2 quotes in no document")
    }

    @Test func cleanDataHasNoProblems() throws {
        var validator = RAFTValidator()
        validator.add(try RAFTRecordParser.parse(try JSONParser.parse(Self.rows[0]), schema: .gorilla, row: 0, line: 1))
        #expect(!validator.report.hasProblems)
        #expect(validator.report.json.contains("\"too_long\"") == false)
    }
}
