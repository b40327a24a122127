import Foundation
import Testing
@testable import Datasets

@Suite struct BadInputTests {
    func openError(_ url: URL) -> DatasetError? {
        do {
            _ = try Dataset.open(url)
            return nil
        } catch let error as DatasetError {
            return error
        } catch {
            return nil
        }
    }

    @Test func emptyFileIsReported() throws {
        let folder = try TestFolder()
        let error = openError(try folder.write("empty.jsonl", ""))
        #expect(error?.kind == .empty)
        #expect(error?.description.contains("empty.jsonl") == true)
        #expect(openError(try folder.write("blank.jsonl", "  \n\n "))?.kind == .empty)
    }

    @Test func aFIFOIsRefusedWithoutHanging() throws {
        let folder = try TestFolder()
        let path = try folder.write("f.jsonl", "").path
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o600) == 0)
        let started = Date()
        #expect(openError(URL(fileURLWithPath: path))?.kind == .notAFile)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func binaryFileIsRefused() throws {
        let folder = try TestFolder()
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
        bytes += (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let error = openError(try folder.write("program.jsonl", bytes: bytes))
        #expect(error?.kind == .binary)
        #expect(error?.location == "byte 7")
        #expect(openError(try folder.write("utf16.csv", bytes: [0xFF, 0xFE, 0x61, 0x00]))?.kind == .binary)
    }

    @Test func unsupportedAndUnknownFormatsSaySo() throws {
        let folder = try TestFolder()
        // A Parquet file whose footer length points outside the file: a clear error about the footer.
        let parquet = openError(try folder.write("t.parquet", bytes: Array("PAR1xxxxPAR1".utf8)))
        #expect(parquet?.kind == .corrupt && parquet?.location == "footer")
        #expect(openError(try folder.write("t.yaml", "a: 1\n"))?.kind == .unsupportedFormat)
        #expect(openError(try folder.write("notes.txt", "just words\n"))?.kind == .unknownFormat)
        #expect(openError(folder.url.appendingPathComponent("missing.jsonl"))?.kind == .cannotOpen)
        #expect(openError(folder.url)?.kind == .notAFile)
    }

    @Test func fiftyMegabyteLineGivesACheapPreview() throws {
        let folder = try TestFolder()
        let size = 50 << 20
        var bytes = Array("{\"id\": 1, \"text\": \"".utf8)
        bytes.reserveCapacity(size + 64)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: size)
        bytes += Array("\", \"end\": true}\n{\"id\": 2}\n".utf8)
        try folder.write("huge.jsonl", bytes: bytes)
        let dataset = try folder.open("huge.jsonl")
        #expect(dataset.rowCount == 2)
        let preview = try dataset.record(at: 0, maxBytes: 4096)
        #expect(preview.isTruncated)
        #expect(preview.byteCount > size)
        #expect(preview.value?["id"] == .number("1"))
        #expect((preview.value?["text"]?.stringValue?.utf8.count ?? 0) <= 4096)
        let full = try dataset.record(at: 0)
        #expect(!full.isTruncated)
        #expect(full.value?["text"]?.stringValue?.utf8.count == size)
        #expect(full.value?["end"] == .bool(true))
        #expect(try dataset.record(at: 1, maxBytes: 4096).value?["id"] == .number("2"))
    }

    @Test func truncatedWhileOpenIsAnErrorNotACrash() throws {
        let folder = try TestFolder()
        let text = (0..<10_000).map { "{\"i\": \($0)}\n" }.joined()
        let url = try folder.write("shrink.jsonl", text)
        let dataset = try folder.open("shrink.jsonl")
        #expect(dataset.rowCount == 10_000)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 100)
        try handle.close()
        #expect(try dataset.record(at: 0).value?["i"] == .number("0"))
        do {
            _ = try dataset.record(at: 9_999)
            Issue.record("reading past the new end should fail")
        } catch let error as DatasetError {
            #expect(error.kind == .truncated)
        }
    }

    @Test func deletedWhileOpenIsAnErrorNotACrash() throws {
        let folder = try TestFolder()
        let url = try folder.write("gone.jsonl", "{\"a\": 1}\n{\"a\": 2}\n")
        let dataset = try folder.open("gone.jsonl")
        try FileManager.default.removeItem(at: url)
        #expect(dataset.checkFile()?.kind == .deleted)
        #expect(throws: DatasetError.self) { try dataset.record(at: 1) }
    }

    @Test func replacedWhileOpenIsReportedByReads() throws {
        let folder = try TestFolder()
        let url = try folder.write("swap.jsonl", "{\"a\": 1}\n{\"a\": 2}\n")
        let dataset = try folder.open("swap.jsonl")
        try FileManager.default.removeItem(at: url)
        try folder.write("swap.jsonl", "{\"a\": 3}\n{\"a\": 4}\n")
        // Reads check the file at most every 100 ms: within a second one must notice.
        var seen: DatasetError?
        let deadline = Date(timeIntervalSinceNow: 1)
        while seen == nil && Date() < deadline {
            do { _ = try dataset.record(at: 1) } catch let error as DatasetError { seen = error }
        }
        #expect(seen?.kind == .replaced)
    }

    @Test func truncatedDuringIndexingStopsWithAFailure() throws {
        let folder = try TestFolder()
        let text = String(repeating: "{\"k\": \"some text in the row\"}\n", count: 600_000)
        let url = try folder.write("race.jsonl", text)
        let dataset = try Dataset.open(url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 1_000_000)
        try handle.close()
        let progress = dataset.waitUntilIndexed(timeout: 30)
        #expect(progress.isComplete)
        // Either indexing finished before the cut, or it stopped with a truncation failure; never a crash.
        if let failure = progress.failure { #expect(failure.kind == .truncated) }
        // Rows inside the new size stay readable; rows past it are an error.
        #expect(try dataset.record(at: 0).value?["k"] != nil)
        if dataset.rowCount * 30 > 1_000_000 {
            #expect(throws: DatasetError.self) { try dataset.record(at: dataset.rowCount - 1) }
        }
    }
}
