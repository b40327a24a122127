/// A small decoder of Thrift's compact protocol, the encoding of Parquet's footer and page headers. Written here
/// rather than generated because Parquet needs a handful of structs and an untrusted file needs every length checked:
/// each read is bounds-checked (`ByteCursor`), lists are capped by the bytes left, and skipping unknown fields is
/// depth-limited, so a corrupt footer yields an error naming the field, never a crash or a long loop.
///
/// Use: `var last: Int16 = 0; while let field = try reader.nextField(&last) { switch field.id { … default: try
/// reader.skip(field.type) } }`.
struct ThriftCompactReader {
    enum FieldType: UInt8 {
        case boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8, list = 9,
             set = 10, map = 11, structure = 12
    }

    struct Field {
        var id: Int16
        var type: FieldType
    }

    var cursor: ByteCursor
    /// Nesting depth of skipped values; a file cannot nest deeper than this.
    private var depth = 0
    static let maxDepth = 64

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        cursor = ByteCursor(bytes, position: position)
    }

    var position: Int { cursor.position }

    /// The next field of the current struct, or nil at its STOP byte. `last` is the previous field id of this struct
    /// (compact field headers hold a delta from it).
    mutating func nextField(_ last: inout Int16) throws -> Field? {
        let header = try cursor.byte()
        if header == 0 { return nil }
        guard let type = FieldType(rawValue: header & 0x0F) else {
            throw ParquetDecodeError("unknown Thrift field type \(header & 0x0F) at byte \(cursor.position - 1)")
        }
        let delta = Int16(header >> 4)
        if delta != 0 {
            let (id, overflow) = last.addingReportingOverflow(delta)
            guard !overflow else { throw ParquetDecodeError("Thrift field id overflows at byte \(cursor.position - 1)") }
            last = id
        } else {
            let id = try cursor.zigzag()
            guard let id16 = Int16(exactly: id) else { throw ParquetDecodeError("Thrift field id \(id) out of range") }
            last = id16
        }
        return Field(id: last, type: type)
    }

    mutating func bool(_ type: FieldType) throws -> Bool {
        switch type {
        case .boolTrue: return true
        case .boolFalse: return false
        default: throw ParquetDecodeError("expected a Thrift bool, found \(type)")
        }
    }

    mutating func int(_ type: FieldType) throws -> Int64 {
        switch type {
        case .byte: return Int64(Int8(bitPattern: try cursor.byte()))
        case .i16, .i32, .i64: return try cursor.zigzag()
        default: throw ParquetDecodeError("expected a Thrift integer, found \(type)")
        }
    }

    /// An i32 field, checked to fit.
    mutating func int32(_ type: FieldType) throws -> Int32 {
        let value = try int(type)
        guard let narrow = Int32(exactly: value) else { throw ParquetDecodeError("value \(value) does not fit 32 bits") }
        return narrow
    }

    mutating func binary(_ type: FieldType) throws -> UnsafeRawBufferPointer {
        guard type == .binary else { throw ParquetDecodeError("expected Thrift binary, found \(type)") }
        let length = try cursor.varint()
        guard length <= UInt64(cursor.remaining) else {
            throw ParquetDecodeError("a string of \(length) bytes runs past the end of the metadata")
        }
        return try cursor.bytes(Int(length))
    }

    mutating func string(_ type: FieldType) throws -> String {
        String(decoding: try binary(type), as: UTF8.self)
    }

    /// A list header: element type and count. The count is checked against the bytes left (every element takes at
    /// least one byte, except booleans packed in headers — which also take one byte in lists).
    mutating func listHeader(_ type: FieldType) throws -> (elementType: FieldType, count: Int) {
        guard type == .list || type == .set else { throw ParquetDecodeError("expected a Thrift list, found \(type)") }
        let header = try cursor.byte()
        var count = UInt64(header >> 4)
        if count == 15 { count = try cursor.varint() }
        guard let elementType = FieldType(rawValue: header & 0x0F) else {
            throw ParquetDecodeError("unknown Thrift list element type \(header & 0x0F)")
        }
        guard count <= UInt64(cursor.remaining) else {
            throw ParquetDecodeError("a list of \(count) elements cannot fit in the \(cursor.remaining) bytes left")
        }
        return (elementType, Int(count))
    }

    /// A boolean element of a list (one byte: 1 true, else false).
    mutating func listBool() throws -> Bool { try cursor.byte() == 1 }

    /// Enters a nested struct (for the depth limit); pair with `leave()`.
    mutating func enter() throws {
        depth += 1
        if depth > ThriftCompactReader.maxDepth { throw ParquetDecodeError("Thrift structs nest deeper than \(ThriftCompactReader.maxDepth)") }
    }

    mutating func leave() { depth -= 1 }

    /// Skips a value of `type` (an unknown or unused field).
    mutating func skip(_ type: FieldType) throws {
        switch type {
        case .boolTrue, .boolFalse: return
        case .byte: _ = try cursor.byte()
        case .i16, .i32, .i64: _ = try cursor.varint()
        case .double: try cursor.skip(8)
        case .binary: _ = try binary(.binary)
        case .list, .set:
            let (elementType, count) = try listHeader(type)
            try enter()
            for _ in 0..<count {
                if elementType == .boolTrue || elementType == .boolFalse { _ = try cursor.byte() } else { try skip(elementType) }
            }
            leave()
        case .map:
            let count = try cursor.varint()
            guard count <= UInt64(cursor.remaining) else { throw ParquetDecodeError("a map of \(count) entries cannot fit") }
            if count == 0 { return }
            let types = try cursor.byte()
            guard let keyType = FieldType(rawValue: types >> 4), let valueType = FieldType(rawValue: types & 0x0F) else {
                throw ParquetDecodeError("unknown Thrift map types \(types)")
            }
            try enter()
            for _ in 0..<count {
                if keyType == .boolTrue || keyType == .boolFalse { _ = try cursor.byte() } else { try skip(keyType) }
                if valueType == .boolTrue || valueType == .boolFalse { _ = try cursor.byte() } else { try skip(valueType) }
            }
            leave()
        case .structure:
            try enter()
            var last: Int16 = 0
            while let field = try nextField(&last) { try skip(field.type) }
            leave()
        }
    }

    /// Reads a struct with `body` called for each field; unknown fields must be skipped by `body`.
    mutating func readStruct(_ body: (inout ThriftCompactReader, Field) throws -> Void) throws {
        try enter()
        var last: Int16 = 0
        while let field = try nextField(&last) { try body(&self, field) }
        leave()
    }
}
