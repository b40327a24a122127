import Foundation
import Support
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A case-insensitive substring search over the values of every column (or of one column), running on its own
/// thread while the user keeps browsing. Matches (row numbers, ascending) grow as they are found; `n`/`N` use
/// `nextMatch(after:)` and `previousMatch(before:)`. Object keys are not searched, only values.
///
/// Rows are first checked on their raw bytes (ASCII case folded, `memmem`); only rows that may match are parsed,
/// so a search costs little more than reading the file.
public final class DatasetSearch: Sendable {
    public let dataset: Dataset
    public let text: String
    /// The column searched, or nil for all columns.
    public let column: Column?

    /// What the search thread publishes and views read: matching rows (ascending) and progress.
    private struct Shared: Sendable {
        var found: [Int] = []
        var progress: SearchProgress
    }

    private let shared: Mutex<Shared>
    private let control = PassControl()

    /// Starts searching `dataset` for `text` (case-insensitive) in `column`, or in every value when nil.
    public init(dataset: Dataset, text: String, column: Column? = nil) {
        self.dataset = dataset
        self.text = text
        self.column = column
        shared = Mutex(Shared(progress: SearchProgress(rowsSearched: 0, rowsTotal: dataset.rowCount, matchCount: 0,
                                                       isComplete: false, isCancelled: false, failure: nil)))
        BackgroundThread.start { [self] in run() }
    }

    public var progress: SearchProgress { shared.withLock { $0.progress } }

    /// Matching rows found so far, ascending.
    public var matches: [Int] { shared.withLock { $0.found } }

    public func cancel() { control.cancel() }

    /// The first match after `row`; wraps to the first match when `wrap` is true and none follows.
    public func nextMatch(after row: Int, wrap: Bool = true) -> Int? {
        shared.withLock { Self.match(in: $0.found, after: row, wrap: wrap) }
    }

    private static func match(in found: [Int], after row: Int, wrap: Bool) -> Int? {
        var low = 0
        var high = found.count
        while low < high {
            let middle = (low + high) / 2
            if found[middle] <= row { low = middle + 1 } else { high = middle }
        }
        if low < found.count { return found[low] }
        return wrap ? found.first : nil
    }

    /// The last match before `row`; wraps to the last match when `wrap` is true and none precedes.
    public func previousMatch(before row: Int, wrap: Bool = true) -> Int? {
        shared.withLock { Self.match(in: $0.found, before: row, wrap: wrap) }
    }

    private static func match(in found: [Int], before row: Int, wrap: Bool) -> Int? {
        var low = 0
        var high = found.count
        while low < high {
            let middle = (low + high) / 2
            if found[middle] < row { low = middle + 1 } else { high = middle }
        }
        if low > 0 { return found[low - 1] }
        return wrap ? found.last : nil
    }

    /// Blocks until the search ends or `timeout` seconds pass; returns the progress then.
    @discardableResult
    public func waitUntilComplete(timeout: Double = .infinity) -> SearchProgress {
        control.waitUntilFinished(timeout: timeout)
        return progress
    }

    // MARK: The search thread

    private func run() {
        let matcher = ValueMatcher(text)
        var pending: [Int] = []
        var scratch: [UInt8] = []
        let text = dataset.reader as? TextRecordReader
        func publish(rows: Int) {
            let total = max(dataset.rowCount, rows)
            shared.withLock {
                $0.found.append(contentsOf: pending)
                $0.progress.rowsSearched = rows
                $0.progress.rowsTotal = total
                $0.progress.matchCount = $0.found.count
            }
            pending.removeAll(keepingCapacity: true)
        }
        let ending = control.run(RowPass(dataset: dataset), progress: publish) { row, bytes in
            let hit: Bool
            if let bytes, let text {
                hit = try matches(bytes: bytes, reader: text, matcher: matcher, scratch: &scratch)
            } else {
                hit = try matches(row: row, matcher: matcher)
            }
            if hit { pending.append(row) }
        }
        publish(rows: ending.rows ?? progress.rowsSearched)
        shared.withLock {
            $0.progress.isComplete = true
            $0.progress.isCancelled = ending.isCancelled
            $0.progress.failure = ending.failure
        }
        control.markFinished()
    }

    /// Matching on a text row's bytes: the raw pre-check on a folded copy, then only the cell or the row parsed.
    private func matches(bytes: UnsafeRawBufferPointer, reader: TextRecordReader, matcher: ValueMatcher,
                         scratch: inout [UInt8]) throws -> Bool {
        if matcher.canPrefilter {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: bytes)
            if !matcher.rawMayMatch(&scratch, format: dataset.format) { return false }
        }
        if let column, column.path != ["value"] {
            guard case .value(let cell) = try reader.cell(in: bytes, path: column.path) else { return false }
            return matcher.matches(value: cell)
        }
        let content = try reader.decode(bytes, cut: false, maxBytes: nil).0
        switch content {
        case .malformed(let text, _):
            return column == nil && matcher.matches(text)
        case .value(let value):
            guard let column else { return matcher.matches(value: value) }
            guard case .value(let cell) = Dataset.lookup(column, in: value) else { return false }
            return matcher.matches(value: cell)
        }
    }

    private func matches(row: Int, matcher: ValueMatcher) throws -> Bool {
        if let column {
            guard case .value(let cell) = try dataset.cell(at: row, column: column) else { return false }
            return matcher.matches(value: cell)
        }
        let record = try dataset.record(at: row)
        switch record.content {
        case .malformed(let text, _):
            return matcher.matches(text)
        case .value(let value):
            return matcher.matches(value: value)
        }
    }
}
