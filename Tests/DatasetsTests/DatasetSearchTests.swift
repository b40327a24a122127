import Foundation
import Testing
@testable import Datasets

@Suite struct DatasetSearchTests {
    func makeDataset(_ folder: TestFolder) throws -> Dataset {
        let lines = (0..<1000).map { index -> String in
            let word = index % 100 == 7 ? "Needle" : "hay"
            return #"{"id": \#(index), "text": "some \#(word) here", "meta": {"note": "\#(index == 500 ? "NEEDLE" : "x")"}}"#
        }
        try folder.write("s.jsonl", lines.joined(separator: "\n") + "\n{bad needle line\n"
                         + #"{"text": "esc\u0061ped n\u0065edle"}"# + "\n")
        return try folder.open("s.jsonl")
    }

    @Test func findsMatchesInAllColumnsCaseInsensitively() throws {
        let folder = try TestFolder()
        let dataset = try makeDataset(folder)
        let search = DatasetSearch(dataset: dataset, text: "needle")
        let progress = search.waitUntilComplete(timeout: 30)
        #expect(progress.isComplete && !progress.isCancelled)
        let expected = (0..<10).map { $0 * 100 + 7 } + [1000, 1001]
        #expect(search.matches == (expected + [500]).sorted())
        #expect(progress.rowsSearched == 1002)
    }

    @Test func searchesOneColumn() throws {
        let folder = try TestFolder()
        let dataset = try makeDataset(folder)
        let note = Column(path: ["meta", "note"])
        let search = DatasetSearch(dataset: dataset, text: "needle", column: note)
        search.waitUntilComplete(timeout: 30)
        #expect(search.matches == [500])
    }

    @Test func doesNotMatchKeys() throws {
        let folder = try TestFolder()
        let dataset = try makeDataset(folder)
        let search = DatasetSearch(dataset: dataset, text: "meta")
        search.waitUntilComplete(timeout: 30)
        #expect(search.matches.isEmpty)
    }

    @Test func nextAndPreviousWrapAround() throws {
        let folder = try TestFolder()
        let dataset = try makeDataset(folder)
        let search = DatasetSearch(dataset: dataset, text: "NEEDLE")
        search.waitUntilComplete(timeout: 30)
        #expect(search.nextMatch(after: 0) == 7)
        #expect(search.nextMatch(after: 7) == 107)
        #expect(search.nextMatch(after: 1001) == 7)
        #expect(search.nextMatch(after: 1001, wrap: false) == nil)
        #expect(search.previousMatch(before: 107) == 7)
        #expect(search.previousMatch(before: 7) == 1001)
        #expect(search.previousMatch(before: 501) == 500)
    }

    @Test func escapesNeverHideMatches() throws {
        let folder = try TestFolder()
        try folder.write("e.jsonl", #"{"t": "path a\/b here"}"# + "\n" + #"{"t": "line\nbreak"}"# + "\n"
                         + #"{"t": "tab\there"}"# + "\n" + #"{"t": "x\u0041BC"}"# + "\n")
        let dataset = try folder.open("e.jsonl")
        for (needle, rows) in [("a/b", [0]), ("breAk", [1]), ("line", [1]), ("abc", [3]), ("nbreak", [])] {
            let search = DatasetSearch(dataset: dataset, text: needle)
            search.waitUntilComplete(timeout: 30)
            #expect(search.matches == rows, "\(needle)")
        }
    }

    @Test func searchesCSVCells() throws {
        let folder = try TestFolder()
        try folder.write("c.csv", "a,b\n1,\"say \"\"Hi\"\"\"\n2,hello\n")
        let dataset = try folder.open("c.csv")
        let search = DatasetSearch(dataset: dataset, text: "hi")
        search.waitUntilComplete(timeout: 30)
        #expect(search.matches == [0])
    }

    @Test func searchesNonASCIIText() throws {
        let folder = try TestFolder()
        try folder.write("u.jsonl", "{\"t\": \"Ärger\"}\n{\"t\": \"arger\"}\n{\"t\": \"ÄRGER\"}\n")
        let dataset = try folder.open("u.jsonl")
        let search = DatasetSearch(dataset: dataset, text: "äRg")
        search.waitUntilComplete(timeout: 30)
        #expect(search.matches == [0, 2])
    }

    @Test func searchesAcrossBlocksAndHugeRows() throws {
        // About 12 MB with a 5 MB row in the middle: several block reads and one row read alone.
        let folder = try TestFolder()
        var text = ""
        for index in 0..<300_000 {
            if index == 150_000 {
                text += "{\"t\": \"" + String(repeating: "y", count: 5 << 20) + " target\"}\n"
            }
            text += index % 1000 == 999 ? "{\"t\": \"the Target\"}\n" : "{\"t\": \"nothing\"}\n"
        }
        try folder.write("blocks.jsonl", text)
        let dataset = try Dataset.open(folder.url.appendingPathComponent("blocks.jsonl"))
        let search = DatasetSearch(dataset: dataset, text: "target")
        let progress = search.waitUntilComplete(timeout: 60)
        #expect(progress.rowsSearched == 300_001)
        var expected = (0..<300).map { $0 * 1000 + 999 }.map { $0 >= 150_000 ? $0 + 1 : $0 }
        expected.append(150_000)
        #expect(search.matches == expected.sorted())
        let statistics = ColumnStatistics(dataset: dataset, column: Column(path: ["t"]))
        statistics.waitUntilComplete(timeout: 60)
        #expect(statistics.summary.topValues.first == ColumnSummary.ValueCount(value: "nothing", count: 299_700))
        #expect(statistics.summary.lengths?.maximum == (5 << 20) + 7)
    }

    @Test func cancels() throws {
        let folder = try TestFolder()
        try folder.write("big.jsonl", String(repeating: "{\"t\": \"no match here\"}\n", count: 300_000))
        let dataset = try Dataset.open(folder.url.appendingPathComponent("big.jsonl"))
        let search = DatasetSearch(dataset: dataset, text: "zzz")
        search.cancel()
        let progress = search.waitUntilComplete(timeout: 30)
        #expect(progress.isComplete)
        #expect(progress.isCancelled || progress.rowsSearched == 300_000)
        #expect(search.matches.isEmpty)
    }
}
