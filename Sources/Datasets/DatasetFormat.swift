/// The file formats Loom reads as datasets. YAML is recognised so that the user is told plainly that it is not read
/// yet; its reader would slot in behind `RecordReader`, as Parquet's does.
public enum DatasetFormat: String, Sendable, Hashable, CaseIterable {
    /// One JSON value per line (`.jsonl`, `.ndjson`).
    case jsonl
    /// A JSON array of records, or a stream of JSON values (`.json`).
    case json
    /// Comma-separated values with RFC 4180 quoting (`.csv`).
    case csv
    /// Tab-separated values, quoting as for CSV (`.tsv`, `.tab`).
    case tsv
    case parquet
    case yaml

    /// A short name to show beside a file.
    public var displayName: String {
        switch self {
        case .jsonl: return "JSONL"
        case .json: return "JSON"
        case .csv: return "CSV"
        case .tsv: return "TSV"
        case .parquet: return "Parquet"
        case .yaml: return "YAML"
        }
    }

    /// Whether this build of Loom can read the format.
    public var isReadable: Bool {
        switch self {
        case .jsonl, .json, .csv, .tsv, .parquet: return true
        case .yaml: return false
        }
    }

    /// The format and compression a file name implies, or nil when the extension says nothing.
    public static func guess(fileName: String) -> (format: DatasetFormat, gzip: Bool)? {
        var name = fileName.lowercased()
        var gzip = false
        if name.hasSuffix(".gz") {
            gzip = true
            name.removeLast(3)
        } else if name.hasSuffix(".gzip") {
            gzip = true
            name.removeLast(5)
        }
        let dot = name.lastIndex(of: ".")
        let ext = dot.map { String(name[name.index(after: $0)...]) } ?? ""
        switch ext {
        case "jsonl", "ndjson", "jsonlines": return (.jsonl, gzip)
        case "json": return (.json, gzip)
        case "csv": return (.csv, gzip)
        case "tsv", "tab": return (.tsv, gzip)
        case "parquet", "pq": return (.parquet, gzip)
        case "yaml", "yml": return (.yaml, gzip)
        default: return nil
        }
    }

    /// File names worth listing in a dataset folder.
    public static func looksLikeDataset(fileName: String) -> Bool { guess(fileName: fileName) != nil }
}
