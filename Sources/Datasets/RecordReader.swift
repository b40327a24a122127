
/// What every dataset reader offers, whatever the file format: rows by number, readable while a background index is
/// still being built, and progress to show. JSONL, JSON, CSV and TSV share `TextRecordReader`; Parquet and YAML
/// readers implement this protocol when they arrive.
public protocol RecordReader: AnyObject, Sendable {
    var format: DatasetFormat { get }
    /// Rows that can be read now (grows while indexing runs).
    var rowCount: Int { get }
    /// The background index's progress.
    var progress: IndexProgress { get }
    /// Column names the file declares (a CSV header), in order; empty when rows carry their own keys.
    var declaredColumns: [String] { get }
    /// Reads row `row`. With `maxBytes`, long values are cut to that many bytes (every key is kept) and listed in
    /// the record's `cuts`; the record is then marked `isTruncated`.
    func record(at row: Int, maxBytes: Int?) throws -> Record
    /// Blocks until `rows` rows are readable, indexing ends, or `timeout` seconds pass; returns the row count.
    func waitForRows(_ rows: Int, timeout: Double) -> Int
    /// Blocks until indexing ends or `timeout` seconds pass.
    func waitUntilIndexed(timeout: Double) -> IndexProgress
    /// Checks now whether the file was deleted or replaced since it was opened (reads also check, at most every
    /// 100 ms); a view can call this when it redraws, to show a message before the user scrolls.
    func checkFile() -> DatasetError?
    /// Stops background indexing; rows found so far stay readable.
    func cancelIndexing()
    /// Index memory per row, in bytes.
    var indexBytesPerRow: Double { get }
    /// The row's bytes as stored in the file, or nil when rows have no text form (see the extension's default).
    func rawBytes(ofRow row: Int, maxBytes: Int?) throws -> [UInt8]?
    /// One cell of a row: the value at `path`, built without building the rest of the row.
    func cell(at row: Int, path: [String]) throws -> CellLookup
}

extension RecordReader {
    /// The row's bytes as stored in the file (for fast pre-filtering in search), or nil when the reader has no
    /// text form of rows (e.g. a columnar format).
    public func rawBytes(ofRow row: Int, maxBytes: Int?) throws -> [UInt8]? { nil }

    /// Reads the whole record and looks the path up (readers that can do better override this).
    public func cell(at row: Int, path: [String]) throws -> CellLookup {
        let record = try record(at: row, maxBytes: nil)
        guard let value = record.value else { return .malformed }
        return value.value(atPath: path).map { .value($0) } ?? .missing
    }
}
