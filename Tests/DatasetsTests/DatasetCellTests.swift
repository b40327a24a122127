import Testing
@testable import Datasets

/// One cell read by projection agrees with the same cell looked up in the whole record.
@Suite struct DatasetCellTests {
    @Test func datasetCellsMatchRecords() throws {
        let folder = try TestFolder()
        try folder.write("c.jsonl", "{\"a\": {\"b\": 1}}\n{\"a\": 2}\n{bad\n[1]\n")
        let dataset = try folder.open("c.jsonl")
        let column = Column(path: ["a", "b"])
        #expect(try (0..<4).map { try dataset.cell(at: $0, column: column) } == [.value(.number("1")), .missing, .malformed, .missing])
        #expect(try dataset.cell(at: 3, column: Column(path: ["value"])) == .value(.array([.number("1")])))
    }
}
