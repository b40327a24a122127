import Support

/// Where each row of a text dataset ends, built in the background and readable while it grows.
/// Costs 8 bytes per row (one `UInt64` end offset; a row starts where the previous one ends), plus a sparse list of
/// line numbers for rows that do not start on the line after the previous row (blank lines, CSV rows with embedded
/// newlines). Offsets live in fixed-size chunks so appending never copies what is already stored.
final class RowIndex: Sendable {
    private static let chunkShift = 16
    private static let chunkSize = 1 << chunkShift

    /// Everything the indexing thread writes and readers read, behind one lock.
    private struct Storage: Sendable {
        var chunks: [[UInt64]] = []
        var count = 0
        /// Offset where the first row starts (after a byte-order mark, a CSV header, or a JSON array's `[`).
        var dataStart: UInt64 = 0
        /// (row, line) for rows whose line is not one more than the previous row's; always starts with row 0.
        var lineAnchors: [(row: Int, line: Int)] = []
        var progress = IndexProgress()
        var cancelRequested = false

        /// The end offset of `row` (which must be indexed).
        @inline(__always) func end(ofRow row: Int) -> UInt64 {
            chunks[row >> RowIndex.chunkShift][row & (RowIndex.chunkSize - 1)]
        }

        /// The start offset of `row` (which must be indexed): where the previous row ends.
        @inline(__always) func start(ofRow row: Int) -> UInt64 {
            row == 0 ? dataStart : end(ofRow: row - 1)
        }
    }

    private let storage: WaitableState<Storage>

    init(bytesTotal: UInt64) {
        var initial = Storage()
        initial.progress.bytesTotal = bytesTotal
        storage = WaitableState(initial)
    }

    // MARK: Writing (the indexing thread)

    func setDataStart(_ offset: UInt64) {
        storage.withLock { $0.dataStart = offset }
    }

    /// Where the first row starts.
    var dataStart: UInt64 { storage.withLock { $0.dataStart } }

    /// Appends a batch of rows found by a scanner and updates progress; wakes waiters.
    func append(_ batch: inout RowBatch, bytesDone: UInt64) {
        storage.update { index in
            // The batch is read in place: a copy of its arrays would make `removeAll` below reallocate them.
            let ends = batch.ends
            for anchor in batch.anchors { index.lineAnchors.append((row: anchor.row, line: anchor.line)) }
            var position = 0
            while position < ends.count {
                if index.chunks.isEmpty || index.chunks[index.chunks.count - 1].count == RowIndex.chunkSize {
                    var fresh: [UInt64] = []
                    fresh.reserveCapacity(RowIndex.chunkSize)
                    index.chunks.append(fresh)
                }
                let last = index.chunks.count - 1
                let room = RowIndex.chunkSize - index.chunks[last].count
                let take = min(room, ends.count - position)
                index.chunks[last].append(contentsOf: ends[position..<(position + take)])
                position += take
            }
            index.count += ends.count
            index.progress.rows = index.count
            index.progress.bytesDone = bytesDone
        }
        batch.ends.removeAll(keepingCapacity: true)
        batch.anchors.removeAll(keepingCapacity: true)
    }

    func finish(failure: DatasetError?, cancelled: Bool) {
        storage.update { index in
            // Give back the unused tail of the last chunk.
            if let last = index.chunks.indices.last, index.chunks[last].capacity > index.chunks[last].count + 1024 {
                var exact: [UInt64] = []
                exact.reserveCapacity(index.chunks[last].count)
                exact.append(contentsOf: index.chunks[last])
                index.chunks[last] = exact
            }
            index.progress.isComplete = true
            index.progress.isCancelled = cancelled
            index.progress.failure = failure
            if failure == nil && !cancelled { index.progress.bytesDone = index.progress.bytesTotal }
        }
    }

    var isCancelRequested: Bool { storage.withLock { $0.cancelRequested } }

    func requestCancel() {
        storage.withLock { $0.cancelRequested = true }
    }

    // MARK: Reading (any thread)

    var rowCount: Int { storage.withLock { $0.count } }

    var snapshot: IndexProgress { storage.withLock { $0.progress } }

    /// The byte range of `row`, or nil when it is not indexed (yet).
    func span(ofRow row: Int) -> (start: UInt64, end: UInt64)? {
        storage.withLock { index in
            guard row >= 0 && row < index.count else { return nil }
            return (index.start(ofRow: row), index.end(ofRow: row))
        }
    }

    /// Row boundaries for up to `count` rows from `row`: the first row's start, then each row's end (one lock for
    /// many rows, for bulk reads). Empty when `row` is not indexed.
    func boundaries(from row: Int, count wanted: Int) -> [UInt64] {
        storage.withLock { index in
            guard row >= 0 && row < index.count && wanted > 0 else { return [] }
            let last = min(index.count, row + wanted)
            var result: [UInt64] = []
            result.reserveCapacity(last - row + 1)
            result.append(index.start(ofRow: row))
            for position in row..<last { result.append(index.end(ofRow: position)) }
            return result
        }
    }

    /// The 1-based source line where `row` starts.
    func line(ofRow row: Int) -> Int {
        storage.withLock { index in
            // The last anchor at or before `row`.
            var low = 0
            var high = index.lineAnchors.count
            while low < high {
                let middle = (low + high) / 2
                if index.lineAnchors[middle].row <= row { low = middle + 1 } else { high = middle }
            }
            guard low > 0 else { return row + 1 }
            let anchor = index.lineAnchors[low - 1]
            return anchor.line + (row - anchor.row)
        }
    }

    /// Blocks until at least `rows` rows are indexed, indexing ends, or `timeout` seconds pass; returns the count.
    func wait(forRows rows: Int, timeout: Double) -> Int {
        storage.wait(timeout: timeout) { $0.count >= rows || $0.progress.isComplete }
        return rowCount
    }

    /// Blocks until indexing ends or `timeout` seconds pass; returns the final snapshot.
    func waitUntilComplete(timeout: Double) -> IndexProgress {
        storage.wait(timeout: timeout) { $0.progress.isComplete }
        return snapshot
    }

    /// Bytes used per row by the offsets (for the benchmark's bytes/row figure).
    var bytesPerRow: Double {
        storage.withLock { index in
            guard index.count > 0 else { return 0 }
            let offsets = index.chunks.reduce(0) { $0 + $1.capacity } * MemoryLayout<UInt64>.stride
            let anchors = index.lineAnchors.capacity * MemoryLayout<(Int, Int)>.stride
            return Double(offsets + anchors) / Double(index.count)
        }
    }
}
