import Foundation
import Testing
@testable import Datasets

@Suite struct ColumnStatisticsTests {
    @Test func describesAMixedColumn() throws {
        let folder = try TestFolder()
        var lines: [String] = []
        for index in 0..<100 {
            switch index % 4 {
            case 0: lines.append(#"{"v": \#(index)}"#)
            case 1: lines.append(#"{"v": "s\#(index % 3)"}"#)
            case 2: lines.append(#"{"v": null}"#)
            default: lines.append(#"{"other": 1}"#)
            }
        }
        lines.append("{broken")
        try folder.write("m.jsonl", lines.joined(separator: "\n") + "\n")
        let dataset = try folder.open("m.jsonl")
        let statistics = ColumnStatistics(dataset: dataset, column: Column(path: ["v"]))
        let progress = statistics.waitUntilComplete(timeout: 30)
        #expect(progress.isComplete)
        let summary = statistics.summary
        #expect(summary.rowsScanned == 101)
        #expect(summary.malformed == 1)
        #expect(summary.missing == 25)
        #expect(summary.kindCounts == [.number: 25, .string: 25, .null: 25])
        #expect(summary.nulls == 25)
        // 25 numbers, 3 strings, null.
        #expect(summary.distinct == 29)
        #expect(!summary.distinctIsEstimate)
        let numbers = try #require(summary.numbers)
        #expect(numbers.count == 25)
        #expect(numbers.minimum == 0 && numbers.maximum == 96)
        #expect(abs(numbers.mean - 48) < 1e-12 * 48)
        let lengths = try #require(summary.lengths)
        #expect(lengths.minimum == 2 && lengths.maximum == 2)
        #expect(lengths.bins == [ColumnSummary.LengthBin(lower: 2, upper: 3, count: 25)])
        #expect(summary.topValues.first == ColumnSummary.ValueCount(value: "null", count: 25))
        #expect(summary.topValues.dropFirst().prefix(3).map(\.count) == [9, 8, 8])
    }

    @Test func estimatesDistinctBeyondTheExactLimit() throws {
        let folder = try TestFolder()
        let count = ColumnStatistics.exactDistinctLimit + 50_000
        let text = (0..<count).map { "{\"k\": \($0 % 3 == 0 ? "\"same\"" : String($0))}\n" }.joined()
        try folder.write("d.jsonl", text)
        let dataset = try folder.open("d.jsonl")
        let statistics = ColumnStatistics(dataset: dataset, column: Column(path: ["k"]))
        statistics.waitUntilComplete(timeout: 120)
        let summary = statistics.summary
        #expect(summary.distinctIsEstimate)
        let exact = Double(count - count / 3 + 1) // numbers not divisible by 3, plus "same"
        #expect(abs(Double(summary.distinct) - exact) / exact < 0.03)
        #expect(summary.topValues.first?.value == "same")
        #expect(summary.topValues.first?.count == (count + 2) / 3)
        #expect(summary.topValuesAreApproximate)
    }

    @Test func hyperLogLogIsAccurateOnSmallAndLargeSets() {
        for size in [10, 1_000, 200_000] {
            var sketch = HyperLogLog()
            for value in 0..<size {
                var hasher = Hasher()
                hasher.combine(value)
                sketch.add(hash: UInt64(bitPattern: Int64(hasher.finalize())))
            }
            #expect(abs(sketch.estimate - Double(size)) / Double(size) < 0.03, "size \(size): \(sketch.estimate)")
        }
    }

    @Test func stringLengthBinsArePowersOfTwo() {
        #expect(SummaryAccumulator.bin(of: 0) == 0)
        #expect(SummaryAccumulator.bin(of: 1) == 1)
        #expect(SummaryAccumulator.bin(of: 3) == 2)
        #expect(SummaryAccumulator.bin(of: 4) == 3)
        #expect(SummaryAccumulator.bin(of: 1000) == 10)
    }

    @Test func cancels() throws {
        let folder = try TestFolder()
        try folder.write("c.jsonl", String(repeating: "{\"k\": 1}\n", count: 300_000))
        let dataset = try folder.open("c.jsonl")
        let statistics = ColumnStatistics(dataset: dataset, column: Column(path: ["k"]))
        statistics.cancel()
        let progress = statistics.waitUntilComplete(timeout: 30)
        #expect(progress.isCancelled || progress.rowsScanned == 300_000)
    }
}
