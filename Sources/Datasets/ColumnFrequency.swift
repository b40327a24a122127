import Foundation
import Support
import Synchronization

/// How often each value of one column occurs (VisiData's frequency table), counted on a background thread: every
/// distinct value up to `maximumDistinct`, the rest counted together as other values. Values are `CellKey`s, so a
/// chosen entry becomes a filter (`RowFilter.Test.equalsKey`) that keeps exactly the rows counted.
public final class ColumnFrequency: Sendable {
    public static let maximumDistinct = 1_000_000
    /// Entries are re-sorted for the view while counting only while there are fewer distinct values than this.
    static let liveSortLimit = 50_000

    public struct Entry: Sendable, Hashable {
        public var key: CellKey
        public var count: Int
    }

    public let dataset: Dataset
    public let column: Column

    private struct Shared: Sendable {
        var entries: [Entry] = []
        var rows = 0
        var otherCount = 0
        var progress: PassProgress
    }

    private let shared: Mutex<Shared>
    private let control = PassControl()

    public init(dataset: Dataset, column: Column) {
        self.dataset = dataset
        self.column = column
        shared = Mutex(Shared(progress: PassProgress(rowsTotal: dataset.rowCount)))
        BackgroundThread.start { [self] in run() }
    }

    public var progress: PassProgress { shared.withLock { $0.progress } }
    /// Values by count, most frequent first (ties by value); complete once `progress.isComplete`.
    public var entries: [Entry] { shared.withLock { $0.entries } }
    /// Rows counted.
    public var rows: Int { shared.withLock { $0.rows } }
    /// Rows whose value came after `maximumDistinct` distinct values were seen.
    public var otherCount: Int { shared.withLock { $0.otherCount } }

    public func cancel() { control.cancel() }

    @discardableResult
    public func waitUntilComplete(timeout: Double = .infinity) -> PassProgress {
        control.waitUntilFinished(timeout: timeout)
        return progress
    }

    private func run() {
        var counts: [CellKey: Int] = [:]
        var other = 0
        var counted = 0
        let column = self.column
        func publish(rows: Int, final: Bool) {
            let sorted: [Entry]? = final || counts.count <= Self.liveSortLimit ? Self.sorted(counts) : nil
            let total = max(dataset.rowCount, rows)
            shared.withLock {
                if let sorted { $0.entries = sorted }
                $0.rows = counted
                $0.otherCount = other
                $0.progress.rowsDone = rows
                $0.progress.rowsTotal = total
            }
        }
        let ending = control.run(RowPass(dataset: dataset), progress: { publish(rows: $0, final: false) }) { row, bytes in
            let key = CellKey(try dataset.passCell(row: row, bytes: bytes, column: column))
            counted += 1
            if counts[key] != nil || counts.count < Self.maximumDistinct {
                counts[key, default: 0] += 1
            } else {
                other += 1
            }
        }
        publish(rows: ending.rows ?? counted, final: true)
        shared.withLock {
            $0.progress.isComplete = true
            $0.progress.isCancelled = ending.isCancelled
            $0.progress.failure = ending.failure
        }
        control.markFinished()
    }

    private static func sorted(_ counts: [CellKey: Int]) -> [Entry] {
        counts.map { Entry(key: $0.key, count: $0.value) }.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            return CellKey.precedes(a.key, b.key, descending: false)
        }
    }
}
