#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    private var arrayLine = 1
    private var unterminated = false
    var dataStart: UInt64? { arrayMode ? arrayStart : start }
    var endProblem: (problem: String, line: Int)? {
        unterminated ? ("the JSON array that starts here is never closed (no final ']'): the file is cut short", arrayLine) : nil
    }

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
                arrayLine = line
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
        if arrayMode && !finished { unterminated = true }
        elementOpen = false
        finished = true
    }
}
