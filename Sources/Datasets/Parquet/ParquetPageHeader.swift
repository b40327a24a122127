/// A page's header (`PageHeader` with its data, dictionary or v2 part), read in front of every page.
struct ParquetPageHeader: Sendable {
    var typeRaw: Int32 = -1
    var uncompressedSize: Int32 = 0
    var compressedSize: Int32 = 0
    /// Values in the page (levels included: nulls count), from whichever part is present.
    var valueCount: Int32 = 0
    var encodingRaw: Int32 = 0
    var definitionEncodingRaw: Int32 = 3
    var repetitionEncodingRaw: Int32 = 3
    /// v2 only.
    var nullCount: Int32 = 0
    var rowCount: Int32 = 0
    var definitionLevelsLength: Int32 = 0
    var repetitionLevelsLength: Int32 = 0
    var isCompressed = true
    var hasTypeHeader = false

    var type: ParquetPageType? { ParquetPageType(rawValue: typeRaw) }

    /// Decodes a header at the start of `bytes`; returns it and its length in bytes.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> (ParquetPageHeader, Int) {
        var reader = ThriftCompactReader(bytes)
        var header = ParquetPageHeader()
        try reader.readStruct { reader, field in
            switch field.id {
            case 1: header.typeRaw = try reader.int32(field.type)
            case 2: header.uncompressedSize = try reader.int32(field.type)
            case 3: header.compressedSize = try reader.int32(field.type)
            case 5:
                header.hasTypeHeader = true
                try reader.readStruct { reader, inner in
                    switch inner.id {
                    case 1: header.valueCount = try reader.int32(inner.type)
                    case 2: header.encodingRaw = try reader.int32(inner.type)
                    case 3: header.definitionEncodingRaw = try reader.int32(inner.type)
                    case 4: header.repetitionEncodingRaw = try reader.int32(inner.type)
                    default: try reader.skip(inner.type)
                    }
                }
            case 7:
                header.hasTypeHeader = true
                try reader.readStruct { reader, inner in
                    switch inner.id {
                    case 1: header.valueCount = try reader.int32(inner.type)
                    case 2: header.encodingRaw = try reader.int32(inner.type)
                    default: try reader.skip(inner.type)
                    }
                }
            case 8:
                header.hasTypeHeader = true
                try reader.readStruct { reader, inner in
                    switch inner.id {
                    case 1: header.valueCount = try reader.int32(inner.type)
                    case 2: header.nullCount = try reader.int32(inner.type)
                    case 3: header.rowCount = try reader.int32(inner.type)
                    case 4: header.encodingRaw = try reader.int32(inner.type)
                    case 5: header.definitionLevelsLength = try reader.int32(inner.type)
                    case 6: header.repetitionLevelsLength = try reader.int32(inner.type)
                    case 7: header.isCompressed = try reader.bool(inner.type)
                    default: try reader.skip(inner.type)
                    }
                }
            default: try reader.skip(field.type)
            }
        }
        guard header.uncompressedSize >= 0, header.compressedSize >= 0 else {
            throw ParquetDecodeError("negative page size (compressed \(header.compressedSize), uncompressed \(header.uncompressedSize))")
        }
        guard header.valueCount >= 0 else {
            throw ParquetDecodeError("negative value count \(header.valueCount) in a page header")
        }
        return (header, reader.position)
    }
}
