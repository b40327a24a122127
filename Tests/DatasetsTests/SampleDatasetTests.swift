import Foundation
import Testing
@testable import Datasets

/// The bundled Samples/ open cleanly, and the edge-case file shows its malformed rows in place.
@Suite struct SampleDatasetTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples")

    func open(_ name: String) throws -> Dataset {
        let dataset = try Dataset.open(SampleDatasetTests.samples.appendingPathComponent(name))
        dataset.waitUntilIndexed(timeout: 30)
        return dataset
    }

    @Test func instructionsAreAlpacaRows() throws {
        let dataset = try open("instructions.jsonl")
        #expect(dataset.rowCount == 200)
        #expect(dataset.inferSchema().columns.map(\.name) == ["instruction", "input", "output"])
        #expect(try !dataset.allRecords().contains { $0.isMalformed })
    }

    @Test func chatRowsHaveMessages() throws {
        let dataset = try open("chat.jsonl")
        #expect(dataset.rowCount == 100)
        #expect(dataset.inferSchema().columns.map(\.name) == ["id", "messages", "meta.source", "meta.turns"])
    }

    @Test func runsCSVHasQuotedAndMultilineNotes() throws {
        let dataset = try open("runs.csv")
        #expect(dataset.format == .csv)
        #expect(dataset.rowCount == 100)
        let notes = try dataset.allRecords().compactMap { $0.value?["notes"]?.stringValue }
        #expect(notes.contains { $0.contains("\n") })
        #expect(notes.contains("\"quoted\" note, with a comma"))
    }

    @Test func edgeCasesKeepMalformedRowsInPlace() throws {
        let dataset = try open("edge-cases.jsonl")
        let records = try dataset.allRecords()
        #expect(records.count == 14)
        #expect(records.filter(\.isMalformed).map(\.line) == [5, 7, 11])
        let escape = records[1].value?["text"]?.stringValue ?? ""
        #expect(escape.contains("\u{1B}[31m"))
        #expect(records[13].value?["text"]?.stringValue?.contains("\u{FFFD}") == true)
    }

    /// The FineWeb-schema Parquet sample (Scripts/make_fineweb_parquet.py --sample) reads as pyarrow reads it
    /// (a few rows kept by Scripts/parquet_goldens.py), so the workbench shows Parquet on first launch.
    @Test func fineWebParquetSampleMatchesPyarrow() throws {
        let dataset = try open("fineweb-sample.parquet")
        #expect(dataset.format == .parquet)
        #expect(dataset.rowCount == 210)
        #expect(dataset.inferSchema().columns.map(\.name) == ["text", "id", "dump", "url", "date", "file_path", "language",
                                                              "language_score", "token_count"])
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/parquet-sample/fineweb-sample.jsonl")
        let lines = try String(contentsOf: golden, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(lines.count == 6)
        for line in lines {
            let entry = try JSONParser.parse(String(line))
            guard let row = entry["row"]?.doubleValue, let expected = entry["record"],
                  let actual = try dataset.record(at: Int(row)).value else {
                Issue.record("unreadable golden or row: \(line.prefix(80))")
                continue
            }
            #expect(ParquetConformanceTests.same(actual, expected), "row \(Int(row))")
        }
    }
}
