import Foundation

/// A dataset file read as RAFT records: rows come through the ordinary dataset readers (JSONL, JSON, gzip, line
/// numbers, malformed rows), and each is turned into a `RAFTRecord` or an error that names its line and field. The
/// schema is named by the caller or detected from the first row that is a JSON object.
public final class RAFTFile: @unchecked Sendable {
    public let dataset: Dataset
    /// Nil when no row looked like RAFT data (then every row is an error).
    public let schema: RAFTSchema?
    public let schemaWasNamed: Bool

    /// Opens `path`; throws the `DatasetError` of a file that cannot be opened as a dataset.
    public init(path: String, schema: RAFTSchema? = nil) throws {
        dataset = try Dataset.open(path: path)
        schemaWasNamed = schema != nil
        self.schema = schema ?? RAFTFile.detectSchema(in: dataset)
    }

    public var path: String { dataset.url.path }
    public var rowCount: Int { dataset.rowCount }

    /// The schema of the first rows that are objects (a few are tried, so that a malformed first line does not hide
    /// the rest); nil when none looks like RAFT data.
    static func detectSchema(in dataset: Dataset) -> RAFTSchema? {
        dataset.waitForRows(8, timeout: 5)
        for row in 0..<min(8, dataset.rowCount) {
            guard let value = try? dataset.record(at: row).value else { continue }
            if case .object = value { return RAFTSchema.detect(value) }
        }
        return nil
    }

    /// Whether a file's first rows are RAFT data, for a list of files that shows only those.
    public static func looksLikeRAFT(path: String) -> Bool {
        guard let dataset = try? Dataset.open(path: path) else { return false }
        defer { dataset.cancelIndexing() }
        return detectSchema(in: dataset) != nil
    }

    /// Row `row` as a RAFT record, or why it is not one.
    public func record(at row: Int) -> Result<RAFTRecord, RAFTRecordError> {
        let record: Record
        do {
            record = try dataset.record(at: row)
        } catch {
            // The row's line is unknown when the file cannot be read there; say which row it was.
            return .failure(RAFTRecordError(path: path, line: 0, problem: "row \(row + 1) cannot be read: \(error)"))
        }
        return RAFTFile.parse(record, schema: schema, path: path)
    }

    /// A dataset row as a RAFT record in `schema` (detected from the row itself when nil).
    public static func parse(_ record: Record, schema: RAFTSchema?, path: String? = nil)
        -> Result<RAFTRecord, RAFTRecordError> {
        switch record.content {
        case .malformed(_, let problem):
            return .failure(RAFTRecordError(path: path, line: record.line, problem: "not valid JSON (\(problem))"))
        case .value(let value):
            guard let schema = schema ?? RAFTSchema.detect(value) else {
                return .failure(RAFTRecordError(path: path, line: record.line,
                                                problem: "not RAFT data: no question/context, prompt/completion or messages"))
            }
            do {
                return .success(try RAFTRecordParser.parse(value, schema: schema, row: record.row, line: record.line,
                                                           path: path))
            } catch {
                return .failure(error)
            }
        }
    }
}
