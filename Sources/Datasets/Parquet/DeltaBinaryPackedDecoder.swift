/// DELTA_BINARY_PACKED: blocks of bit-packed deltas from a first value, with per-miniblock bit widths. Also the
/// length streams of DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY. Arithmetic wraps, as writers' does.
enum DeltaBinaryPackedDecoder {
    /// Decodes the stream at the start of `bytes`, which must hold exactly `expected` values; returns the values and
    /// the bytes the stream took.
    static func decode(_ bytes: UnsafeRawBufferPointer, expected: Int) throws -> (values: [Int64], length: Int) {
        var cursor = ByteCursor(bytes)
        let blockSize = try cursor.varint()
        let miniblocks = try cursor.varint()
        let total = try cursor.varint()
        var last = try cursor.zigzag()
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw ParquetDecodeError("DELTA_BINARY_PACKED header is invalid (block \(blockSize), miniblocks \(miniblocks))")
        }
        guard total == UInt64(expected) else {
            throw ParquetDecodeError("DELTA_BINARY_PACKED holds \(total) values where \(expected) are expected")
        }
        var values: [Int64] = []
        values.reserveCapacity(expected)
        if expected == 0 { return (values, cursor.position) }
        values.append(last)
        let perMiniblock = Int(blockSize / miniblocks)
        let miniblockCount = Int(miniblocks)
        var widths = [Int](repeating: 0, count: miniblockCount)
        while values.count < expected {
            let minDelta = try cursor.zigzag()
            let raw = try cursor.bytes(miniblockCount)
            for index in 0..<miniblockCount { widths[index] = Int(raw[index]) }
            for index in 0..<miniblockCount where values.count < expected {
                let width = widths[index]
                guard width <= 64 else { throw ParquetDecodeError("DELTA_BINARY_PACKED bit width \(width)") }
                let length = perMiniblock * width / 8
                let take = min(perMiniblock, expected - values.count)
                let start = cursor.position
                guard (take * width + 7) / 8 <= cursor.remaining else {
                    throw ParquetDecodeError("DELTA_BINARY_PACKED miniblock runs past the page")
                }
                let base = cursor.base
                for value in 0..<take {
                    var delta: UInt64 = 0
                    if width > 0 {
                        let bit = value * width
                        let byte = start + bit >> 3
                        let shift = UInt64(bit & 7)
                        // Up to 64 + 7 bits: gather 9 bytes where needed.
                        var low: UInt64 = 0
                        let available = min(8, base.count - byte)
                        if available == 8 {
                            low = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
                        } else {
                            for k in 0..<available { low |= UInt64(base[byte + k]) << (8 * UInt64(k)) }
                        }
                        delta = low >> shift
                        if Int(shift) + width > 64 && byte + 8 < base.count {
                            delta |= UInt64(base[byte + 8]) << (64 - shift)
                        }
                        if width < 64 { delta &= (1 << UInt64(width)) - 1 }
                    }
                    last = last &+ minDelta &+ Int64(bitPattern: delta)
                    values.append(last)
                }
                cursor.position = start + min(length, cursor.remaining)
            }
        }
        return (values, cursor.position)
    }
}
