import Datasets

/// How the record view lays a value out: one `key: value` line per leaf, nested values indented under their key.
/// Leaf text comes from `JSONFormatter.cellText`, the same text a table cell shows.
enum ValueText {
    /// Indented lines of a value for the record view: `key: value`, nested values indented, long strings kept
    /// whole (the view wraps them).
    static func pretty(_ value: JSONValue, indent: Int = 0, into lines: inout [(indent: Int, key: String?, text: String)],
                       key: String? = nil, maxLines: Int = 100_000) {
        if lines.count >= maxLines { return }
        switch value {
        case .object(let members) where !members.isEmpty:
            if let key { lines.append((indent, key, "")) }
            for member in members {
                pretty(member.value, indent: key == nil ? indent : indent + 2, into: &lines, key: member.key, maxLines: maxLines)
            }
        case .array(let items) where !items.isEmpty:
            if let key { lines.append((indent, key, "")) }
            for (i, item) in items.enumerated() {
                pretty(item, indent: key == nil ? indent : indent + 2, into: &lines, key: "[\(i)]", maxLines: maxLines)
            }
        default:
            lines.append((indent, key, JSONFormatter.cellText(value, maxBytes: .max)))
        }
    }
}
