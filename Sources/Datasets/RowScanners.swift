#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds where rows end in a stream of bytes handed over in buffers, keeping its state between buffers.
/// Scanners never build strings; they only record offsets and line numbers into a `RowBatch`.
protocol RowScanner {
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

/// CSV and TSV (RFC 4180): a row ends at a newline outside quotes; quoted fields may hold delimiters, doubled
/// quotes and newlines. The first row is the header. Blank lines are not rows.
struct DelimitedScanner: RowScanner {
    private enum State: UInt8 { case fieldStart, unquoted, quoted, quoteInQuoted }
    private let delimiter: UInt8
    private var state = State.fieldStart
    private var rowStart: UInt64
    private var rowLine = 1
    private var line = 1
    private var previousByte: UInt8 = 0
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
        var state = self.state
        var index = 0
        while index < count {
            let byte = bytes[index]
            switch state {
            case .quoted:
                // Skip to the next quote, counting newlines inside the field.
                if byte == quote {
                    state = .quoteInQuoted
                } else if byte == 0x0A {
                    line += 1
                }
            case .fieldStart, .unquoted, .quoteInQuoted:
                if byte == 0x0A {
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
                    state = .fieldStart
                } else if byte == delimiter {
                    state = .fieldStart
                } else if byte == quote && (state == .fieldStart || state == .quoteInQuoted) {
                    state = .quoted
                } else if state != .unquoted {
                    state = .unquoted
                }
            }
            index += 1
        }
        self.state = state
        previousByte = bytes[count - 1]
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
                } else if byte == 0x5C {
                    escaped = true
                } else if byte == 0x22 {
                    inString = false
                } else if byte == 0x0A {
                    line += 1
                }
                index += 1
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
