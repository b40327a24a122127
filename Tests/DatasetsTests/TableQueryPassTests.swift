import Foundation
import Testing
@testable import Datasets

/// The background passes behind the table's view: sort, filter and the frequency table.
@Suite struct TableQueryPassTests {
    /// Scores as numbers and as text, a missing one, a null, and a malformed row.
    func makeDataset(_ folder: TestFolder) throws -> Dataset {
        let lines = [
            #"{"id": 1, "score": 9, "name": "b"}"#,
            #"{"id": 2, "score": 10, "name": "a"}"#,
            #"{"id": 3, "name": "c"}"#,
            #"{"id": 4, "score": "2.5", "name": "a"}"#,
            #"{"id": 5, "score": null, "name": "d"}"#,
            #"{"id": 6, "score": -1, "name": "a"}"#,
            "{broken",
        ]
        try folder.write("t.jsonl", lines.joined(separator: "\n") + "\n")
        return try folder.open("t.jsonl")
    }

    @Test func sortsNumbersAsNumbersWithMissingValuesLast() throws {
        let folder = try TestFolder()
        let dataset = try makeDataset(folder)
        let score = Column(path: ["score"])
        let ascending = DatasetSort(dataset: dataset, column: score, descending: false)
        #expect(ascending.waitUntilComplete(timeout: 30).isComplete)
        #expect(ascending.order == [5, 3, 0, 1, 2, 4, 6], "-1, 2.5, 9, 10, then missing, null and malformed in file order")
        let descending = DatasetSort(dataset: dataset, column: score, descending: true)
        descending.waitUntilComplete(timeout: 30)
        #expect(descending.order == [1, 0, 3, 5, 2, 4, 6], "missing values stay last when descending")
    }

    @Test func sortIsStableOnText() throws {
        let folder = try TestFolder()
        let dataset = try makeDataset(folder)
        let sort = DatasetSort(dataset: dataset, column: Column(path: ["name"]), descending: false)
        sort.waitUntilComplete(timeout: 30)
        #expect(sort.order == [1, 3, 5, 0, 2, 4, 6])
    }

    @Test func filtersCompareNumbersAsNumbersAndStack() throws {
        let folder = try TestFolder()
        let dataset = try makeDataset(folder)
        let columns = dataset.inferSchema().columns
        let greater = try RowFilter.parse("score > 2", columns: columns)
        let filter = DatasetFilter(dataset: dataset, filters: [greater])
        #expect(filter.waitUntilComplete(timeout: 30).isComplete)
        #expect(filter.rows == [0, 1, 3])
        let both = DatasetFilter(dataset: dataset, filters: [greater, try RowFilter.parse("name == a", columns: columns)])
        both.waitUntilComplete(timeout: 30)
        #expect(both.rows == [1, 3])
        let regex = DatasetFilter(dataset: dataset, filters: [try RowFilter.parse("name ~ ^[bc]$", columns: columns)])
        regex.waitUntilComplete(timeout: 30)
        #expect(regex.rows == [0, 2])
        let notEqual = DatasetFilter(dataset: dataset, filters: [try RowFilter.parse("name != a", columns: columns)])
        notEqual.waitUntilComplete(timeout: 30)
        #expect(notEqual.rows == [0, 2, 4, 6], "a missing value (the malformed row) is != anything")
    }

    @Test func parseErrorsSayWhatIsWrong() throws {
        let columns = [Column(path: ["score"])]
        #expect(throws: RowFilter.ParseError.self) { try RowFilter.parse("score 3", columns: columns) }
        #expect(throws: RowFilter.ParseError.self) { try RowFilter.parse("nope == 3", columns: columns) }
        #expect(throws: RowFilter.ParseError.self) { try RowFilter.parse("score ~ (", columns: columns) }
        let quoted = try RowFilter.parse("score <= \"3\"", columns: columns)
        #expect(quoted.description == "score <= 3")
    }

    @Test func frequencyCountsEveryValueAndItsEntryFiltersToThoseRows() throws {
        let folder = try TestFolder()
        let dataset = try makeDataset(folder)
        let name = Column(path: ["name"])
        let frequency = ColumnFrequency(dataset: dataset, column: name)
        #expect(frequency.waitUntilComplete(timeout: 30).isComplete)
        let entries = frequency.entries
        #expect(entries.first?.key.text == "a" && entries.first?.count == 3)
        #expect(entries.map(\.count).reduce(0, +) == 7)
        #expect(entries.contains { $0.key.isMissing && $0.count == 1 }, "the malformed row counts as missing")
        let filter = DatasetFilter(dataset: dataset, filters: [RowFilter(.equalsKey(name, entries[0].key))])
        filter.waitUntilComplete(timeout: 30)
        #expect(filter.rows == [1, 3, 5])
    }

    @Test func searchFilterKeepsRowsWithTheText() throws {
        let folder = try TestFolder()
        let dataset = try makeDataset(folder)
        let filter = DatasetFilter(dataset: dataset, filters: [RowFilter(.contains("A", nil))])
        filter.waitUntilComplete(timeout: 30)
        #expect(filter.rows == [1, 3, 5])
    }
}

@Suite struct TableQueryPassIndexingTests {
    @Test func aFilterStartedBeforeTheIndexIsDoneCoversEveryRow() throws {
        let folder = try TestFolder()
        let lines = (0..<300_000).map { #"{"n": \#($0 % 3)}"# }
        let url = try folder.write("big.jsonl", lines.joined(separator: "\n") + "\n")
        let dataset = try Dataset.open(url)
        let filter = DatasetFilter(dataset: dataset, filters: [RowFilter(.equalsKey(Column(path: ["n"]), CellKey(.number("2"))))])
        #expect(filter.waitUntilComplete(timeout: 60).isComplete)
        #expect(filter.rows.count == 100_000)
        #expect(dataset.progress.isComplete)
    }
}
