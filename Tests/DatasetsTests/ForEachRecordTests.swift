import Foundation
import Testing
@testable import Datasets

/// `Dataset.forEachRecord` is how headless commands read a file: every row once, in order, while the index grows.
@Suite struct ForEachRecordTests {
    @Test func visitsEveryRowInOrderWithoutWaitingForTheWholeIndex() throws {
        let folder = try TestFolder()
        let rows = 100_000
        try folder.write("big.jsonl", (0..<rows).map { "{\"i\": \($0)}\n" }.joined())
        // Not `folder.open`, which waits for the index: reading starts while it is still being built.
        let dataset = try Dataset.open(folder.url.appendingPathComponent("big.jsonl"))
        var next = 0
        try dataset.forEachRecord { record in
            #expect(record.row == next)
            if record.value?["i"] != .number(String(next)) { Issue.record("row \(next): \(record.content)") }
            next += 1
        }
        #expect(next == rows)
    }

    @Test func aTruncatedGzipFileThrowsAfterTheRowsBeforeTheCut() throws {
        let folder = try TestFolder()
        let full = gzip(Array((0..<100_000).map { "{\"i\": \($0)}\n" }.joined().utf8))
        try folder.write("cut.jsonl.gz", bytes: Array(full.prefix(full.count / 2)))
        let dataset = try Dataset.open(folder.url.appendingPathComponent("cut.jsonl.gz"))
        var seen = 0
        #expect(throws: DatasetError.self) {
            try dataset.forEachRecord { _ in seen += 1 }
        }
        #expect(seen > 0 && seen == dataset.rowCount)
    }

    @Test func whatTheBodyThrowsStopsTheReading() throws {
        struct Stop: Error {}
        let folder = try TestFolder()
        try folder.write("three.jsonl", "{}\n{}\n{}\n")
        let dataset = try folder.open("three.jsonl")
        var seen = 0
        #expect(throws: Stop.self) {
            try dataset.forEachRecord { _ in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }
}
