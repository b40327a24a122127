import Support

/// The roles of a chat record's messages, read from the record itself (before the builder turns them into a
/// conversation), so that unknown roles and turns out of order are reported even when the template accepts them.
enum ConversationRoles {
    static let known: Set<String> = ["system", "user", "assistant"]

    /// (unknown roles, what is out of order) for a `messages` list; nil when the record has no such list.
    static func problems(_ value: JSONValue, column: String) -> (unknown: [String], order: String?)? {
        guard case .array(let items)? = value[column] else { return nil }
        let roles = items.compactMap { $0["role"]?.stringValue }
        let unknown = roles.filter { !known.contains($0) }
        var order: String?
        var previous: String?
        for (i, role) in roles.enumerated() where known.contains(role) {
            if role == "system", i > 0 {
                order = "system message \(i + 1) is not the first"
            } else if role != "system", previous == nil || previous == "system", role != "user" {
                order = "message \(i + 1) is the first turn but is '\(role)', not 'user'"
            } else if role != "system", role == previous {
                order = "messages \(i) and \(i + 1) are both '\(role)'"
            }
            if order != nil { break }
            previous = role
        }
        if order == nil, let last = roles.last(where: { known.contains($0) }), last != "assistant" {
            order = "ends with a '\(last)' message that no reply follows"
        }
        return (unknown, order)
    }
}
