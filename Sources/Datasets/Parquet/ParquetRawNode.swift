import Support

/// A row's value for one top-level field, assembled from its leaf columns' levels before the schema's LIST and MAP
/// conventions are applied: groups by schema child name, lists for repeated nodes. Kept separate from `JSONValue`
/// so that several leaves of one struct can be merged (each leaf builds the path down to itself).
indirect enum ParquetRawNode {
    case null
    case value(JSONValue)
    case list([ParquetRawNode])
    case group([(name: String, node: ParquetRawNode)])

    /// Merges what two leaves built for the same field: groups take the union of their children, lists merge
    /// element by element (leaves under one repeated node repeat together), null wins (a null struct is null for
    /// every leaf below it).
    static func merge(_ a: ParquetRawNode, _ b: ParquetRawNode) throws -> ParquetRawNode {
        switch (a, b) {
        case (.group(var left), .group(let right)):
            for member in right {
                if let index = left.firstIndex(where: { $0.name == member.name }) {
                    left[index].node = try merge(left[index].node, member.node)
                } else {
                    left.append(member)
                }
            }
            return .group(left)
        case (.list(let left), .list(let right)):
            guard left.count == right.count else {
                throw ParquetDecodeError("columns of one list disagree on its length (\(left.count) and \(right.count))")
            }
            return .list(try zip(left, right).map { try merge($0, $1) })
        case (.null, _), (_, .null):
            return .null
        default:
            return a
        }
    }
}
