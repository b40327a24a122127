#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds where rows end in a stream of bytes handed over in buffers, keeping its state between buffers.
/// Scanners never build strings; they only record offsets and line numbers into a `RowBatch`.
protocol RowScanner: Sendable {
    /// Scans `buffer`, whose first byte is at file offset `offset`.
    mutating func scan(_ buffer: UnsafeRawBufferPointer, at offset: UInt64, into batch: inout RowBatch)
    /// Called once at the end of the data (offset `end`): emits a last row that has no terminator.
    mutating func finish(at end: UInt64, into batch: inout RowBatch)
    /// Where the first row starts, once known (after a CSV header or a JSON array's `[`).
    var dataStart: UInt64? { get }
}

@inline(__always) private func isJSONWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
}

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

/// Finds the first of up to three byte values at or after `from` (pass a repeat for fewer), eight bytes at a time
/// (SWAR); returns `count` when none occurs. Scanners skip long runs of text with it.
@inline(__always) func findFirst(_ bytes: UnsafePointer<UInt8>, from: Int, count: Int,
                                 _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let maskA = ones &* UInt64(a)
    let maskB = ones &* UInt64(b)
    let maskC = ones &* UInt64(c)
    let raw = UnsafeRawPointer(bytes)
    var index = from
    while index + 8 <= count {
        let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        let xa = word ^ maskA
        let xb = word ^ maskB
        let xc = word ^ maskC
        let found = ((xa &- ones) & ~xa | (xb &- ones) & ~xb | (xc &- ones) & ~xc) & highs
        if found != 0 { return index + found.trailingZeroBitCount / 8 }
        index += 8
    }
    while index < count {
        let byte = bytes[index]
        if byte == a || byte == b || byte == c { return index }
        index += 1
    }
    return count
}

/// CSV and TSV (RFC 4180): a row ends at a newline outside quotes; quoted fields may hold delimiters, doubled
/// quotes and newlines. A quote opens a quoted field only at the start of a field (as Python's csv reads it).
/// The first row is the header. Blank lines are not rows. Runs of text are skipped eight bytes at a time.
struct DelimitedScanner: RowScanner {
    private enum State: UInt8 { case outside, quoted, afterQuote }
    private let delimiter: UInt8
    private var state = State.outside
    private var rowStart: UInt64
    private var rowLine = 1
    private var line = 1
    /// The byte before the current buffer (a newline before the file's first byte).
    private var previousByte: UInt8 = 0x0A
    private var headerEnd: UInt64?
    var dataStart: UInt64? { headerEnd }

    init(delimiter: UInt8, start: UInt64) {
        self.delimiter = delimiter
        rowStart = start
    }

    mutating func scan(_ buffer: UnsafeRawBufferPointer, at offset: UInt64, into batch: inout RowBatch) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let count = buffer.count
        let quote = UInt8(ascii: "\"")
        var index = 0
        while index < count {
            switch state {
            case .quoted:
                // Skip to the closing quote, counting the newlines inside the field.
                let found = findFirst(bytes, from: index, count: count, quote, 0x0A, 0x0A)
                if found == count {
                    index = count
                } else if bytes[found] == 0x0A {
                    line += 1
                    index = found + 1
                } else {
                    state = .afterQuote
                    index = found + 1
                }
            case .afterQuote:
                if bytes[index] == quote {
                    // A doubled quote inside the field.
                    state = .quoted
                    index += 1
                } else {
                    state = .outside
                }
            case .outside:
                let found = findFirst(bytes, from: index, count: count, quote, 0x0A, 0x0A)
                if found == count {
                    index = count
                } else if bytes[found] == 0x0A {
                    endRow(newlineAt: found, bytes: bytes, offset: offset, into: &batch)
                    index = found + 1
                } else {
                    let before = found > 0 ? bytes[found - 1] : previousByte
                    if before == delimiter || before == 0x0A || offset + UInt64(found) == rowStart {
                        state = .quoted
                    }
                    index = found + 1
                }
            }
        }
        previousByte = bytes[count - 1]
    }

    private mutating func endRow(newlineAt index: Int, bytes: UnsafePointer<UInt8>, offset: UInt64,
                                 into batch: inout RowBatch) {
        let end = offset + UInt64(index) + 1
        let length = end - 1 - rowStart
        let before = index > 0 ? bytes[index - 1] : previousByte
        if length == 0 || (length == 1 && before == 0x0D) {
            // A blank line.
        } else if headerEnd == nil {
            headerEnd = end
        } else {
            batch.emit(end: end, line: rowLine)
        }
        line += 1
        rowLine = line
        rowStart = end
    }

    mutating func finish(at end: UInt64, into batch: inout RowBatch) {
        if rowStart < end {
            if headerEnd == nil {
                headerEnd = end
            } else {
                batch.emit(end: end, line: rowLine)
            }
        }
        rowStart = end
    }
}

