/// Limits for parsing a cheap preview of a record too large to parse whole (a 50 MB line must not stall a table).
public struct JSONPreviewLimits: Sendable, Hashable {
    /// Strings longer than this many UTF-8 bytes are cut (at a character boundary).
    public var maxStringBytes: Int
    /// Arrays with more elements keep only this many; the rest is checked but not built (a 50 MB array of numbers
    /// would otherwise become millions of values for one table cell). Nil: no limit.
    public var maxArrayElements: Int?
    public init(maxStringBytes: Int, maxArrayElements: Int? = nil) {
        self.maxStringBytes = maxStringBytes
        self.maxArrayElements = maxArrayElements
    }
}
