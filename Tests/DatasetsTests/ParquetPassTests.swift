import Foundation
import Testing
@testable import Datasets

/// Search, column statistics and cell lookups on Parquet go through the same passes as on JSONL, with the same
/// results for the same records.
@Suite struct ParquetPassTests {
    /// The same 1000 records as JSONL and as Parquet (written by Loom's writer; a nested column becomes JSON text).
    func makeBoth(_ folder: TestFolder) throws -> (jsonl: Dataset, parquet: Dataset) {
        let lines = (0..<1000).map { index -> String in
            let word = index % 100 == 7 ? "Needle" : "hay"
            return #"{"id": \#(index), "text": "some \#(word) here", "meta": {"note": "\#(index == 500 ? "NEEDLE" : "x")"}}"#
        }
        try folder.write("s.jsonl", lines.joined(separator: "\n") + "\n")
        let jsonl = try folder.open("s.jsonl")
        let url = folder.url.appendingPathComponent("s.parquet")
        try ParquetExport.write(rows: Array(0..<1000), of: jsonl, to: url)
        return (jsonl, try Dataset.open(url))
    }

    @Test func searchFindsTheSameRows() throws {
        let folder = try TestFolder()
        let (jsonl, parquet) = try makeBoth(folder)
        for dataset in [jsonl, parquet] {
            let search = DatasetSearch(dataset: dataset, text: "needle")
            #expect(search.waitUntilComplete(timeout: 30).isComplete)
            #expect(search.matches == ((0..<10).map { $0 * 100 + 7 } + [500]).sorted(), "\(dataset.format)")
            let nested = DatasetSearch(dataset: dataset, text: "needle", column: Column(path: ["meta", "note"]))
            nested.waitUntilComplete(timeout: 30)
            #expect(nested.matches == [500], "\(dataset.format)")
        }
    }

    @Test func statisticsAgree() throws {
        let folder = try TestFolder()
        let (jsonl, parquet) = try makeBoth(folder)
        let summaries = [jsonl, parquet].map { dataset -> ColumnSummary in
            let statistics = ColumnStatistics(dataset: dataset, column: Column(path: ["id"]))
            statistics.waitUntilComplete(timeout: 30)
            return statistics.summary
        }
        #expect(summaries[1].rowsScanned == 1000)
        #expect(summaries[1].numbers?.maximum == 999)
        #expect(summaries[0].distinct == summaries[1].distinct)
        #expect(summaries[0].numbers?.mean == summaries[1].numbers?.mean)
        #expect(try parquet.cell(at: 500, column: Column(path: ["meta", "note"])) == .value(.string("NEEDLE")))
        #expect(try parquet.cell(at: 3, column: Column(path: ["nope"])) == .missing)
    }
}
