import Support

/// What one cell of a row holds.
public enum CellLookup: Sendable, Hashable {
    case value(JSONValue)
    /// The row has no value at that path.
    case missing
    /// The row is malformed: it has no cells.
    case malformed
}
