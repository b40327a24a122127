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
    /// After `finish`: why the data ended where it should not have (a JSON array never closed), with the line
    /// where the unfinished structure began; nil when it ended well.
    var endProblem: (problem: String, line: Int)? { get }
}

extension RowScanner {
    var endProblem: (problem: String, line: Int)? { nil }
}

@inline(__always) func isJSONWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
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
