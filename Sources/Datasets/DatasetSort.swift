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

    /// What the sort keeps per row: no text for numbers, text cut short (a 1 GB file has millions of rows).
    private enum SortKey {
        case number(Double)
        case text(String)
        case missing

        static let textBytes = 256

        init(_ key: CellKey) {
            switch key {
            case .number(let value, _): self = .number(value)
            case .text(let text):
                self = .text(text.utf8.count <= Self.textBytes ? text : String(decoding: text.utf8.prefix(Self.textBytes), as: UTF8.self))
            case .missing: self = .missing
            }
        }

        static func precedes(_ a: SortKey, _ b: SortKey, descending: Bool) -> Bool {
            switch (a, b) {
            case (.missing, _): return false
            case (_, .missing): return true
            case (.number(let x), .number(let y)): return descending ? x > y : x < y
            case (.text(let x), .text(let y)):
                return descending ? y.utf8.lexicographicallyPrecedes(x.utf8) : x.utf8.lexicographicallyPrecedes(y.utf8)
            case (.number, .text): return !descending
            case (.text, .number): return descending
            }
        }
    }

    private func run() {
        var keys: [SortKey] = []
        let column = self.column
        let ending = control.run(RowPass(dataset: dataset), progress: { rows in
            let total = max(self.dataset.rowCount, rows)
            self.shared.withLock {
                $0.progress.rowsDone = rows
                $0.progress.rowsTotal = total
            }
        }) { row, bytes in
            keys.append(SortKey(CellKey(try dataset.passCell(row: row, bytes: bytes, column: column))))
        }
        var order: [Int]?
        if ending.failure == nil, !ending.isCancelled {
            let descending = self.descending
            var rows = Array(keys.indices)
            keys.withUnsafeBufferPointer { keys in
                rows.sort { a, b in
                    if SortKey.precedes(keys[a], keys[b], descending: descending) { return true }
                    if SortKey.precedes(keys[b], keys[a], descending: descending) { return false }
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
