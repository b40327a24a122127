import Foundation

/// One pass over every row of a dataset for background work (search, statistics): waits while the index is still
/// growing, reads text rows in large blocks, checks for cancellation every 256 rows, and reports progress about
/// ten times a second.
struct RowPass {
    let dataset: Dataset
    /// Rows to visit at most.
    var limit = Int.max

    enum Outcome {
        case finished(rows: Int)
        case cancelled(rows: Int)
    }

    /// Calls `visit` for each row with the row's bytes when the reader has text rows (else nil: use `dataset`).
    /// `progress` receives the rows done so far. Throws what reading throws (e.g. the file was truncated).
    func run(isCancelled: () -> Bool, progress: (Int) -> Void,
             visit: (Int, UnsafeRawBufferPointer?) throws -> Void) throws -> Outcome {
        let text = dataset.reader as? TextRecordReader
        var row = 0
        var lastReport = DispatchTime.now().uptimeNanoseconds
        var stopped = false
        func tick() -> Bool {
            if row & 255 == 0 {
                if isCancelled() { return false }
                let now = DispatchTime.now().uptimeNanoseconds
                if now &- lastReport >= 100_000_000 {
                    progress(row)
                    lastReport = now
                }
            }
            return true
        }
        while row < limit {
            if isCancelled() { return .cancelled(rows: row) }
            let available = min(dataset.rowCount, limit)
            if row >= available {
                if dataset.progress.isComplete && row >= min(dataset.rowCount, limit) { break }
                progress(row)
                dataset.waitForRows(row + 1, timeout: 0.1)
                continue
            }
            if let text {
                try text.forEachRawRow(in: row..<available) { index, bytes in
                    try visit(index, bytes)
                    row = index + 1
                    if !tick() { stopped = true }
                    return !stopped
                }
            } else {
                while row < available {
                    try visit(row, nil)
                    row += 1
                    if !tick() { stopped = true; break }
                }
            }
            if stopped { return .cancelled(rows: row) }
        }
        progress(row)
        return .finished(rows: row)
    }
}
