import Foundation
import Support
import Synchronization

/// The rows of a dataset in the order of one column, computed on a background thread: every row's cell is read
/// (parsing only that cell), then the row numbers are sorted. Numbers sort as numbers, missing values last in both
/// directions, ties keep file order. The result is a permutation of row numbers: the file is never touched.
public final class DatasetSort: Sendable {
    public let dataset: Dataset
    public let column: Column
    public let descending: Bool

    private struct Shared: Sendable {
        var order: [Int]?
        var progress: PassProgress
    }

    private let shared: Mutex<Shared>
    private let control = PassControl()

    public init(dataset: Dataset, column: Column, descending: Bool) {
        self.dataset = dataset
        self.column = column
        self.descending = descending
        shared = Mutex(Shared(order: nil, progress: PassProgress(rowsTotal: dataset.rowCount)))
        BackgroundThread.start { [self] in run() }
    }

    public var progress: PassProgress { shared.withLock { $0.progress } }

    /// The sorted row numbers, once the sort is complete (nil before, or when it was cancelled or failed).
    public var order: [Int]? { shared.withLock { $0.order } }

    public func cancel() { control.cancel() }

    @discardableResult
    public func waitUntilComplete(timeout: Double = .infinity) -> PassProgress {
        control.waitUntilFinished(timeout: timeout)
        return progress
    }

    private func run() {
        var keys: [CellKey] = []
        let column = self.column
        let ending = control.run(RowPass(dataset: dataset), progress: { rows in
            let total = max(self.dataset.rowCount, rows)
            self.shared.withLock {
                $0.progress.rowsDone = rows
                $0.progress.rowsTotal = total
            }
        }) { row, bytes in
            keys.append(CellKey(try dataset.passCell(row: row, bytes: bytes, column: column)))
        }
        var order: [Int]?
        if ending.failure == nil, !ending.isCancelled {
            let descending = self.descending
            var rows = Array(keys.indices)
            keys.withUnsafeBufferPointer { keys in
                rows.sort { a, b in
                    if CellKey.precedes(keys[a], keys[b], descending: descending) { return true }
                    if CellKey.precedes(keys[b], keys[a], descending: descending) { return false }
                    return a < b
                }
            }
            order = rows
        }
        shared.withLock {
            $0.order = order
            $0.progress.rowsDone = keys.count
            $0.progress.rowsTotal = max($0.progress.rowsTotal, keys.count)
            $0.progress.isComplete = true
            $0.progress.isCancelled = ending.isCancelled
            $0.progress.failure = ending.failure
        }
        control.markFinished()
    }
}
