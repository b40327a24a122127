/// The non-null values of a column decoded so far, stored by physical type: one array in use per column, byte
/// arrays (and fixed-length ones, and INT96) as one byte buffer with offsets, so a million strings are two
/// allocations rather than a million.
struct ParquetColumnValues: Sendable {
    let type: ParquetPhysicalType
    var booleans: [Bool] = []
    var int32s: [Int32] = []
    var int64s: [Int64] = []
    var floats: [Float] = []
    var doubles: [Double] = []
    /// Byte-array values: value `i` is `data[offsets[i]..<offsets[i + 1]]`.
    var offsets: [Int] = [0]
    var data: [UInt8] = []

    init(type: ParquetPhysicalType) { self.type = type }

    var count: Int {
        switch type {
        case .boolean: return booleans.count
        case .int32: return int32s.count
        case .int64: return int64s.count
        case .float: return floats.count
        case .double: return doubles.count
        case .int96, .byteArray, .fixedLenByteArray: return offsets.count - 1
        }
    }

    /// Memory held, in bytes (for the cache's budget).
    var byteCount: Int {
        booleans.capacity + int32s.capacity * 4 + int64s.capacity * 8 + floats.capacity * 4 + doubles.capacity * 8
            + offsets.capacity * 8 + data.capacity
    }

    /// Bytes of the decoded values (what a scan benchmark counts as decoded).
    var decodedBytes: Int {
        switch type {
        case .boolean: return booleans.count
        case .int32, .float: return count * 4
        case .int64, .double: return count * 8
        case .int96, .byteArray, .fixedLenByteArray: return data.count
        }
    }

    @inline(__always) mutating func appendBytes(_ bytes: UnsafeRawBufferPointer) {
        data.append(contentsOf: bytes)
        offsets.append(data.count)
    }

    /// The bytes of byte-array value `index`.
    @inline(__always) func withBytes<R>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try data.withUnsafeBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[offsets[index]..<offsets[index + 1]]))
        }
    }

    /// Appends the dictionary entries `indices` names (a dictionary-encoded page); every index is checked.
    mutating func append(from dictionary: ParquetColumnValues, indices: [UInt32]) throws {
        let size = dictionary.count
        for index in indices where Int(index) >= size {
            throw ParquetDecodeError("dictionary index \(index) is past the dictionary's \(size) entries")
        }
        switch type {
        case .boolean: booleans.append(contentsOf: indices.lazy.map { dictionary.booleans[Int($0)] })
        case .int32: int32s.append(contentsOf: indices.lazy.map { dictionary.int32s[Int($0)] })
        case .int64: int64s.append(contentsOf: indices.lazy.map { dictionary.int64s[Int($0)] })
        case .float: floats.append(contentsOf: indices.lazy.map { dictionary.floats[Int($0)] })
        case .double: doubles.append(contentsOf: indices.lazy.map { dictionary.doubles[Int($0)] })
        case .int96, .byteArray, .fixedLenByteArray:
            var total = 0
            for index in indices { total += dictionary.offsets[Int(index) + 1] - dictionary.offsets[Int(index)] }
            data.reserveCapacity(data.count + total)
            offsets.reserveCapacity(offsets.count + indices.count)
            dictionary.data.withUnsafeBytes { source in
                for index in indices {
                    let start = dictionary.offsets[Int(index)], end = dictionary.offsets[Int(index) + 1]
                    data.append(contentsOf: UnsafeRawBufferPointer(rebasing: source[start..<end]))
                    offsets.append(data.count)
                }
            }
        }
    }

    /// Appends value `index` of `other` (same physical type).
    mutating func append(_ other: ParquetColumnValues, at index: Int) {
        switch type {
        case .boolean: booleans.append(other.booleans[index])
        case .int32: int32s.append(other.int32s[index])
        case .int64: int64s.append(other.int64s[index])
        case .float: floats.append(other.floats[index])
        case .double: doubles.append(other.doubles[index])
        case .int96, .byteArray, .fixedLenByteArray:
            data.append(contentsOf: other.data[other.offsets[index]..<other.offsets[index + 1]])
            offsets.append(data.count)
        }
    }
}
