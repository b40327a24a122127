import Support

/// One column of a table view: a path into each record (`["meta", "source"]`, shown as `meta.source`) and what
/// kinds of value were seen there.
public struct Column: Sendable, Hashable {
    /// The display name: path components joined with dots.
    public var name: String
    /// Object keys from the record's root (keys may themselves contain dots; the path is exact).
    public var path: [String]
    /// How many sampled records held each kind of value here.
    public var kindCounts: [JSONKind: Int]

    public init(path: [String], kindCounts: [JSONKind: Int] = [:]) {
        self.name = path.joined(separator: ".")
        self.path = path
        self.kindCounts = kindCounts
    }

    /// The most common kind other than null (null when only nulls were seen).
    public var dominantKind: JSONKind {
        let counted = kindCounts.filter { $0.key != .null && $0.value > 0 }
        return counted.max { $0.value == $1.value ? $0.key > $1.key : $0.value < $1.value }?.key ?? .null
    }

    /// The value of this column in `value` (nil when the record lacks it).
    public func value(in value: JSONValue) -> JSONValue? {
        value.value(atPath: path)
    }
}
