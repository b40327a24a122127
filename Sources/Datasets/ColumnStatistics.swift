import Foundation
import Support
import Synchronization

/// What a column holds, VisiData's Describe and Frequency in one: kinds of value, nulls, distinct values, numeric
/// range and mean, string lengths, and the most frequent values. A partial summary is available while it is
/// being computed.
public struct ColumnSummary: Sendable, Hashable {
    public struct Numbers: Sendable, Hashable {
        public var count: Int
        public var minimum: Double
        public var maximum: Double
        public var mean: Double
        public var standardDeviation: Double
    }

    /// A histogram of string lengths (in characters): bins `[lower, upper]`, inclusive, growing in powers of two.
    public struct LengthBin: Sendable, Hashable {
        public var lower: Int
        public var upper: Int
        public var count: Int
    }

    public struct Lengths: Sendable, Hashable {
        public var minimum: Int
        public var maximum: Int
        public var mean: Double
        public var bins: [LengthBin]
    }

    public struct ValueCount: Sendable, Hashable {
        /// The value as a table cell shows it (cut to 200 bytes).
        public var value: String
        public var count: Int
    }

    public var column: String
    /// Rows looked at (malformed rows included).
    public var rowsScanned: Int
    /// Rows whose record lacks this column altogether.
    public var missing: Int
    /// Rows that are malformed (no value to look at).
    public var malformed: Int
    /// How many values of each kind (`null` counts nulls).
    public var kindCounts: [JSONKind: Int]
    public var nulls: Int { kindCounts[.null] ?? 0 }
    public var emptyStrings: Int
    /// Distinct non-missing values: exact up to `ColumnStatistics.exactDistinctLimit`, then estimated.
    public var distinct: Int
    public var distinctIsEstimate: Bool
    public var numbers: Numbers?
    public var lengths: Lengths?
    /// The most frequent values, most frequent first.
    public var topValues: [ValueCount]
    /// True when there were too many distinct values to count all exactly; rare values were then forgotten and
    /// the counts of frequent ones may be slightly low.
    public var topValuesAreApproximate: Bool
}

/// Where a statistics job stands.
public struct StatisticsProgress: Sendable, Hashable {
    public var rowsScanned: Int
    public var rowsTotal: Int
    public var isComplete: Bool
    public var isCancelled: Bool
    public var failure: DatasetError?

    public var fraction: Double {
        if isComplete { return 1 }
        return rowsTotal == 0 ? 0 : min(1, Double(rowsScanned) / Double(rowsTotal))
    }
}

/// Computes a `ColumnSummary` over every row of a dataset on a background thread (waiting for rows while the
/// dataset is still being indexed). Cancellable; `summary` can be read at any time.
public final class ColumnStatistics: Sendable {
    /// Distinct values are counted exactly up to this many, then estimated with HyperLogLog.
    public static let exactDistinctLimit = 100_000
    /// How many top values a summary lists.
    public static let topCount = 20

    public let dataset: Dataset
    public let column: Column

    /// What the statistics thread publishes and views read.
    private struct Shared: Sendable {
        var summary: ColumnSummary
        var progress: StatisticsProgress
    }

    private let shared: Mutex<Shared>
    private let control = PassControl()

    /// Starts computing statistics of `column` over at most `maxRows` rows (all rows when nil).
    public init(dataset: Dataset, column: Column, maxRows: Int? = nil) {
        self.dataset = dataset
        self.column = column
        let summary = ColumnSummary(column: column.name, rowsScanned: 0, missing: 0, malformed: 0, kindCounts: [:],
                                    emptyStrings: 0, distinct: 0, distinctIsEstimate: false, numbers: nil,
                                    lengths: nil, topValues: [], topValuesAreApproximate: false)
        let progress = StatisticsProgress(rowsScanned: 0, rowsTotal: dataset.rowCount, isComplete: false,
                                          isCancelled: false, failure: nil)
        shared = Mutex(Shared(summary: summary, progress: progress))
        BackgroundThread.start { [self] in run(maxRows: maxRows) }
    }

    public var summary: ColumnSummary { shared.withLock { $0.summary } }

    public var progress: StatisticsProgress { shared.withLock { $0.progress } }

    public func cancel() { control.cancel() }

    @discardableResult
    public func waitUntilComplete(timeout: Double = .infinity) -> StatisticsProgress {
        control.waitUntilFinished(timeout: timeout)
        return progress
    }

    private func run(maxRows: Int?) {
        var accumulator = SummaryAccumulator(column: column)
        let limit = maxRows ?? Int.max
        let text = dataset.reader as? TextRecordReader
        let column = self.column
        let bareColumn = column.path == ["value"]
        func publish(rows: Int) {
            let snapshot = accumulator.summary()
            let total = min(limit, max(dataset.rowCount, rows))
            shared.withLock {
                $0.summary = snapshot
                $0.progress.rowsScanned = rows
                $0.progress.rowsTotal = total
            }
        }
        var pass = RowPass(dataset: dataset)
        pass.limit = limit
        let ending = control.run(pass, progress: publish) { row, bytes in
            if let bytes, let text, !bareColumn {
                accumulator.add(try text.cell(in: bytes, path: column.path))
            } else {
                accumulator.add(try dataset.cell(at: row, column: column))
            }
        }
        publish(rows: ending.rows ?? accumulator.rows)
        shared.withLock {
            $0.progress.isComplete = true
            $0.progress.isCancelled = ending.isCancelled
            $0.progress.failure = ending.failure
        }
        control.markFinished()
    }
}

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
