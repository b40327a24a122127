import Datasets

/// The records of a dataset as the detector reads them: through the Datasets readers (JSONL, JSON, CSV/TSV, gzip),
/// so line numbers are the ones the data browser shows. A record that cannot be scored (no such field, not a string,
/// empty, binary, undecodable) comes with the reason instead of text; reading goes on.
public struct DetectRecord: Sendable {
    /// The record's 1-based line (JSONL, JSON) or row (CSV) number.
    public var line: Int
    public var text: String?
    public var problem: String?
    /// The parsed record, for other fields (labels, groups).
    public var value: JSONValue?
}

public enum DetectInput {
    /// Calls `body` with each record of `path` in order.
    public static func forEach(path: String, field: String, _ body: (DetectRecord) throws -> Void) throws {
        let dataset: Dataset
        do { dataset = try Dataset.open(path: path) } catch let error as DatasetError {
            if error.kind == .empty { return }
            throw DetectorError(what: "cannot read the dataset", reason: error.description)
        }
        do {
            try dataset.forEachRecord { record in
                try body(Self.record(record, field: field))
            }
        } catch let error as DatasetError {
            throw DetectorError(what: "reading stopped", reason: error.description)
        }
    }

    static func record(_ record: Record, field: String) -> DetectRecord {
        var out = DetectRecord(line: record.line, text: nil, problem: nil, value: nil)
        switch record.content {
        case .malformed(_, let problem):
            out.problem = "not a readable record (\(problem))"
        case .value(let value):
            out.value = value
            switch value[field] {
            case .string(let text)?:
                if let problem = TextCheck.problem(text) { out.problem = problem } else { out.text = text }
            case nil:
                out.problem = "no \"\(field)\" field"
            case let other?:
                out.problem = "\"\(field)\" is \(other.kind), not a string"
            }
        }
        return out
    }

    /// A label read as machine (true) or human (false): "machine"/"ai"/"generated"/"1"/"true" or 1/true, and
    /// "human"/"0"/"false" or 0/false; nil for anything else.
    public static func label(_ value: JSONValue?) -> Bool? {
        switch value {
        case .bool(let b)?: return b
        case .number(let n)?: return n == "1" ? true : n == "0" ? false : nil
        case .string(let s)?:
            switch s.lowercased() {
            case "machine", "ai", "generated", "llm", "1", "true": return true
            case "human", "0", "false": return false
            default: return nil
            }
        default: return nil
        }
    }
}
