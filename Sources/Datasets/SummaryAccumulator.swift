import Foundation
import Support

/// The running totals behind a `ColumnSummary`.
struct SummaryAccumulator {
    let column: Column
    var rows = 0
    var missing = 0
    var malformed = 0
    var kinds: [JSONKind: Int] = [:]
    var emptyStrings = 0
    // Numbers (Welford's running mean and variance).
    var numberCount = 0
    var minimum = Double.infinity
    var maximum = -Double.infinity
    var mean = 0.0
    var m2 = 0.0
    // String lengths.
    var lengthCount = 0
    var lengthTotal = 0
    var lengthMinimum = Int.max
    var lengthMaximum = 0
    var lengthBins = [Int](repeating: 0, count: 64)
    // Distinct values and frequencies.
    var sketch = HyperLogLog()
    var counts: [String: Int] = [:]
    var distinctOverflowed = false
    var countsPruned = false

    init(column: Column) { self.column = column }

    mutating func add(_ lookup: CellLookup) {
        rows += 1
        switch lookup {
        case .malformed: malformed += 1
        case .missing: missing += 1
        case .value(let cell): add(cell)
        }
    }

    mutating func add(_ cell: JSONValue) {
        kinds[cell.kind, default: 0] += 1
        switch cell {
        case .number(let text):
            if let number = Double(text), number.isFinite {
                numberCount += 1
                minimum = Swift.min(minimum, number)
                maximum = Swift.max(maximum, number)
                let delta = number - mean
                mean += delta / Double(numberCount)
                m2 += delta * (number - mean)
            }
        case .string(let text):
            if text.isEmpty { emptyStrings += 1 }
            let length = text.count
            lengthCount += 1
            lengthTotal += length
            lengthMinimum = Swift.min(lengthMinimum, length)
            lengthMaximum = Swift.max(lengthMaximum, length)
            lengthBins[SummaryAccumulator.bin(of: length)] += 1
        default:
            break
        }
        let key = JSONFormatter.cellText(cell, maxBytes: 200)
        var hasher = Hasher()
        hasher.combine(cell)
        sketch.add(hash: UInt64(bitPattern: Int64(hasher.finalize())))
        if let count = counts[key] {
            counts[key] = count + 1
        } else {
            counts[key] = 1
            if counts.count > ColumnStatistics.exactDistinctLimit {
                distinctOverflowed = true
                prune()
            }
        }
    }

    /// Forgets values seen once (then twice, …) until the table is half full: frequent values survive.
    mutating func prune() {
        countsPruned = true
        var threshold = 1
        while counts.count > ColumnStatistics.exactDistinctLimit / 2 {
            counts = counts.filter { $0.value > threshold }
            threshold += 1
        }
    }

    /// Bin 0 holds length 0; bin k ≥ 1 holds lengths in [2^(k-1), 2^k - 1].
    static func bin(of length: Int) -> Int {
        length == 0 ? 0 : (Int.bitWidth - length.leadingZeroBitCount)
    }

    func summary() -> ColumnSummary {
        var numbers: ColumnSummary.Numbers?
        if numberCount > 0 {
            let variance = numberCount > 1 ? m2 / Double(numberCount - 1) : 0
            numbers = .init(count: numberCount, minimum: minimum, maximum: maximum, mean: mean,
                            standardDeviation: variance.squareRoot())
        }
        var lengths: ColumnSummary.Lengths?
        if lengthCount > 0 {
            var bins: [ColumnSummary.LengthBin] = []
            let lastBin = SummaryAccumulator.bin(of: lengthMaximum)
            let firstBin = SummaryAccumulator.bin(of: lengthMinimum)
            for index in firstBin...lastBin {
                let lower = index == 0 ? 0 : 1 << (index - 1)
                let upper = index == 0 ? 0 : (1 << index) - 1
                bins.append(.init(lower: lower, upper: upper, count: lengthBins[index]))
            }
            lengths = .init(minimum: lengthMinimum, maximum: lengthMaximum,
                            mean: Double(lengthTotal) / Double(lengthCount), bins: bins)
        }
        // The top values without sorting the whole table: keep the best `topCount` seen so far.
        func before(_ a: (key: String, value: Int), _ b: (key: String, value: Int)) -> Bool {
            a.value == b.value ? a.key < b.key : a.value > b.value
        }
        var best: [(key: String, value: Int)] = []
        best.reserveCapacity(ColumnStatistics.topCount + 1)
        for entry in counts {
            if best.count == ColumnStatistics.topCount, let last = best.last, !before(entry, last) { continue }
            let position = best.firstIndex { before(entry, $0) } ?? best.count
            best.insert(entry, at: position)
            if best.count > ColumnStatistics.topCount { best.removeLast() }
        }
        let top = best.map { ColumnSummary.ValueCount(value: $0.key, count: $0.value) }
        let distinct = distinctOverflowed ? Int(sketch.estimate.rounded()) : counts.count
        return ColumnSummary(column: column.name, rowsScanned: rows, missing: missing, malformed: malformed,
                             kindCounts: kinds, emptyStrings: emptyStrings, distinct: distinct,
                             distinctIsEstimate: distinctOverflowed, numbers: numbers, lengths: lengths,
                             topValues: Array(top), topValuesAreApproximate: countsPruned)
    }
}
