/// A JSON value as it appears in a dataset file, with the order of object keys kept (a table's columns follow the
/// order the author wrote) and numbers kept as their source text (so `1e400` or a 20-digit id is shown exactly as
/// written; `doubleValue` converts when arithmetic is needed).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's literal text, e.g. `-12.5e3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in file order; duplicate keys are kept as written (lookups find the last, as Python does).
    case object([JSONMember])

    /// The kind of value, for schema inference and statistics.
    public var kind: JSONKind {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    /// The member named `key` of an object (the last one when the key is repeated), else nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members.reversed() where member.key == key { return member.value }
        return nil
    }

    /// The value at a path of object keys (`["meta", "source"]` for the column `meta.source`), else nil.
    public func value(atPath path: [String]) -> JSONValue? {
        var current = self
        for key in path {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }

    /// The number as a `Double`, when this is a number.
    public var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// The string's text, when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// One `key: value` member of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONValue
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// The kinds of JSON value, used for column types and type counts.
public enum JSONKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case null, bool, number, string, array, object

    private var rank: Int {
        switch self {
        case .null: return 0
        case .bool: return 1
        case .number: return 2
        case .string: return 3
        case .array: return 4
        case .object: return 5
        }
    }

    public static func < (lhs: JSONKind, rhs: JSONKind) -> Bool { lhs.rank < rhs.rank }
}
