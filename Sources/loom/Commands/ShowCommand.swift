import ArgumentParser
import Datasets
import Foundation
import Support

/// `loom show FILE`: records as JSON lines, for any format Loom reads (JSONL, JSON, CSV, TSV, Parquet) — what the
/// table shows, headless. Parquet values print as JSON scalars, arrays and objects in schema order.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a dataset's records as JSON lines (any readable format, Parquet included).",
        discussion: """
        --rows takes a 0-based, end-exclusive range like a Python slice: 10:20, :5, 100: (default: all rows).
        --columns keeps these columns, in this order (dotted paths reach into objects: meta.source).
        Malformed rows are reported on standard error with their line, and the exit status is then 1.
        """
    )

    @Argument(help: "The dataset file.")
    var file: String

    @Option(name: .long, help: "Rows A:B (0-based, B excluded).")
    var rows: String?

    @Option(name: .long, help: "Comma-separated columns to keep, in order.")
    var columns: String?

    func run() throws {
        let dataset = try Dataset.open(path: file)
        dataset.waitUntilIndexed()
        if let failure = dataset.progress.failure { throw ValidationError(failure.description) }
        let range = try ShowCommand.parseRows(rows, count: dataset.rowCount)
        let keep = columns.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        var malformed = 0
        var output = BufferedStandardOutput()
        for row in range {
            let record = try dataset.record(at: row)
            switch record.content {
            case .malformed(_, let problem):
                malformed += 1
                FileHandle.standardError.write(Data("\(file):\(record.line): malformed row (\(problem))\n".utf8))
            case .value(let value):
                output.write(JSONFormatter.compact(ShowCommand.project(value, keep)))
            }
        }
        output.flush()
        if malformed > 0 { throw ExitCode(1) }
    }

    /// The row range a `A:B` text names, clamped to the file.
    static func parseRows(_ text: String?, count: Int) throws -> Range<Int> {
        guard let text else { return 0..<count }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw ValidationError("--rows takes A:B, e.g. 0:10 (got \(text))") }
        func bound(_ part: Substring, _ fallback: Int) throws -> Int {
            if part.isEmpty { return fallback }
            guard let value = Int(part), value >= 0 else { throw ValidationError("--rows: '\(part)' is not a row number") }
            return min(value, count)
        }
        let start = try bound(parts[0], 0), end = try bound(parts[1], count)
        return start..<max(start, end)
    }

    /// The record reduced to `keep` (dotted paths), in that order; the whole record without it.
    static func project(_ value: JSONValue, _ keep: [String]?) -> JSONValue {
        guard let keep else { return value }
        return .object(keep.map { name in
            let path = name.split(separator: ".").map(String.init)
            return JSONMember(name, value[name] ?? value.value(atPath: path) ?? .null)
        })
    }
}
