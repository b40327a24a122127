import Foundation
import Support

/// Writes flat tables as Parquet: one data page v1 per ~1 MiB of values, PLAIN values, RLE definition levels for
/// optional columns, snappy pages, row groups of at most `rowGroupRows` rows, and a footer that pyarrow and every
/// other reader accept. The file is written atomically (Support's AtomicFile). Used to save kept sets in the
/// source's schema (`ParquetExport`).
enum ParquetWriter {
    static let pageBytes = 1 << 20

    static func write(_ columns: [ParquetWriteColumn], rowCount: Int, to url: URL, rowGroupRows: Int = 100_000) throws {
        try AtomicFile.write(Data(bytes(columns, rowCount: rowCount, rowGroupRows: rowGroupRows)), to: url)
    }

    static func bytes(_ columns: [ParquetWriteColumn], rowCount: Int, rowGroupRows: Int = 100_000) -> [UInt8] {
        var file: [UInt8] = Array("PAR1".utf8)
        var groups: [[ChunkInfo]] = []
        var groupRows: [Int] = []
        // Where each column's next value is (values skip null rows).
        var nextValue = [Int](repeating: 0, count: columns.count)
        var row = 0
        repeat {
            let end = min(rowCount, row + max(1, rowGroupRows))
            var chunks: [ChunkInfo] = []
            for (index, column) in columns.enumerated() {
                chunks.append(writeChunk(column, rows: row..<end, firstValue: &nextValue[index], into: &file))
            }
            groups.append(chunks)
            groupRows.append(end - row)
            row = end
        } while row < rowCount
        let footer = footerBytes(columns, groups: groups, groupRows: groupRows, rowCount: rowCount)
        file.append(contentsOf: footer)
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: Array("PAR1".utf8))
        return file
    }

    struct ChunkInfo {
        var offset: Int
        var compressed: Int
        var uncompressed: Int
        var values: Int
    }

    private static func writeChunk(_ column: ParquetWriteColumn, rows: Range<Int>, firstValue: inout Int,
                                   into file: inout [UInt8]) -> ChunkInfo {
        var info = ChunkInfo(offset: file.count, compressed: 0, uncompressed: 0, values: rows.count)
        var pageStart = rows.lowerBound
        repeat {
            // Rows of this page: up to ~1 MiB of values.
            var pageEnd = pageStart
            var size = 0
            var valueEnd = firstValue
            while pageEnd < rows.upperBound && (pageEnd == pageStart || size < pageBytes) {
                if !column.isOptional || column.present[pageEnd] {
                    size += column.plainSize(valueEnd)
                    valueEnd += 1
                }
                pageEnd += 1
            }
            var body: [UInt8] = []
            if column.isOptional {
                let levels = definitionLevels(column.present[pageStart..<pageEnd])
                withUnsafeBytes(of: UInt32(levels.count).littleEndian) { body.append(contentsOf: $0) }
                body.append(contentsOf: levels)
            }
            body.append(contentsOf: column.plain(firstValue..<valueEnd))
            let compressed = body.withUnsafeBytes { SnappyEncoder.compress($0) }
            var header = ThriftCompactWriter()
            header.beginStruct(nil)
            header.int32(1, ParquetPageType.dataPage.rawValue)
            header.int32(2, Int32(body.count))
            header.int32(3, Int32(compressed.count))
            header.beginStruct(5)
            header.int32(1, Int32(pageEnd - pageStart))
            header.int32(2, ParquetEncoding.plain.rawValue)
            header.int32(3, ParquetEncoding.rle.rawValue)
            header.int32(4, ParquetEncoding.rle.rawValue)
            header.endStruct()
            header.endStruct()
            file.append(contentsOf: header.bytes)
            file.append(contentsOf: compressed)
            info.compressed += header.bytes.count + compressed.count
            info.uncompressed += header.bytes.count + body.count
            firstValue = valueEnd
            pageStart = pageEnd
        } while pageStart < rows.upperBound
        return info
    }

    /// The RLE hybrid of 0/1 definition levels (bit width 1): one RLE run per stretch of equal values.
    static func definitionLevels(_ present: ArraySlice<Bool>) -> [UInt8] {
        var out: [UInt8] = []
        var index = present.startIndex
        while index < present.endIndex {
            let value = present[index]
            var end = index
            while end < present.endIndex && present[end] == value { end += 1 }
            var header = UInt64(end - index) << 1
            while header >= 0x80 {
                out.append(UInt8(header & 0x7F) | 0x80)
                header >>= 7
            }
            out.append(UInt8(header))
            out.append(value ? 1 : 0)
            index = end
        }
        return out
    }

    private static func footerBytes(_ columns: [ParquetWriteColumn], groups: [[ChunkInfo]], groupRows: [Int],
                                    rowCount: Int) -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.beginStruct(nil)
        writer.int32(1, 1)
        writer.listHeader(2, .structure, count: columns.count + 1)
        writer.beginStruct(nil)
        writer.string(4, "schema")
        writer.int32(5, Int32(columns.count))
        writer.endStruct()
        for column in columns {
            writer.beginStruct(nil)
            writer.int32(1, column.type.rawValue)
            if column.type == .fixedLenByteArray { writer.int32(2, column.typeLength) }
            writer.int32(3, (column.isOptional ? ParquetRepetition.optional : .required).rawValue)
            writer.string(4, column.name)
            ParquetLogicalTypeWriting.write(column.logical, into: &writer)
            writer.endStruct()
        }
        writer.int64(3, Int64(rowCount))
        writer.listHeader(4, .structure, count: groups.count)
        for (group, chunks) in groups.enumerated() {
            writer.beginStruct(nil)
            writer.listHeader(1, .structure, count: chunks.count)
            for (index, chunk) in chunks.enumerated() {
                writer.beginStruct(nil)
                writer.int64(2, Int64(chunk.offset))
                writer.beginStruct(3)
                writer.int32(1, columns[index].type.rawValue)
                writer.listHeader(2, .i32, count: 2)
                writer.elementInt32(ParquetEncoding.plain.rawValue)
                writer.elementInt32(ParquetEncoding.rle.rawValue)
                writer.listHeader(3, .binary, count: 1)
                writer.elementString(columns[index].name)
                writer.int32(4, ParquetCodec.snappy.rawValue)
                writer.int64(5, Int64(chunk.values))
                writer.int64(6, Int64(chunk.uncompressed))
                writer.int64(7, Int64(chunk.compressed))
                writer.int64(9, Int64(chunk.offset))
                writer.endStruct()
                writer.endStruct()
            }
            writer.int64(2, Int64(chunks.reduce(0) { $0 + $1.uncompressed }))
            writer.int64(3, Int64(groupRows[group]))
            writer.endStruct()
        }
        writer.string(6, "loom (Parquet writer of the Loom workbench)")
        writer.endStruct()
        return writer.bytes
    }
}
