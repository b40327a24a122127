import Foundation
import Support
import Synchronization

/// The rows of a dataset that meet every one of a stack of `RowFilter`s, found on a background thread while the
/// user keeps browsing; matching rows (ascending) grow as they are found. Works on a file that is still being
/// indexed: the pass waits for rows, reading each once and parsing only the cells the filters look at.
public final class DatasetFilter: Sendable {
    public let dataset: Dataset
    public let filters: [RowFilter]

    private struct Shared: Sendable {
        var rows: [Int] = []
        var progress: PassProgress
    }

    private let shared: Mutex<Shared>
    private let control = PassControl()

    public init(dataset: Dataset, filters: [RowFilter]) {
        self.dataset = dataset
        self.filters = filters
        shared = Mutex(Shared(progress: PassProgress(rowsTotal: dataset.rowCount)))
        BackgroundThread.start { [self] in run() }
    }

    public var progress: PassProgress { shared.withLock { $0.progress } }

    /// Rows that pass every filter, found so far, ascending.
    public var rows: [Int] { shared.withLock { $0.rows } }

    public func cancel() { control.cancel() }

    @discardableResult
    public func waitUntilComplete(timeout: Double = .infinity) -> PassProgress {
        control.waitUntilFinished(timeout: timeout)
        return progress
    }

    private func run() {
        let compiled = filters.map(CompiledFilter.init)
        var pending: [Int] = []
        func publish(rows: Int) {
            let total = max(dataset.rowCount, rows)
            shared.withLock {
                $0.rows.append(contentsOf: pending)
                $0.progress.rowsDone = rows
                $0.progress.rowsTotal = total
            }
            pending.removeAll(keepingCapacity: true)
        }
        let ending = control.run(RowPass(dataset: dataset), progress: publish) { row, bytes in
            var content: Record.Content?
            for filter in compiled {
                let lookup: CellLookup
                if let column = filter.filter.column {
                    lookup = try dataset.passCell(row: row, bytes: bytes, column: column)
                } else {
                    // The whole row, parsed once for every filter that reads it.
                    let parsed = try content ?? dataset.passContent(row: row, bytes: bytes)
                    content = parsed
                    switch parsed {
                    case .value(let value): lookup = .value(value)
                    case .malformed(let text, _): lookup = .value(.string(text))
                    }
                }
                if !filter.passes(lookup) { return }
            }
            pending.append(row)
        }
        publish(rows: ending.rows ?? progress.rowsDone)
        shared.withLock {
            $0.progress.isComplete = true
            $0.progress.isCancelled = ending.isCancelled
            $0.progress.failure = ending.failure
        }
        control.markFinished()
    }
}
