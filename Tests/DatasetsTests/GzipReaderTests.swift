import CZlib
import Foundation
import Testing
@testable import Datasets

/// Compresses `bytes` as a gzip member with zlib (no external tools needed).
func gzip(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
    let written = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = uInt(outBuffer.count)
            deflate(&stream, Z_FINISH)
            return outBuffer.count - Int(stream.avail_out)
        }
    }
    return Array(output.prefix(written))
}

@Suite struct GzipReaderTests {
    @Test func readsGzippedJSONLines() throws {
        let folder = try TestFolder()
        let text = (0..<50_000).map { "{\"i\": \($0), \"s\": \"row \($0)\"}\n" }.joined()
        try folder.write("rows.jsonl.gz", bytes: gzip(Array(text.utf8)))
        let dataset = try folder.open("rows.jsonl.gz")
        #expect(dataset.isGzip)
        #expect(dataset.format == .jsonl)
        #expect(dataset.progress.failure == nil)
        #expect(dataset.rowCount == 50_000)
        #expect(try dataset.record(at: 49_999).value?["s"] == .string("row 49999"))
        #expect(try dataset.record(at: 12_345).line == 12_346)
    }

    @Test func highlyCompressedTextIsReadWhole() throws {
        // About 24 MB of text in a few tens of KB: one compressed read yields many output buffers.
        let folder = try TestFolder()
        let line = "{\"text\": \"" + String(repeating: "same words again ", count: 8) + "\"}\n"
        let rows = 24_000_000 / line.utf8.count
        let compressed = gzip(Array(String(repeating: line, count: rows).utf8))
        try folder.write("same.jsonl.gz", bytes: compressed + compressed)
        let dataset = try folder.open("same.jsonl.gz")
        #expect(dataset.progress.failure == nil)
        #expect(dataset.rowCount == 2 * rows)
        #expect(try dataset.record(at: 2 * rows - 1).line == 2 * rows)
    }

    @Test func readsConcatenatedGzipMembers() throws {
        let folder = try TestFolder()
        let bytes = gzip(Array("{\"a\": 1}\n".utf8)) + gzip(Array("{\"a\": 2}\n".utf8))
        try folder.write("two.jsonl.gz", bytes: bytes)
        let dataset = try folder.open("two.jsonl.gz")
        #expect(dataset.rowCount == 2)
        #expect(try dataset.record(at: 1).value?["a"] == .number("2"))
    }

    @Test func truncatedGzipKeepsEarlierRowsAndReportsTheCut() throws {
        let folder = try TestFolder()
        let text = (0..<100_000).map { "{\"i\": \($0)}\n" }.joined()
        let full = gzip(Array(text.utf8))
        try folder.write("cut.jsonl.gz", bytes: Array(full.prefix(full.count / 2)))
        let dataset = try folder.open("cut.jsonl.gz")
        let progress = dataset.progress
        #expect(progress.failure?.kind == .compression)
        #expect(dataset.rowCount > 0 && dataset.rowCount < 100_000)
        #expect(try dataset.record(at: 0).value?["i"] == .number("0"))
    }

    @Test func gzipCSVIsDetectedFromTheInnerName() throws {
        let folder = try TestFolder()
        try folder.write("t.csv.gz", bytes: gzip(Array("a,b\n1,2\n".utf8)))
        let dataset = try folder.open("t.csv.gz")
        #expect(dataset.format == .csv)
        #expect(try dataset.record(at: 0).value?["b"] == .number("2"))
    }

    @Test func dotGzThatIsNotGzipIsRefused() throws {
        let folder = try TestFolder()
        try folder.write("fake.jsonl.gz", "{\"a\": 1}\n")
        #expect(throws: DatasetError.self) { try Dataset.open(folder.url.appendingPathComponent("fake.jsonl.gz")) }
    }
}
