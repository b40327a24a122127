/// The footer of a Parquet file (`FileMetaData`): the flattened schema, the row groups, who wrote it.
struct ParquetFileMetadata: Sendable {
    var version: Int32 = 0
    var schema: [ParquetSchemaElement] = []
    var rowCount: Int64 = 0
    var rowGroups: [ParquetRowGroupMeta] = []
    var createdBy: String?
    var keyValues: [(key: String, value: String)] = []

    /// Decodes the footer's Thrift bytes.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> ParquetFileMetadata {
        var reader = ThriftCompactReader(bytes)
        var metadata = ParquetFileMetadata()
        try reader.readStruct { reader, field in
            switch field.id {
            case 1: metadata.version = try reader.int32(field.type)
            case 2:
                let (elementType, count) = try reader.listHeader(field.type)
                guard elementType == .structure else { throw ParquetDecodeError("schema elements are not structs") }
                metadata.schema.reserveCapacity(count)
                for _ in 0..<count { metadata.schema.append(try ParquetSchemaElement.read(&reader)) }
            case 3: metadata.rowCount = try reader.int(field.type)
            case 4:
                let (elementType, count) = try reader.listHeader(field.type)
                guard elementType == .structure else { throw ParquetDecodeError("row groups are not structs") }
                metadata.rowGroups.reserveCapacity(count)
                for _ in 0..<count { metadata.rowGroups.append(try ParquetRowGroupMeta.read(&reader)) }
            case 5:
                let (elementType, count) = try reader.listHeader(field.type)
                guard elementType == .structure else { throw ParquetDecodeError("key/value metadata are not structs") }
                for _ in 0..<count {
                    var key = "", value = ""
                    try reader.readStruct { reader, inner in
                        switch inner.id {
                        case 1: key = try reader.string(inner.type)
                        case 2: value = try reader.string(inner.type)
                        default: try reader.skip(inner.type)
                        }
                    }
                    metadata.keyValues.append((key, value))
                }
            case 6: metadata.createdBy = try reader.string(field.type)
            default: try reader.skip(field.type)
            }
        }
        return metadata
    }
}
