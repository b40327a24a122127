import Foundation

/// Where each row of a text dataset ends, built in the background and readable while it grows.
/// Costs 8 bytes per row (one `UInt64` end offset; a row starts where the previous one ends), plus a sparse list of
/// line numbers for rows that do not start on the line after the previous row (blank lines, CSV rows with embedded
/// newlines). Offsets live in fixed-size chunks so appending never copies what is already stored.
final class RowIndex: @unchecked Sendable {
    private static let chunkShift = 16
    private static let chunkSize = 1 << chunkShift

    private let condition = NSCondition()
    private var chunks: [[UInt64]] = []
    private var count = 0
    /// Offset where the first row starts (after a byte-order mark, a CSV header, or a JSON array's `[`).
    private(set) var dataStart: UInt64 = 0
    /// (row, line) for rows whose line is not one more than the previous row's; always starts with row 0.
    private var lineAnchors: [(row: Int, line: Int)] = []
    private var progress = IndexProgress()
    private var cancelRequested = false

    init(bytesTotal: UInt64) {
        progress.bytesTotal = bytesTotal
    }

    // MARK: Writing (the indexing thread)

    func setDataStart(_ offset: UInt64) {
        condition.lock()
        dataStart = offset
        condition.unlock()
    }

    /// Appends a batch of rows found by a scanner and updates progress; wakes waiters.
    func append(_ batch: inout RowBatch, bytesDone: UInt64) {
        condition.lock()
        for anchor in batch.anchors { lineAnchors.append((row: anchor.row, line: anchor.line)) }
        var index = 0
        let ends = batch.ends
        while index < ends.count {
            if chunks.isEmpty || chunks[chunks.count - 1].count == RowIndex.chunkSize {
                var fresh: [UInt64] = []
                fresh.reserveCapacity(RowIndex.chunkSize)
                chunks.append(fresh)
            }
            let last = chunks.count - 1
            let room = RowIndex.chunkSize - chunks[last].count
            let take = min(room, ends.count - index)
            chunks[last].append(contentsOf: ends[index..<(index + take)])
            index += take
        }
        count += ends.count
        progress.rows = count
        progress.bytesDone = bytesDone
        condition.broadcast()
        condition.unlock()
        batch.ends.removeAll(keepingCapacity: true)
        batch.anchors.removeAll(keepingCapacity: true)
    }

    func finish(failure: DatasetError?, cancelled: Bool) {
        condition.lock()
        // Give back the unused tail of the last chunk.
        if let last = chunks.indices.last, chunks[last].capacity > chunks[last].count + 1024 {
            var exact: [UInt64] = []
            exact.reserveCapacity(chunks[last].count)
            exact.append(contentsOf: chunks[last])
            chunks[last] = exact
        }
        progress.isComplete = true
        progress.isCancelled = cancelled
        progress.failure = failure
        if failure == nil && !cancelled { progress.bytesDone = progress.bytesTotal }
        condition.broadcast()
        condition.unlock()
    }

    var isCancelRequested: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelRequested
    }

    func requestCancel() {
        condition.lock()
        cancelRequested = true
        condition.unlock()
    }

    // MARK: Reading (any thread)

    var rowCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return count
    }

    var snapshot: IndexProgress {
        condition.lock()
        defer { condition.unlock() }
        return progress
    }

    /// The byte range of `row`, or nil when it is not indexed (yet).
    func span(ofRow row: Int) -> (start: UInt64, end: UInt64)? {
        condition.lock()
        defer { condition.unlock() }
        guard row >= 0 && row < count else { return nil }
        let end = chunks[row >> RowIndex.chunkShift][row & (RowIndex.chunkSize - 1)]
        let start: UInt64
        if row == 0 {
            start = dataStart
        } else {
            let previous = row - 1
            start = chunks[previous >> RowIndex.chunkShift][previous & (RowIndex.chunkSize - 1)]
        }
        return (start, end)
    }

    /// Row boundaries for up to `count` rows from `row`: the first row's start, then each row's end (one lock for
    /// many rows, for bulk reads). Empty when `row` is not indexed.
    func boundaries(from row: Int, count wanted: Int) -> [UInt64] {
        condition.lock()
        defer { condition.unlock() }
        guard row >= 0 && row < count && wanted > 0 else { return [] }
        let last = min(count, row + wanted)
        var result: [UInt64] = []
        result.reserveCapacity(last - row + 1)
        if row == 0 {
            result.append(dataStart)
        } else {
            result.append(chunks[(row - 1) >> RowIndex.chunkShift][(row - 1) & (RowIndex.chunkSize - 1)])
        }
        for index in row..<last {
            result.append(chunks[index >> RowIndex.chunkShift][index & (RowIndex.chunkSize - 1)])
        }
        return result
    }

    /// The 1-based source line where `row` starts.
    func line(ofRow row: Int) -> Int {
        condition.lock()
        defer { condition.unlock() }
        // The last anchor at or before `row`.
        var low = 0
        var high = lineAnchors.count
        while low < high {
            let middle = (low + high) / 2
            if lineAnchors[middle].row <= row { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return row + 1 }
        let anchor = lineAnchors[low - 1]
        return anchor.line + (row - anchor.row)
    }

    /// Blocks until at least `rows` rows are indexed, indexing ends, or `timeout` seconds pass; returns the count.
    func wait(forRows rows: Int, timeout: Double) -> Int {
        let deadline = Date(timeIntervalSinceNow: timeout.isFinite ? min(timeout, 1e9) : 1e9)
        condition.lock()
        defer { condition.unlock() }
        while count < rows && !progress.isComplete {
            if !condition.wait(until: deadline) { break }
        }
        return count
    }

    /// Blocks until indexing ends or `timeout` seconds pass; returns the final snapshot.
    func waitUntilComplete(timeout: Double) -> IndexProgress {
        let deadline = Date(timeIntervalSinceNow: timeout.isFinite ? min(timeout, 1e9) : 1e9)
        condition.lock()
        defer { condition.unlock() }
        while !progress.isComplete {
            if !condition.wait(until: deadline) { break }
        }
        return progress
    }

    /// Bytes used per row by the offsets (for the benchmark's bytes/row figure).
    var bytesPerRow: Double {
        condition.lock()
        defer { condition.unlock() }
        guard count > 0 else { return 0 }
        let offsets = chunks.reduce(0) { $0 + $1.capacity } * MemoryLayout<UInt64>.stride
        let anchors = lineAnchors.capacity * MemoryLayout<(Int, Int)>.stride
        return Double(offsets + anchors) / Double(count)
    }
}

/// Rows found in one scanned buffer, handed to the index in one locked step.
struct RowBatch {
    var ends: [UInt64] = []
    var anchors: [(row: Int, line: Int)] = []
    /// Rows emitted before this batch plus those in it (the global index of the next row).
    var nextRow = 0
    /// The line that the next row would start on if it followed the previous row directly.
    var predictedLine = 1

    init() {
        ends.reserveCapacity(1 << 16)
    }

    /// Records a row ending at `end` that started on `line`.
    @inline(__always) mutating func emit(end: UInt64, line: Int) {
        if line != predictedLine { anchors.append((row: nextRow, line: line)) }
        ends.append(end)
        nextRow += 1
        predictedLine = line + 1
    }
}
