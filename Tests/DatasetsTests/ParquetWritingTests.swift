import Foundation
import Testing
@testable import Datasets

/// Kept sets written as Parquet read back as the records they came from (pyarrow reading them was checked by hand
/// when the writer was made; the reader here is the conformance-tested one).
@Suite struct ParquetWritingTests {
    @Test func snappyEncoderRoundTrips() throws {
        var generator = SplitMix(seed: 5)
        let words = ["the ", "loom ", "weaves ", "text ", "and ", "data ", "\n"]
        var texts: [[UInt8]] = [[], [0x41], Array(repeating: 0x61, count: 100_000)]
        texts.append((0..<50_000).flatMap { _ in Array(words[Int(generator.next() % 7)].utf8) })
        texts.append((0..<70_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        for text in texts {
            let compressed = text.withUnsafeBytes { SnappyEncoder.compress($0) }
            var output = [UInt8](repeating: 0, count: text.count)
            try compressed.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { try SnappyDecoder.decompress(input, into: $0) }
            }
            #expect(output == text)
            if text.count == 100_000 { #expect(compressed.count < 6_000) }
        }
    }

    @Test func jsonRecordsRoundTripWithInferredTypes() throws {
        let folder = try TestFolder()
        let source = """
        {"text":"one","n":1,"score":0.5,"ok":true,"meta":{"a":[1,2]},"maybe":null}
        {"text":"two\\nlines","n":-7,"score":2,"ok":false,"meta":{"a":[]},"maybe":"here"}
        {"text":"ünïcode ✓","n":9007199254740993,"score":1e-3,"ok":true,"meta":"plain","maybe":null}

        """
        try folder.write("data.jsonl", source)
        let dataset = try folder.open("data.jsonl")
        let out = folder.url.appendingPathComponent("kept.parquet")
        try ParquetExport.write(rows: [0, 1, 2], of: dataset, to: out)
        let written = try Dataset.open(out)
        #expect(written.format == .parquet && written.rowCount == 3)
        let columns = try ParquetFile.open(try DatasetFile(path: out.path)).schema.leaves
        #expect(columns.map(\.type) == [.byteArray, .int64, .double, .boolean, .byteArray, .byteArray])
        #expect(columns.map { $0.element.repetition } == [.required, .required, .required, .required, .required, .optional])
        for row in 0..<3 {
            let original = try dataset.record(at: row).value
            let back = try written.record(at: row).value
            // Numbers compare by value (2 was written as the DOUBLE 2.0); everything else exactly.
            #expect(back.map { ParquetConformanceTests.same($0, original ?? .null) } == true,
                    "row \(row): \(back.map { JSONFormatter.compact($0) } ?? "nil")")
        }
    }

    @Test func aParquetSourceKeepsItsSchemaAndStoredValues() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/fineweb-sample.parquet")
        let source = try Dataset.open(samples)
        let folder = try TestFolder()
        let out = folder.url.appendingPathComponent("subset.parquet")
        let rows = [0, 5, 69, 70, 71, 209]
        try ParquetExport.write(rows: rows, of: source, to: out)
        let written = try Dataset.open(out)
        #expect(written.rowCount == rows.count)
        let before = try ParquetFile.open(try DatasetFile(path: samples.path)).schema.leaves
        let after = try ParquetFile.open(try DatasetFile(path: out.path)).schema.leaves
        #expect(after.map(\.dottedPath) == before.map(\.dottedPath))
        #expect(after.map(\.type) == before.map(\.type))
        #expect(after.map { $0.element.logical } == before.map { $0.element.logical })
        for (index, row) in rows.enumerated() {
            #expect(try written.record(at: index).value == source.record(at: row).value)
        }
    }

    @Test func reviewExportWritesParquetWhenAskedTo() throws {
        let folder = try TestFolder()
        let file = try folder.write("data.jsonl", "{\"text\":\"keep me\"}\n{\"text\":\"drop me\"}\n")
        let dataset = try folder.open("data.jsonl")
        let log = try ReviewLog(datasetPath: file.path)
        let records = try dataset.allRecords()
        try log.append(ReviewDecision(line: records[0].line, contentHash: ReviewLog.contentHash(of: records[0]), verdict: .keep))
        try log.append(ReviewDecision(line: records[1].line, contentHash: ReviewLog.contentHash(of: records[1]), verdict: .drop))
        let out = folder.url.appendingPathComponent("kept.parquet")
        let summary = try ReviewExport.keptRecords(of: dataset, log: log, includeUnreviewed: false, to: out)
        #expect(summary.kept == 1)
        let kept = try Dataset.open(out)
        #expect(kept.rowCount == 1)
        #expect(try kept.record(at: 0).value == .object([JSONMember("text", .string("keep me"))]))
    }
}
