#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
