/// Writes Thrift's compact protocol: the footer and page headers of the Parquet files Loom writes. The mirror of
/// `ThriftCompactReader`, for the few field kinds Parquet's structs use.
struct ThriftCompactWriter {
    private(set) var bytes: [UInt8] = []
    private var lastField: [Int16] = [0]

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func zigzag(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    private mutating func fieldHeader(_ id: Int16, _ type: ThriftCompactReader.FieldType) {
        let delta = id - lastField[lastField.count - 1]
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            zigzag(Int64(id))
        }
        lastField[lastField.count - 1] = id
    }

    mutating func int32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        zigzag(Int64(value))
    }

    mutating func int64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        zigzag(value)
    }

    mutating func fieldByte(_ id: Int16, _ value: Int8) {
        fieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func bool(_ id: Int16, _ value: Bool) { fieldHeader(id, value ? .boolTrue : .boolFalse) }

    mutating func string(_ id: Int16, _ value: String) {
        fieldHeader(id, .binary)
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// A list field header for `count` elements of `type`; the caller writes the elements.
    mutating func listHeader(_ id: Int16, _ type: ThriftCompactReader.FieldType, count: Int) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            varint(UInt64(count))
        }
    }

    /// A list element of type i32.
    mutating func elementInt32(_ value: Int32) { zigzag(Int64(value)) }

    mutating func elementString(_ value: String) {
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// Starts a struct-valued field (`id` nil: a list element); end it with `endStruct()`.
    mutating func beginStruct(_ id: Int16?) {
        if let id { fieldHeader(id, .structure) }
        lastField.append(0)
    }

    mutating func endStruct() {
        bytes.append(0)
        lastField.removeLast()
    }

    /// An empty struct field (the members of Parquet's LogicalType and TimeUnit unions).
    mutating func emptyStruct(_ id: Int16) {
        beginStruct(id)
        endStruct()
    }
}
