import Datasets
import Foundation
import Support

/// A qna.yaml as a dataset: one row per question and answer, with its seed example's context, so that the seeds
/// show in the workbench's table and record view like any other data. The file is small (a taxonomy file holds a
/// few dozen pairs) and read whole when opened; a file that breaks the schema still shows what could be read.
public final class QnARecordReader: RecordReader, Sendable {
    public let format = DatasetFormat.yaml
    private let rows: [JSONValue]
    private let lines: [Int]
    private let path: String

    public init(path: String) throws {
        let report = QnAValidator.validate(path: path)
        guard let file = report.file else {
            let first = report.problems.first { $0.severity == .error }
            throw DatasetError(.unsupportedFormat, path: path, location: first.map { "line \($0.line), column \($0.column)" },
                               problem: "not a readable qna.yaml: \(first?.message ?? "no seed examples")",
                               remedy: "Check it with `loom sdg validate \(path)`.")
        }
        var rows: [JSONValue] = []
        var lines: [Int] = []
        for (index, seed) in file.seeds.enumerated() {
            for pair in seed.pairs {
                var members = [JSONMember("seed", .number(String(index + 1)))]
                if let context = seed.context { members.append(JSONMember("context", .string(context))) }
                members.append(JSONMember("question", .string(pair.question)))
                members.append(JSONMember("answer", .string(pair.answer)))
                rows.append(.object(members))
                lines.append(pair.line)
            }
        }
        self.rows = rows
        self.lines = lines
        self.path = path
    }

    /// Registers the reader with `Dataset.open` for files named qna.yaml or qna.yml.
    public static func register() {
        DatasetOpeners.register { url in
            let name = url.lastPathComponent
            guard name == "qna.yaml" || name == "qna.yml" || name.hasSuffix("_qna.yaml") else { return nil }
            let reader: any RecordReader = try QnARecordReader(path: url.path)
            return (format: DatasetFormat.yaml, reader: reader)
        }
    }

    public var rowCount: Int { rows.count }
    public var progress: IndexProgress { IndexProgress(rows: rows.count, isComplete: true) }
    public var declaredColumns: [String] { [] }
    public var indexBytesPerRow: Double { 0 }

    public func record(at row: Int, maxBytes: Int?) throws -> Record {
        guard rows.indices.contains(row) else {
            throw DatasetError(.rowOutOfRange, path: path, location: "row \(row + 1)", problem: "there is no such row",
                               remedy: "The file has \(rows.count) rows.")
        }
        return Record(row: row, line: lines[row], byteCount: 0, isTruncated: false, content: .value(rows[row]))
    }

    public func waitForRows(_ rows: Int, timeout: Double) -> Int { self.rows.count }
    public func waitUntilIndexed(timeout: Double) -> IndexProgress { progress }
    public func checkFile() -> DatasetError? { nil }
    public func cancelIndexing() {}
}
