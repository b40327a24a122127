
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
