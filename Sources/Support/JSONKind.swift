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
