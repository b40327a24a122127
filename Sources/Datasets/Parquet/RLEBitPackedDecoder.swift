/// Parquet's RLE / bit-packed hybrid (definition and repetition levels, dictionary indices, RLE booleans), plus the
/// deprecated MSB-first BIT_PACKED level encoding. Decoding stops at exactly `count` values and throws when the data
/// ends first — the "fewer levels than values" corruption — or a run would have to be read past the buffer.
enum RLEBitPackedDecoder {
    /// Appends `count` values of `bitWidth` bits from the hybrid stream in `bytes` to `output`; returns the bytes read.
    @discardableResult
    static func decode<T: FixedWidthInteger>(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int,
                                             into output: inout [T]) throws -> Int {
        guard bitWidth >= 0, bitWidth <= 32 else {
            throw ParquetDecodeError("invalid RLE bit width \(bitWidth) (at most 32)")
        }
        guard bitWidth <= T.bitWidth || bitWidth == 0 else {
            throw ParquetDecodeError("RLE bit width \(bitWidth) is too wide for levels")
        }
        if count == 0 { return 0 }
        output.reserveCapacity(output.count + count)
        var cursor = ByteCursor(bytes)
        var produced = 0
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) - 1
        let valueBytes = (bitWidth + 7) / 8
        while produced < count {
            guard !cursor.isAtEnd else {
                throw ParquetDecodeError("the RLE data ends after \(produced) of \(count) values")
            }
            let header = try cursor.varint()
            if header & 1 == 0 {
                let run = header >> 1
                var value: UInt64 = 0
                let raw = try cursor.bytes(valueBytes)
                for index in 0..<valueBytes { value |= UInt64(raw[index]) << (8 * UInt64(index)) }
                guard value <= mask || bitWidth == 0 else { throw ParquetDecodeError("RLE value \(value) wider than \(bitWidth) bits") }
                let take = Int(min(run, UInt64(count - produced)))
                output.append(contentsOf: repeatElement(T(truncatingIfNeeded: value), count: take))
                produced += take
            } else {
                let groups = header >> 1
                guard groups <= UInt64(Int32.max) else { throw ParquetDecodeError("bit-packed run of \(groups) groups") }
                let runValues = Int(groups) * 8
                let take = min(runValues, count - produced)
                let runBytes = Int(groups) * bitWidth
                let neededBytes = (take * bitWidth + 7) / 8
                guard neededBytes <= cursor.remaining else {
                    throw ParquetDecodeError("a bit-packed run of \(take) values runs past the data")
                }
                let start = cursor.position
                let base = cursor.base
                if bitWidth == 0 {
                    output.append(contentsOf: repeatElement(0, count: take))
                } else {
                    for index in 0..<take {
                        let bit = index * bitWidth
                        let byte = start + bit >> 3
                        var word: UInt64 = 0
                        if byte + 8 <= base.count {
                            word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
                        } else {
                            for k in 0..<(base.count - byte) { word |= UInt64(base[byte + k]) << (8 * UInt64(k)) }
                        }
                        output.append(T(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask))
                    }
                }
                produced += take
                cursor.position = start + min(runBytes, cursor.remaining)
            }
        }
        return cursor.position
    }

    /// The deprecated BIT_PACKED level encoding: `count` values packed most significant bit first, no header.
    /// Returns the bytes read.
    static func decodeLegacyBitPacked(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int,
                                      into output: inout [UInt8]) throws -> Int {
        let length = (count * bitWidth + 7) / 8
        guard length <= bytes.count else { throw ParquetDecodeError("BIT_PACKED levels run past the page") }
        for index in 0..<count {
            var value = 0
            for bit in 0..<bitWidth {
                let position = index * bitWidth + bit
                let set = (bytes[position >> 3] >> (7 - UInt8(position & 7))) & 1
                value = value << 1 | Int(set)
            }
            output.append(UInt8(truncatingIfNeeded: value))
        }
        return length
    }

    /// Bits needed for values up to `maximum`.
    static func bitWidth(forMaximum maximum: Int) -> Int {
        maximum == 0 ? 0 : Int.bitWidth - maximum.leadingZeroBitCount
    }
}
