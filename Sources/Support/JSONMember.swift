/// One `key: value` member of a JSON object.
/// Equality and hashing compare keys byte for byte (see `JSONValue.subscript(_:)`): two objects whose keys differ only
/// in Unicode normalisation are different objects.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }

    /// Whether this member's key has exactly the UTF-8 bytes of `name`.
    @inlinable public func hasKey(_ name: String) -> Bool { key.utf8.elementsEqual(name.utf8) }

    public static func == (lhs: JSONMember, rhs: JSONMember) -> Bool {
        lhs.key.utf8.elementsEqual(rhs.key.utf8) && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        var bytes = key
        bytes.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(value)
    }
}
