import Support

/// The columns of a dataset, inferred from its first records: keys in order of first appearance, nested objects
/// flattened into dotted names (`meta.source`), arrays kept whole. Records that are not objects show in one column
/// named `value`.
public struct ColumnSchema: Sendable, Hashable {
    public var columns: [Column]
    /// True when some sampled record was not an object (its value is shown under `value`).
    public var hasBareValues: Bool

    public init(columns: [Column], hasBareValues: Bool = false) {
        self.columns = columns
        self.hasBareValues = hasBareValues
    }

    /// Objects nested deeper than this are shown whole instead of being flattened further.
    public static let maximumDepth = 4
    /// More columns than this are not useful in a table; the rest stay visible in the record view.
    public static let maximumColumns = 512

    /// Infers columns from `records`, starting with `declared` names (a CSV header) in their order.
    public static func infer(from records: [Record], declared: [String] = []) -> ColumnSchema {
        var order: [[String]] = declared.map { [$0] }
        // Keyed by the paths' bytes, as lookups compare keys: "é" and "e\u{301}" are two keys, so two columns
        // (a `[String]` key would merge them, and one column would then miss the other's values).
        var counts: [[[UInt8]]: [JSONKind: Int]] = [:]
        func exact(_ path: [String]) -> [[UInt8]] { path.map { Array($0.utf8) } }
        for name in declared { counts[exact([name])] = [:] }
        var bare = false
        func visit(_ value: JSONValue, path: [String]) {
            if case .object(let members) = value, !members.isEmpty, path.count < maximumDepth {
                for member in members { visit(member.value, path: path + [member.key]) }
                return
            }
            let key = exact(path)
            if counts[key] == nil {
                guard order.count < maximumColumns else { return }
                order.append(path)
                counts[key] = [:]
            }
            counts[key, default: [:]][value.kind, default: 0] += 1
        }
        for record in records {
            guard let value = record.value else { continue }
            if case .object(let members) = value {
                for member in members { visit(member.value, path: [member.key]) }
            } else {
                bare = true
                visit(value, path: ["value"])
            }
        }
        // A bare value's column is named `value`; an object key named `value` shares it (rare and harmless).
        let columns = order.map { Column(path: $0, kindCounts: counts[exact($0)] ?? [:]) }
        return ColumnSchema(columns: columns, hasBareValues: bare)
    }

    /// The value of `column` in a record's value, treating a non-object record as the `value` column.
    public func value(of column: Column, in value: JSONValue) -> JSONValue? {
        if case .object = value { return column.value(in: value) }
        return column.path == ["value"] ? value : nil
    }
}

extension Dataset {
    /// Infers the columns from the first `sampleRows` readable rows (previews of at most `maxBytes` each, so a
    /// huge record costs no more than a small one).
    public func inferSchema(sampleRows: Int = 200, maxBytes: Int = 64 << 10) -> ColumnSchema {
        let available = min(sampleRows, rowCount)
        var records: [Record] = []
        records.reserveCapacity(available)
        for row in 0..<available {
            if let record = try? record(at: row, maxBytes: maxBytes) { records.append(record) }
        }
        return ColumnSchema.infer(from: records, declared: declaredColumns)
    }
}
