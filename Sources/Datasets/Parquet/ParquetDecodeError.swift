/// A problem found while decoding a Parquet file's bytes: what was wrong. The reader adds where (the row group,
/// column and page) when it turns this into a `DatasetError`, so that every message names the column and page.
struct ParquetDecodeError: Error, Sendable, CustomStringConvertible {
    var problem: String

    init(_ problem: String) { self.problem = problem }

    var description: String { problem }
}