/// JSON documents: when the text starts with `[`, each element of that array is a row; otherwise each top-level
/// value (object or array) is a row, which also reads pretty-printed JSON Lines and single-object files.
struct JSONValueScanner: RowScanner {
    private var started = false
    private var arrayMode = false
    private var finished = false
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var elementOpen = false
    private var elementLine = 1
    private var line = 1
    private var start: UInt64
    private var arrayStart: UInt64?
    var dataStart: UInt64? { arrayMode ? arrayStart : start }

    init(start: UInt64) { self.start = start }

    mutating func scan(_ buffer: UnsafeRawBufferPointer, at offset: UInt64, into batch: inout RowBatch) {
        guard let base = buffer.baseAddress, !finished else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let count = buffer.count
        var index = 0
        if !started {
            while index < count && isJSONWhitespace(bytes[index]) {
                if bytes[index] == 0x0A { line += 1 }
                index += 1
            }
            if index == count { return }
            started = true
            if bytes[index] == UInt8(ascii: "[") {
                arrayMode = true
                depth = 1
                arrayStart = offset + UInt64(index) + 1
                index += 1
            }
        }
        scanRest(bytes, count, from: index, offset: offset, rowDepth: arrayMode ? 1 : 0, into: &batch)
    }

    private mutating func scanRest(_ bytes: UnsafePointer<UInt8>, _ count: Int, from first: Int, offset: UInt64,
                                   rowDepth: Int, into batch: inout RowBatch) {
        var index = first
        while index < count && !finished {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                    if byte == 0x0A { line += 1 }
                    index += 1
                    continue
                }
                // Skip the string's text to its next quote, backslash or (invalid, but counted) newline.
                let found = findFirst(bytes, from: index, count: count, 0x22, 0x5C, 0x0A)
                if found == count { break }
                let special = bytes[found]
                if special == 0x22 {
                    inString = false
                } else if special == 0x5C {
                    escaped = true
                } else {
                    line += 1
                }
                index = found + 1
                continue
            }
            if byte == 0x0A {
                line += 1
                index += 1
                continue
            }
            if isJSONWhitespace(byte) {
                index += 1
                continue
            }
            if depth == rowDepth && !elementOpen && byte != UInt8(ascii: ",") && byte != UInt8(ascii: "]") {
                elementOpen = true
                elementLine = line
            }
            switch byte {
            case 0x22:
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if arrayMode && depth == 0 {
                    // The closing bracket of the top-level array.
                    if elementOpen { batch.emit(end: offset + UInt64(index), line: elementLine) }
                    elementOpen = false
                    finished = true
                } else if !arrayMode && depth == 0 {
                    batch.emit(end: offset + UInt64(index) + 1, line: elementLine)
                    elementOpen = false
                } else if depth < 0 {
                    depth = 0
                }
            case UInt8(ascii: ","):
                if arrayMode && depth == 1 {
                    if elementOpen { batch.emit(end: offset + UInt64(index) + 1, line: elementLine) }
                    elementOpen = false
                }
            default:
                break
            }
            index += 1
        }
    }

    mutating func finish(at end: UInt64, into batch: inout RowBatch) {
        // An unterminated value (a truncated file) is still a row: it will read as malformed.
        if elementOpen && !finished { batch.emit(end: end, line: elementLine) }
        elementOpen = false
        finished = true
    }
}
