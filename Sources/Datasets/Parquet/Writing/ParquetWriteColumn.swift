/// One flat column to write: its name and types, the values of its non-null rows, and which rows are present.
struct ParquetWriteColumn {
    var name: String
    var type: ParquetPhysicalType
    var typeLength: Int32 = 0
    var logical: ParquetLogicalType?
    var isOptional: Bool
    var values: ParquetColumnValues
    /// One per row: whether it has a value (all true for a required column).
    var present: [Bool] = []

    init(name: String, type: ParquetPhysicalType, typeLength: Int32 = 0, logical: ParquetLogicalType?, isOptional: Bool) {
        self.name = name
        self.type = type
        self.typeLength = typeLength
        self.logical = logical
        self.isOptional = isOptional
        values = ParquetColumnValues(type: type)
    }

    /// PLAIN bytes of values `range`.
    func plain(_ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        switch type {
        case .boolean:
            out = [UInt8](repeating: 0, count: (range.count + 7) / 8)
            for (bit, index) in range.enumerated() where values.booleans[index] { out[bit >> 3] |= 1 << UInt8(bit & 7) }
        case .int32:
            out.reserveCapacity(range.count * 4)
            for index in range { withUnsafeBytes(of: values.int32s[index].littleEndian) { out.append(contentsOf: $0) } }
        case .int64:
            out.reserveCapacity(range.count * 8)
            for index in range { withUnsafeBytes(of: values.int64s[index].littleEndian) { out.append(contentsOf: $0) } }
        case .float:
            for index in range { withUnsafeBytes(of: values.floats[index].bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        case .double:
            for index in range { withUnsafeBytes(of: values.doubles[index].bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        case .int96, .fixedLenByteArray:
            if let first = range.first, let last = range.last {
                out.append(contentsOf: values.data[values.offsets[first]..<values.offsets[last + 1]])
            }
        case .byteArray:
            for index in range {
                let start = values.offsets[index], end = values.offsets[index + 1]
                withUnsafeBytes(of: UInt32(end - start).littleEndian) { out.append(contentsOf: $0) }
                out.append(contentsOf: values.data[start..<end])
            }
        }
        return out
    }

    /// Bytes value `index` takes in a PLAIN page (for sizing pages).
    func plainSize(_ index: Int) -> Int {
        switch type {
        case .boolean: return 1
        case .int32, .float: return 4
        case .int64, .double: return 8
        case .int96, .fixedLenByteArray: return values.offsets[index + 1] - values.offsets[index]
        case .byteArray: return 4 + values.offsets[index + 1] - values.offsets[index]
        }
    }
}
