#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JSON Lines: a row per line. Newlines are found with `memchr` (vectorised in libc), so the scan runs at memory
/// speed. Empty lines (and lines holding only `\r`) are not rows; the index keeps the line numbers right.
struct LineScanner: RowScanner {
    private var rowStart: UInt64
    private var line = 1
    private var previousByte: UInt8 = 0
    private var tailHasContent = false
    var dataStart: UInt64? { nil }

    init(start: UInt64) { rowStart = start }

    mutating func scan(_ buffer: UnsafeRawBufferPointer, at offset: UInt64, into batch: inout RowBatch) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let count = buffer.count
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var position = 0
        while position < count {
            guard let hit = memchr(base + position, 0x0A, count - position) else { break }
            let newline = base.distance(to: UnsafeRawPointer(hit))
            let end = offset + UInt64(newline) + 1
            let length = end - 1 - rowStart
            let before = newline > 0 ? bytes[newline - 1] : previousByte
            if length == 0 || (length == 1 && before == 0x0D) {
                // A blank line: not a row.
            } else {
                batch.emit(end: end, line: line)
            }
            line += 1
            rowStart = end
            tailHasContent = false
            position = newline + 1
        }
        if !tailHasContent {
            var index = position
            while index < count {
                if !isJSONWhitespace(bytes[index]) { tailHasContent = true; break }
                index += 1
            }
        }
        previousByte = bytes[count - 1]
    }

    mutating func finish(at end: UInt64, into batch: inout RowBatch) {
        if rowStart < end && tailHasContent { batch.emit(end: end, line: line) }
        rowStart = end
    }
}
