import Foundation
import Support
import Synchronization

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
