import Foundation
import Testing
@testable import Datasets

@Suite struct JSONLReaderTests {
    @Test func readsRowsWithLineNumbers() throws {
        let folder = try TestFolder()
        try folder.write("a.jsonl", "{\"a\": 1}\n{\"a\": 2}\n\n{\"a\": 3}\r\n{\"a\": 4}")
        let dataset = try folder.open("a.jsonl")
        #expect(dataset.format == .jsonl)
        #expect(dataset.rowCount == 4)
        let records = try dataset.allRecords()
        #expect(records.map(\.line) == [1, 2, 4, 5])
        #expect(records.map { $0.value?["a"] } == [.number("1"), .number("2"), .number("3"), .number("4")])
        #expect(dataset.progress.isComplete && dataset.progress.failure == nil)
    }

    @Test func keepsMalformedLinesInPlace() throws {
        let folder = try TestFolder()
        try folder.write("bad.jsonl", "{\"a\": 1}\n{\"a\": \n{\"a\": 3}\nnot json\n")
        let dataset = try folder.open("bad.jsonl")
        #expect(dataset.rowCount == 4)
        let records = try dataset.allRecords()
        #expect(records.map(\.isMalformed) == [false, true, false, true])
        guard case .malformed(let text, let problem) = records[1].content else {
            Issue.record("row 2 should be malformed")
            return
        }
        #expect(records[1].line == 2)
        #expect(text == "{\"a\":")
        #expect(problem.contains("ended"))
        guard case .malformed(let text4, let problem4) = records[3].content else { return }
        #expect(text4 == "not json")
        #expect(problem4.contains("byte 2"))
        #expect(records[3].line == 4)
    }

    @Test func invalidUTF8ShowsReplacementCharacters() throws {
        let folder = try TestFolder()
        var bytes = Array("{\"t\": \"a".utf8) + [0xC3, 0x28] + Array("b\"}\n".utf8)
        bytes += [0xFF] + Array("oops\n".utf8)
        try folder.write("utf8.jsonl", bytes: bytes)
        let dataset = try folder.open("utf8.jsonl")
        let records = try dataset.allRecords()
        #expect(records[0].value?["t"] == .string("a\u{FFFD}(b"))
        guard case .malformed(let text, _) = records[1].content else {
            Issue.record("second line should be malformed")
            return
        }
        #expect(text == "\u{FFFD}oops")
    }

    @Test func rowsAreReadableBeforeIndexingFinishes() throws {
        let folder = try TestFolder()
        let line = #"{"id": 1, "text": "some words to make the line longer than a few bytes"}"# + "\n"
        let text = String(repeating: line, count: 200_000)
        try folder.write("big.jsonl", text)
        let dataset = try Dataset.open(folder.url.appendingPathComponent("big.jsonl"))
        let available = dataset.waitForRows(10, timeout: 10)
        #expect(available >= 10)
        #expect(try dataset.record(at: 9).value?["id"] == .number("1"))
        let done = dataset.waitUntilIndexed(timeout: 60)
        #expect(done.isComplete)
        #expect(dataset.rowCount == 200_000)
        #expect(try dataset.record(at: 199_999).line == 200_000)
        #expect(dataset.indexBytesPerRow <= 16)
    }

    @Test func cancellingStopsIndexingAndKeepsRows() throws {
        let folder = try TestFolder()
        let line = String(repeating: "{\"k\": 1}\n", count: 2_000_000)
        try folder.write("many.jsonl", line)
        let dataset = try Dataset.open(folder.url.appendingPathComponent("many.jsonl"))
        dataset.cancelIndexing()
        let progress = dataset.waitUntilIndexed(timeout: 30)
        #expect(progress.isComplete)
        #expect(progress.isCancelled || progress.rows == 2_000_000)
        if dataset.rowCount > 0 { #expect(try dataset.record(at: 0).value?["k"] == .number("1")) }
    }

    @Test func rowOutOfRangeIsAnError() throws {
        let folder = try TestFolder()
        try folder.write("one.jsonl", "{}\n")
        let dataset = try folder.open("one.jsonl")
        #expect(throws: DatasetError.self) { try dataset.record(at: 1) }
        #expect(throws: DatasetError.self) { try dataset.record(at: -1) }
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let folder = try TestFolder()
        try folder.write("bom.jsonl", bytes: [0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}\n".utf8))
        let dataset = try folder.open("bom.jsonl")
        #expect(try dataset.record(at: 0).value?["a"] == .number("1"))
    }
}
