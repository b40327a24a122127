/// A JSON value as it appears in a file (a dataset row, a tokenizer.json), with the order of object keys kept (a table's columns follow the
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

    /// The member named `key` of an object (the last one when the key is repeated), else nil. Keys are compared
    /// byte for byte, not as Swift strings: `==` on `String` is canonical equivalence, which would find "é" (U+00E9)
    /// under "e\u{301}", whereas Python, HF and the projection parser (`JSONParser.value(atPath:in:)`) keep them apart.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members.reversed() where member.hasKey(key) { return member.value }
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
