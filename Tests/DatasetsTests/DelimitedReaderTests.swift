import Foundation
import Testing
@testable import Datasets

@Suite struct DelimitedReaderTests {
    @Test func readsCSVWithQuotingEmbeddedNewlinesAndCRLF() throws {
        let folder = try TestFolder()
        let text = "id,name,note\r\n"
            + "1,Ada,\"said \"\"hi\"\", then left\"\r\n"
            + "2,\"Bob, Jr.\",\"two\r\nlines\"\r\n"
            + "\r\n"
            + "3,Cy,007\r\n"
        try folder.write("people.csv", text)
        let dataset = try folder.open("people.csv")
        #expect(dataset.format == .csv)
        #expect(dataset.declaredColumns == ["id", "name", "note"])
        #expect(dataset.rowCount == 3)
        let records = try dataset.allRecords()
        #expect(records.map(\.line) == [2, 3, 6])
        #expect(records[0].value?["note"] == .string("said \"hi\", then left"))
        #expect(records[1].value?["name"] == .string("Bob, Jr."))
        #expect(records[1].value?["note"] == .string("two\r\nlines"))
        #expect(records[2].value?["id"] == .number("3"))
        #expect(records[2].value?["note"] == .string("007"))
    }

    @Test func quoteInsideAnUnquotedFieldIsLiteral() throws {
        let folder = try TestFolder()
        try folder.write("q.csv", "a,b\n5\" screen,x\n6,y\n")
        let dataset = try folder.open("q.csv")
        let records = try dataset.allRecords()
        #expect(records.count == 2)
        #expect(records[0].value?["a"] == .string("5\" screen"))
        #expect(records[1].value?["b"] == .string("y"))
    }

    @Test func byteOrderMarkAndInvalidUTF8() throws {
        let folder = try TestFolder()
        try folder.write("b.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("name,v\n".utf8) + [0x61, 0xFF, 0x62] + Array(",1\n".utf8))
        let dataset = try folder.open("b.csv")
        #expect(dataset.declaredColumns == ["name", "v"])
        #expect(try dataset.record(at: 0).value?["name"] == .string("a\u{FFFD}b"))
    }

    @Test func statisticsSeeCSVNumbers() throws {
        let folder = try TestFolder()
        try folder.write("n.csv", "x\n1\n2.5\n\"-4\"\nn/a\n")
        let dataset = try folder.open("n.csv")
        let statistics = ColumnStatistics(dataset: dataset, column: Column(path: ["x"]))
        statistics.waitUntilComplete(timeout: 30)
        let summary = statistics.summary
        #expect(summary.kindCounts == [.number: 3, .string: 1])
        let numbers = try #require(summary.numbers)
        #expect(numbers.minimum == -4 && numbers.maximum == 2.5)
        #expect(abs(numbers.mean - (-0.5 / 3)) < 1e-12)
    }

    @Test func readsTSV() throws {
        let folder = try TestFolder()
        try folder.write("t.tsv", "a\tb\n1\tx y\n2\t\"q\tr\"\n")
        let dataset = try folder.open("t.tsv")
        #expect(dataset.format == .tsv)
        let records = try dataset.allRecords()
        #expect(records.count == 2)
        #expect(records[0].value == .object([JSONMember("a", .number("1")), JSONMember("b", .string("x y"))]))
        #expect(records[1].value?["b"] == .string("q\tr"))
    }

    @Test func extraFieldsAndBlankOrRepeatedHeaders() throws {
        let folder = try TestFolder()
        try folder.write("odd.csv", "a,,a\n1,2,3,4\n5\n")
        let dataset = try folder.open("odd.csv")
        #expect(dataset.declaredColumns == ["a", "column 2", "a (2)"])
        let records = try dataset.allRecords()
        #expect(records[0].value?["column 4"] == .number("4"))
        #expect(records[1].value == .object([JSONMember("a", .number("5"))]))
    }

    @Test func unclosedQuoteIsMalformedNotACrash() throws {
        let folder = try TestFolder()
        try folder.write("open.csv", "a,b\n1,\"never closed\n2,3\n")
        let dataset = try folder.open("open.csv")
        #expect(dataset.rowCount == 1)
        let record = try dataset.record(at: 0)
        #expect(record.isMalformed)
        #expect(record.line == 2)
    }

    @Test func headerOnlyFileHasNoRows() throws {
        let folder = try TestFolder()
        try folder.write("h.csv", "a,b\n")
        let dataset = try folder.open("h.csv")
        #expect(dataset.rowCount == 0)
        #expect(dataset.declaredColumns == ["a", "b"])
    }

    @Test func numbersFollowJSONGrammar() {
        for text in ["0", "-1", "3.25", "1e5", "-2.5E-3"] { #expect(DelimitedRow.isJSONNumber(text), "\(text)") }
        for text in ["", "007", "1.", ".5", "+1", "1e", "0x10", "1,000", " 1", "NaN"] {
            #expect(!DelimitedRow.isJSONNumber(text), "\(text)")
        }
    }
}
