/// Decodes the values part of a data or dictionary page into `ParquetColumnValues`, for every encoding the format
/// defines for the column's physical type. `count` is the number of non-null values the levels announced; a page
/// that holds fewer is an error ("runs past the page"), never a read past the buffer.
enum ParquetValueDecoding {
    static func decode(_ encoding: ParquetEncoding, bytes: UnsafeRawBufferPointer, count: Int, typeLength: Int,
                       into values: inout ParquetColumnValues) throws {
        switch encoding {
        case .plain: try plain(bytes, count: count, typeLength: typeLength, into: &values)
        case .rle:
            guard values.type == .boolean else { throw ParquetDecodeError("RLE values are only defined for booleans") }
            var cursor = ByteCursor(bytes)
            let length = Int(try cursor.littleEndian(UInt32.self))
            let body = try cursor.bytes(length)
            var bits: [UInt8] = []
            try RLEBitPackedDecoder.decode(body, bitWidth: 1, count: count, into: &bits)
            values.booleans.append(contentsOf: bits.lazy.map { $0 != 0 })
        case .deltaBinaryPacked:
            let (decoded, _) = try DeltaBinaryPackedDecoder.decode(bytes, expected: count)
            switch values.type {
            case .int32: values.int32s.append(contentsOf: decoded.lazy.map { Int32(truncatingIfNeeded: $0) })
            case .int64: values.int64s.append(contentsOf: decoded)
            default: throw ParquetDecodeError("DELTA_BINARY_PACKED is not defined for \(values.type.name)")
            }
        case .deltaLengthByteArray:
            guard values.type == .byteArray else {
                throw ParquetDecodeError("DELTA_LENGTH_BYTE_ARRAY is not defined for \(values.type.name)")
            }
            let (lengths, used) = try DeltaBinaryPackedDecoder.decode(bytes, expected: count)
            var cursor = ByteCursor(bytes, position: used)
            for length in lengths {
                guard length >= 0, length <= Int64(cursor.remaining) else {
                    throw ParquetDecodeError("a value of \(length) bytes runs past the page")
                }
                values.appendBytes(try cursor.bytes(Int(length)))
            }
        case .deltaByteArray:
            guard values.type == .byteArray || values.type == .fixedLenByteArray else {
                throw ParquetDecodeError("DELTA_BYTE_ARRAY is not defined for \(values.type.name)")
            }
            let (prefixes, prefixBytes) = try DeltaBinaryPackedDecoder.decode(bytes, expected: count)
            let rest = UnsafeRawBufferPointer(rebasing: bytes[prefixBytes...])
            let (suffixes, suffixBytes) = try DeltaBinaryPackedDecoder.decode(rest, expected: count)
            var cursor = ByteCursor(rest, position: suffixBytes)
            var previous: [UInt8] = []
            for index in 0..<count {
                let prefix = prefixes[index], suffix = suffixes[index]
                guard prefix >= 0, prefix <= Int64(previous.count) else {
                    throw ParquetDecodeError("DELTA_BYTE_ARRAY prefix of \(prefix) bytes is longer than the previous value")
                }
                guard suffix >= 0, suffix <= Int64(cursor.remaining) else {
                    throw ParquetDecodeError("a value of \(suffix) bytes runs past the page")
                }
                previous.removeSubrange(Int(prefix)...)
                previous.append(contentsOf: try cursor.bytes(Int(suffix)))
                if values.type == .fixedLenByteArray && previous.count != typeLength {
                    throw ParquetDecodeError("a fixed-length value has \(previous.count) bytes, not \(typeLength)")
                }
                previous.withUnsafeBytes { values.appendBytes($0) }
            }
        case .byteStreamSplit:
            let width: Int
            switch values.type {
            case .float, .int32: width = 4
            case .double, .int64: width = 8
            case .fixedLenByteArray: width = typeLength
            default: throw ParquetDecodeError("BYTE_STREAM_SPLIT is not defined for \(values.type.name)")
            }
            guard width > 0, count <= bytes.count / width else {
                throw ParquetDecodeError("BYTE_STREAM_SPLIT data for \(count) values runs past the page")
            }
            var gathered = [UInt8](repeating: 0, count: count * width)
            for value in 0..<count {
                for stream in 0..<width { gathered[value * width + stream] = bytes[stream * count + value] }
            }
            try gathered.withUnsafeBytes { try plain($0, count: count, typeLength: typeLength, into: &values) }
        case .plainDictionary, .rleDictionary, .bitPacked:
            throw ParquetDecodeError("\(encoding) is not a value encoding here")
        }
    }

    /// PLAIN: fixed-width little-endian values, bit-packed booleans, length-prefixed byte arrays.
    static func plain(_ bytes: UnsafeRawBufferPointer, count: Int, typeLength: Int,
                      into values: inout ParquetColumnValues) throws {
        func need(_ size: Int) throws {
            guard count <= bytes.count / max(size, 1) else {
                throw ParquetDecodeError("PLAIN data for \(count) values of \(size) bytes runs past the page (\(bytes.count) bytes)")
            }
        }
        switch values.type {
        case .boolean:
            guard count <= bytes.count * 8 else { throw ParquetDecodeError("PLAIN booleans run past the page") }
            values.booleans.reserveCapacity(values.booleans.count + count)
            for index in 0..<count { values.booleans.append((bytes[index >> 3] >> UInt8(index & 7)) & 1 == 1) }
        case .int32:
            try need(4)
            values.int32s.append(contentsOf: (0..<count).lazy.map { Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) })
        case .int64:
            try need(8)
            values.int64s.append(contentsOf: (0..<count).lazy.map { Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) })
        case .float:
            try need(4)
            values.floats.append(contentsOf: (0..<count).lazy.map { Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) })
        case .double:
            try need(8)
            values.doubles.append(contentsOf: (0..<count).lazy.map { Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) })
        case .int96, .fixedLenByteArray:
            let width = values.type == .int96 ? 12 : typeLength
            guard width > 0 else { throw ParquetDecodeError("FIXED_LEN_BYTE_ARRAY with length \(width)") }
            try need(width)
            values.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<(count * width)]))
            let base = values.data.count - count * width
            for index in 0..<count { values.offsets.append(base + (index + 1) * width) }
        case .byteArray:
            try plainByteArrays(bytes, count: count, into: &values)
        }
    }

    /// Length-prefixed strings: the hot loop of a text column, one bounds check and one copy per value.
    static func plainByteArrays(_ bytes: UnsafeRawBufferPointer, count: Int, into values: inout ParquetColumnValues) throws {
        var position = 0
        let size = bytes.count
        values.offsets.reserveCapacity(values.offsets.count + count)
        values.data.reserveCapacity(values.data.count + max(0, size - 4 * count))
        for _ in 0..<count {
            guard size - position >= 4 else { throw ParquetDecodeError("PLAIN strings run past the page (\(size) bytes)") }
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            guard length <= size - position - 4 else {
                throw ParquetDecodeError("a string of \(length) bytes runs past the page (\(size) bytes)")
            }
            values.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[(position + 4)..<(position + 4 + length)]))
            values.offsets.append(values.data.count)
            position += 4 + length
        }
    }
}
