/// Limits for parsing a cheap preview of a record too large to parse whole (a 50 MB line must not stall a table).
public struct JSONPreviewLimits: Sendable, Hashable {
    /// Strings longer than this many UTF-8 bytes are cut (at a character boundary).
    public var maxStringBytes: Int
    public init(maxStringBytes: Int) { self.maxStringBytes = maxStringBytes }
}
