import Foundation
import Testing
@testable import Datasets

@Suite struct JSONDocumentReaderTests {
    @Test func readsArrayElementsAsRows() throws {
        let folder = try TestFolder()
        try folder.write("a.json", """
        [
          {"q": "a, b", "n": [1, 2]},
          {"q": "x]y{z", "n": []},
          3,
          {"q": "esc \\" ], [", "n": null}
        ]
        """)
        let dataset = try folder.open("a.json")
        #expect(dataset.format == .json)
        #expect(dataset.rowCount == 4)
        let records = try dataset.allRecords()
        #expect(records.map(\.line) == [2, 3, 4, 5])
        #expect(records[0].value?["q"] == .string("a, b"))
        #expect(records[1].value?["q"] == .string("x]y{z"))
        #expect(records[2].value == .number("3"))
        #expect(records[3].value?["q"] == .string("esc \" ], ["))
        #expect(!records.contains { $0.isMalformed })
    }

    @Test func anArrayWithoutItsClosingBracketIsATruncatedFile() throws {
        let folder = try TestFolder()
        try folder.write("cut.json", "[{\"a\": 1},\n {\"a\": 2}")
        let dataset = try folder.open("cut.json")
        dataset.waitUntilIndexed()
        #expect(dataset.rowCount == 2)
        let failure = try #require(dataset.progress.failure)
        #expect(failure.kind == .truncated && failure.description.contains("never closed"), "\(failure)")
        try folder.write("whole.json", "[{\"a\": 1},\n {\"a\": 2}]")
        let whole = try folder.open("whole.json")
        whole.waitUntilIndexed()
        #expect(whole.progress.failure == nil && whole.rowCount == 2)
    }

    @Test func emptyArrayHasNoRows() throws {
        let folder = try TestFolder()
        try folder.write("e.json", "[ ]\n")
        let dataset = try folder.open("e.json")
        #expect(dataset.rowCount == 0)
        #expect(dataset.progress.failure == nil)
    }

    @Test func singleObjectAndPrettyPrintedStream() throws {
        let folder = try TestFolder()
        try folder.write("one.json", "{\n  \"a\": 1,\n  \"b\": {\"c\": 2}\n}\n{\n  \"a\": 2\n}\n")
        let dataset = try folder.open("one.json")
        #expect(dataset.format == .json)
        let records = try dataset.allRecords()
        #expect(records.count == 2)
        #expect(records.map(\.line) == [1, 5])
        #expect(records[0].value?.value(atPath: ["b", "c"]) == .number("2"))
    }

    @Test func jsonLinesNamedDotJSONAreReadAsLines() throws {
        let folder = try TestFolder()
        try folder.write("lines.json", "{\"a\": 1}\n{\"a\": 2}\n")
        let dataset = try folder.open("lines.json")
        #expect(dataset.format == .jsonl)
        #expect(dataset.rowCount == 2)
    }

    @Test func truncatedArrayShowsTheCutElementAsMalformed() throws {
        let folder = try TestFolder()
        try folder.write("cut.json", "[{\"a\": 1}, {\"a\": 2}, {\"a\": ")
        let dataset = try folder.open("cut.json")
        let records = try dataset.allRecords()
        #expect(records.count == 3)
        #expect(records.map(\.isMalformed) == [false, false, true])
    }
}
