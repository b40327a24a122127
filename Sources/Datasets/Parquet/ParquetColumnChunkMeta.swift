/// Where one column of one row group lies in the file and how it is stored (`ColumnChunk` + `ColumnMetaData`).
struct ParquetColumnChunkMeta: Sendable {
    var type: ParquetPhysicalType?
    var encodings: [Int32] = []
    var pathInSchema: [String] = []
    var codecRaw: Int32 = 0
    var valueCount: Int64 = 0
    var totalUncompressedSize: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
    /// Set when the chunk lives in another file (not supported: said plainly when read).
    var filePath: String?
    var hasMetadata = false

    static func read(_ reader: inout ThriftCompactReader) throws -> ParquetColumnChunkMeta {
        var chunk = ParquetColumnChunkMeta()
        try reader.readStruct { reader, field in
            switch field.id {
            case 1: chunk.filePath = try reader.string(field.type)
            case 3:
                chunk.hasMetadata = true
                try readMetadata(&reader, into: &chunk)
            default: try reader.skip(field.type)
            }
        }
        return chunk
    }

    private static func readMetadata(_ reader: inout ThriftCompactReader, into chunk: inout ParquetColumnChunkMeta) throws {
        try reader.readStruct { reader, field in
            switch field.id {
            case 1:
                let raw = try reader.int32(field.type)
                guard let type = ParquetPhysicalType(rawValue: raw) else {
                    throw ParquetDecodeError("invalid physical type \(raw) in column metadata")
                }
                chunk.type = type
            case 2:
                let (elementType, count) = try reader.listHeader(field.type)
                for _ in 0..<count { chunk.encodings.append(try reader.int32(elementType)) }
            case 3:
                let (elementType, count) = try reader.listHeader(field.type)
                for _ in 0..<count { chunk.pathInSchema.append(try reader.string(elementType)) }
            case 4: chunk.codecRaw = try reader.int32(field.type)
            case 5: chunk.valueCount = try reader.int(field.type)
            case 6: chunk.totalUncompressedSize = try reader.int(field.type)
            case 7: chunk.totalCompressedSize = try reader.int(field.type)
            case 9: chunk.dataPageOffset = try reader.int(field.type)
            case 11: chunk.dictionaryPageOffset = try reader.int(field.type)
            default: try reader.skip(field.type)
            }
        }
    }

    /// Where the chunk's first page starts: the dictionary page when there is one. Some writers put 0 in
    /// `dictionary_page_offset` to mean none (a file in the wild does); only an offset before the data pages counts.
    var firstPageOffset: Int64 {
        if let dictionary = dictionaryPageOffset, dictionary > 0, dictionary < dataPageOffset { return dictionary }
        return dataPageOffset
    }
}
