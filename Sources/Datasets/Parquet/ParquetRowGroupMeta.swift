/// One row group: its rows and a chunk per leaf column.
struct ParquetRowGroupMeta: Sendable {
    var columns: [ParquetColumnChunkMeta] = []
    var rowCount: Int64 = 0

    static func read(_ reader: inout ThriftCompactReader) throws -> ParquetRowGroupMeta {
        var group = ParquetRowGroupMeta()
        try reader.readStruct { reader, field in
            switch field.id {
            case 1:
                let (elementType, count) = try reader.listHeader(field.type)
                guard elementType == .structure else { throw ParquetDecodeError("row group columns are not structs") }
                group.columns.reserveCapacity(count)
                for _ in 0..<count { group.columns.append(try ParquetColumnChunkMeta.read(&reader)) }
            case 3: group.rowCount = try reader.int(field.type)
            default: try reader.skip(field.type)
            }
        }
        return group
    }
}
