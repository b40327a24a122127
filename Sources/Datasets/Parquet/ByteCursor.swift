/// A bounds-checked reader over bytes of an untrusted file: every read checks the remaining length first and
/// throws instead of reading past the end, so a corrupt length can only produce an error, never a crash.
struct ByteCursor {
    let base: UnsafeRawBufferPointer
    var position: Int

    init(_ base: UnsafeRawBufferPointer, position: Int = 0) {
        self.base = base
        self.position = position
    }

    var remaining: Int { base.count - position }
    var isAtEnd: Bool { position >= base.count }

    @inline(__always) mutating func byte() throws -> UInt8 {
        guard position < base.count else { throw ParquetDecodeError("unexpected end of data at byte \(position)") }
        let value = base[position]
        position += 1
        return value
    }

    /// An unsigned LEB128 varint of at most 10 bytes.
    @inline(__always) mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            if shift == 63 && b > 1 { throw ParquetDecodeError("varint overflows 64 bits at byte \(position - 1)") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ParquetDecodeError("varint longer than 10 bytes at byte \(position - 1)") }
        }
    }

    /// A zigzag-encoded signed varint.
    @inline(__always) mutating func zigzag() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// `count` bytes as a slice of the underlying buffer (valid while it is).
    mutating func bytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw ParquetDecodeError("a length of \(count) bytes at byte \(position) runs past the end (\(remaining) left)")
        }
        let slice = UnsafeRawBufferPointer(rebasing: base[position..<(position + count)])
        position += count
        return slice
    }

    mutating func skip(_ count: Int) throws { _ = try bytes(count) }

    /// A little-endian fixed-width integer.
    mutating func littleEndian<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw ParquetDecodeError("unexpected end of data at byte \(position)") }
        let value = T(littleEndian: base.loadUnaligned(fromByteOffset: position, as: T.self))
        position += size
        return value
    }
}
