import Foundation
import Support

/// Saves records as Parquet (snappy): rows of a Parquet dataset in its own schema with its stored values (flat
/// schemas), anything else with columns inferred from the records — booleans, integers (INT64), other numbers
/// (DOUBLE), strings (UTF-8), and arrays, objects or mixed kinds as JSON text (the JSON logical type); a column with a
/// null or missing value is optional. Written atomically.
public enum ParquetExport {
    /// Writes rows `rows` of `dataset` to `url`.
    public static func write(rows: [Int], of dataset: Dataset, to url: URL) throws {
        if let reader = dataset.reader as? ParquetRecordReader, let columns = try reader.writeColumns(rows: rows) {
            try ParquetWriter.write(columns, rowCount: rows.count, to: url)
            return
        }
        var records: [JSONValue] = []
        records.reserveCapacity(rows.count)
        for row in rows {
            if let value = try dataset.record(at: row).value { records.append(value) }
        }
        try write(records: records, to: url)
    }

    /// Writes `records` (objects; anything else is stored under a column named `value`) to `url`.
    public static func write(records: [JSONValue], to url: URL) throws {
        try ParquetWriter.write(columns(for: records), rowCount: records.count, to: url)
    }

    static func columns(for records: [JSONValue]) -> [ParquetWriteColumn] {
        func members(_ record: JSONValue) -> [JSONMember] {
            if case .object(let members) = record { return members }
            return [JSONMember("value", record)]
        }
        var names: [String] = []
        var seen = Set<String>()
        for record in records {
            for member in members(record) where seen.insert(member.key).inserted { names.append(member.key) }
        }
        return names.map { name in
            let cells = records.map { JSONValue.object(members($0))[name] ?? .null }
            let present = cells.filter { $0 != .null }
            let optional = present.count < cells.count
            var column: ParquetWriteColumn
            if !present.isEmpty && present.allSatisfy({ if case .bool = $0 { return true } else { return false } }) {
                column = ParquetWriteColumn(name: name, type: .boolean, logical: nil, isOptional: optional)
                for case .bool(let flag) in present { column.values.booleans.append(flag) }
            } else if !present.isEmpty && present.allSatisfy({ if case .number(let text) = $0 { return Int64(text) != nil } else { return false } }) {
                column = ParquetWriteColumn(name: name, type: .int64, logical: nil, isOptional: optional)
                for case .number(let text) in present { column.values.int64s.append(Int64(text) ?? 0) }
            } else if !present.isEmpty && present.allSatisfy({ $0.doubleValue != nil }) {
                column = ParquetWriteColumn(name: name, type: .double, logical: nil, isOptional: optional)
                for value in present { column.values.doubles.append(value.doubleValue ?? 0) }
            } else if present.allSatisfy({ $0.stringValue != nil }) {
                column = ParquetWriteColumn(name: name, type: .byteArray, logical: .string, isOptional: optional)
                for case .string(let text) in present { column.values.appendBytes(text) }
            } else {
                column = ParquetWriteColumn(name: name, type: .byteArray, logical: .json, isOptional: optional)
                for value in present { column.values.appendBytes(JSONFormatter.compact(value)) }
            }
            if optional { column.present = cells.map { $0 != .null } }
            return column
        }
    }
}

extension ParquetColumnValues {
    mutating func appendBytes(_ text: String) {
        data.append(contentsOf: text.utf8)
        offsets.append(data.count)
    }
}
