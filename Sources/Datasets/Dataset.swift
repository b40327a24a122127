import Foundation
import CZlib
import Support

/// An open dataset file: its format, its rows by number (readable at once, while a background index is still being
/// built), and the progress of that index. A reference type shared by views and background jobs (search,
/// statistics); all its methods may be called from any thread.
public final class Dataset: Sendable {
    public let url: URL
    public let format: DatasetFormat
    /// True when the file is gzip-compressed (rows are read from a decompressed temporary copy).
    public let isGzip: Bool
    /// The file's size on disk when opened.
    public let fileSize: UInt64
    public let reader: any RecordReader

    init(url: URL, format: DatasetFormat, isGzip: Bool, fileSize: UInt64, reader: any RecordReader) {
        self.url = url
        self.format = format
        self.isGzip = isGzip
        self.fileSize = fileSize
        self.reader = reader
    }

    deinit { reader.cancelIndexing() }

    /// Opens a dataset: detects its format from the name and the first bytes, refuses binary and empty files with a
    /// `DatasetError`, and starts indexing rows in the background. Returns as soon as the first bytes are checked.
    public static func open(_ url: URL) throws -> Dataset {
        let path = url.path
        if let opened = try DatasetOpeners.open(url) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
            return Dataset(url: url, format: opened.format, isGzip: false, fileSize: size, reader: opened.reader)
        }
        let file = try DatasetFile(path: path)
        let detected = try FormatDetector.detect(file: file)
        let reader: any RecordReader
        if detected.format == .parquet {
            reader = try ParquetRecordReader(file: file)
        } else {
            reader = try TextRecordReader(file: file, format: detected.format, gzip: detected.gzip,
                                          bomLength: detected.bomLength)
        }
        return Dataset(url: url, format: detected.format, isGzip: detected.gzip, fileSize: file.sizeAtOpen,
                       reader: reader)
    }

    public static func open(path: String) throws -> Dataset { try open(URL(fileURLWithPath: path)) }

    /// The file name, for titles and lists.
    public var name: String { url.lastPathComponent }

    /// Rows that can be read now; grows while indexing runs (see `progress`).
    public var rowCount: Int { reader.rowCount }
    public var progress: IndexProgress { reader.progress }
    /// Column names declared by the file (a CSV/TSV header), else empty.
    public var declaredColumns: [String] { reader.declaredColumns }
    public var indexBytesPerRow: Double { reader.indexBytesPerRow }

    /// Reads row `row` in full. Throws a `DatasetError` when the row does not exist (yet) or the file was
    /// truncated, deleted or replaced; a row that does not parse is a `Record` marked malformed, not an error.
    public func record(at row: Int) throws -> Record { try reader.record(at: row, maxBytes: nil) }

    /// A preview of row `row`: strings longer than `maxBytes` are cut to that length (the parse skips the rest of a
    /// long string without building it), so a table can show a 50 MB record, but every key is there. The record says
    /// `isTruncated` when anything was cut, and `cuts` which values and how big they are. Only a row larger than
    /// `TextRecordReader.wholeRowPreviewLimit` (256 MiB) is read in part, from its start.
    public func record(at row: Int, maxBytes: Int?) throws -> Record { try reader.record(at: row, maxBytes: maxBytes) }

    /// The value of `column` in row `row`, parsing only that value (for statistics, column search, sorting).
    /// A record that is not an object holds its whole value in the column named `value` (see `ColumnSchema`).
    public func cell(at row: Int, column: Column) throws -> CellLookup {
        if column.path == ["value"] {
            let record = try record(at: row)
            guard let value = record.value else { return .malformed }
            return Dataset.lookup(column, in: value)
        }
        return try reader.cell(at: row, path: column.path)
    }

    /// The cell of `column` in a parsed record, with `ColumnSchema`'s rule for records that are not objects.
    static func lookup(_ column: Column, in value: JSONValue) -> CellLookup {
        if case .object = value { return column.value(in: value).map { .value($0) } ?? .missing }
        return column.path == ["value"] ? .value(value) : .missing
    }

    /// Blocks until `rows` rows are readable, indexing ends, or `timeout` seconds pass; returns the row count.
    @discardableResult
    public func waitForRows(_ rows: Int, timeout: Double = 5) -> Int { reader.waitForRows(rows, timeout: timeout) }

    /// Blocks until the index is complete (or stopped) or `timeout` seconds pass.
    @discardableResult
    public func waitUntilIndexed(timeout: Double = .infinity) -> IndexProgress {
        reader.waitUntilIndexed(timeout: timeout)
    }

    /// Checks now whether the file was deleted or replaced since it was opened: nil when all is well. Reads check
    /// too, at most every 100 ms; a view can call this on a timer to tell the user before they scroll.
    public func checkFile() -> DatasetError? { reader.checkFile() }

    /// Stops the background index (e.g. when the user closes the dataset); rows found so far stay readable.
    public func cancelIndexing() { reader.cancelIndexing() }
}
