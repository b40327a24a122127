/// Whole-column scans of a Parquet file: every page of one leaf column decoded, one row group at a time. For
/// `loom bench parquet` (decoded MB/s beside pyarrow) and passes that need a column rather than rows.
public enum ParquetScan {
    public struct Result: Sendable {
        /// Non-null values decoded.
        public var values = 0
        /// Bytes of decoded values: string bytes for text, the value width for numbers.
        public var decodedBytes = 0
        public var rowGroups = 0

        public init() {}
    }

    /// The leaf columns' dotted paths, in schema order.
    public static func columnNames(path: String) throws -> [String] {
        let reader = try ParquetRecordReader(file: try DatasetFile(path: path))
        return reader.parquet.schema.leaves.map(\.dottedPath)
    }

    /// Decodes every value of the leaf column `column` (a dotted path, or a top-level name with one leaf).
    public static func scan(path: String, column: String) throws -> Result {
        let reader = try ParquetRecordReader(file: try DatasetFile(path: path))
        let leaves = reader.parquet.schema.leaves
        guard let index = leaves.firstIndex(where: { $0.dottedPath == column })
            ?? leaves.firstIndex(where: { $0.path.first == column }) else {
            throw DatasetError(.cannotOpen, path: path, problem: "no column named '\(column)'",
                               remedy: "Pick one of: \(leaves.map(\.dottedPath).joined(separator: ", ")).")
        }
        var result = Result()
        try reader.scanColumn(index) { values in
            result.values += values.count
            result.decodedBytes += values.decodedBytes
            result.rowGroups += 1
        }
        return result
    }
}
