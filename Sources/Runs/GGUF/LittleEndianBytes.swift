import Foundation

/// A growing little-endian byte buffer: GGUF is little-endian whatever the host, so every integer and float is
/// written through here rather than by copying host memory.
struct LittleEndianBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Float) { append(value.bitPattern) }

    /// A GGUF string: a UINT64 byte count, then the UTF-8 bytes (no terminator).
    mutating func appendString(_ value: String) {
        append(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// Zero bytes up to the next multiple of `alignment`.
    mutating func pad(to alignment: Int) {
        let remainder = bytes.count % alignment
        if remainder != 0 { bytes.append(contentsOf: repeatElement(0, count: alignment - remainder)) }
    }
}
