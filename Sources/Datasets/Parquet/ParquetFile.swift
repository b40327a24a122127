/// A Parquet file's footer read and checked: the schema tree, the row groups, and where each row group's rows start,
/// so that a row number is a (row group, offset) pair found by binary search — the table can jump anywhere without
/// decoding what it skips.
struct ParquetFile: Sendable {
    let metadata: ParquetFileMetadata
    let schema: ParquetSchema
    /// Rows before each row group, plus the total at the end.
    let rowGroupStarts: [Int]
    /// Where the footer starts: column chunks must end before it.
    let footerStart: UInt64

    var rowCount: Int { rowGroupStarts.last ?? 0 }

    /// Bytes a column chunk may extend past its declared size. parquet-mr before 1.2.9 (PARQUET-816) left the
    /// dictionary page header out of `total_compressed_size`; Arrow reads such files by allowing up to 100 more bytes,
    /// and so does Loom (never past the footer).
    var chunkPadding: UInt64 {
        guard let writer = metadata.createdBy, writer.hasPrefix("parquet-mr") else { return 0 }
        let version = writer.split(separator: " ").dropFirst().first { $0.first?.isNumber == true }
            ?? writer.split(separator: " ").last { $0.first?.isNumber == true }
        guard let version else { return 100 }
        let parts = version.split(whereSeparator: { !$0.isNumber }).prefix(3).map { Int($0) ?? 0 }
        let padded = parts + Array(repeating: 0, count: max(0, 3 - parts.count))
        return padded.lexicographicallyPrecedes([1, 2, 9]) ? 100 : 0
    }

    /// Footers larger than this are refused rather than read (a corrupt length would otherwise allocate it).
    static let maxFooter: UInt64 = 512 << 20

    /// Reads and decodes the footer of `file`. `rowsOfGroup` counts a row group's rows by decoding it, for the
    /// files whose footer says 0 rows for a row group that holds some (a writer bug seen in the wild).
    static func open(_ file: DatasetFile) throws -> ParquetFile {
        let size = file.sizeAtOpen
        guard size >= 12 else { throw ParquetDecodeError("the file is \(size) bytes, too short for Parquet (at least 12)") }
        let head = try file.bytes(at: 0, count: 4)
        let tail = try file.bytes(at: size - 8, count: 8)
        let magic = Array("PAR1".utf8)
        if Array(tail[4...]) == Array("PARE".utf8) {
            throw ParquetDecodeError("the file is encrypted (PARE), which is not supported")
        }
        guard head == magic else { throw ParquetDecodeError("the file does not start with PAR1") }
        guard Array(tail[4...]) == magic else {
            throw ParquetDecodeError("the file does not end with PAR1 (truncated or not Parquet)")
        }
        let footerLength = UInt64(UInt32(littleEndian: tail.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
        guard footerLength <= size - 12, footerLength <= maxFooter else {
            throw ParquetDecodeError("the footer claims \(footerLength) bytes in a file of \(size)")
        }
        let footerStart = size - 8 - footerLength
        let footer = try file.bytes(at: footerStart, count: Int(footerLength))
        let metadata: ParquetFileMetadata
        do {
            metadata = try footer.withUnsafeBytes { try ParquetFileMetadata.decode($0) }
        } catch let error as ParquetDecodeError {
            throw ParquetDecodeError("the footer does not decode: \(error.problem)")
        }
        let schema = try ParquetSchema(elements: metadata.schema)
        var starts = [0]
        for (index, group) in metadata.rowGroups.enumerated() {
            guard group.columns.count == schema.leaves.count else {
                throw ParquetDecodeError("row group \(index) has \(group.columns.count) column chunks, the schema \(schema.leaves.count) columns")
            }
            guard group.rowCount >= 0, group.rowCount <= Int64(Int32.max) * 64 else {
                throw ParquetDecodeError("row group \(index) declares \(group.rowCount) rows")
            }
            starts.append(starts[starts.count - 1] + Int(group.rowCount))
        }
        return ParquetFile(metadata: metadata, schema: schema, rowGroupStarts: starts, footerStart: footerStart)
    }

    /// The same file with row group `index` holding `rows` rows (after counting them).
    func withRowCount(_ rows: Int, ofGroup index: Int) -> ParquetFile {
        var starts = [0]
        for group in 0..<metadata.rowGroups.count {
            let count = group == index ? rows : rowGroupStarts[group + 1] - rowGroupStarts[group]
            starts.append(starts[starts.count - 1] + count)
        }
        return ParquetFile(metadata: metadata, schema: schema, rowGroupStarts: starts, footerStart: footerStart)
    }

    /// The row group holding `row` and the row's offset in it.
    func locate(_ row: Int) -> (group: Int, offset: Int)? {
        guard row >= 0, row < rowCount else { return nil }
        var low = 0, high = rowGroupStarts.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if rowGroupStarts[middle] <= row { low = middle } else { high = middle }
        }
        return (low, row - rowGroupStarts[low])
    }

    /// The leaves under each top-level field, by field.
    var leavesByField: [[Int]] {
        var result: [[Int]] = []
        var next = 0
        for field in schema.fields {
            let count = ParquetFile.leafCount(field)
            result.append(Array(next..<(next + count)))
            next += count
        }
        return result
    }

    private static func leafCount(_ node: ParquetSchemaNode) -> Int {
        node.children.isEmpty ? 1 : node.children.reduce(0) { $0 + leafCount($1) }
    }
}
