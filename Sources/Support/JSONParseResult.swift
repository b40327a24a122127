/// The result of parsing: the value and whether anything was cut (a preview) or the input ended early.
public struct JSONParseResult: Sendable {
    public var value: JSONValue
    /// True when strings were cut or the text ended inside the value (only possible with `allowTruncatedInput`).
    public var isTruncated: Bool
    /// Offset just past the value (trailing whitespace not included).
    public var endOffset: Int
    /// The strings cut by the preview limits, and where the text ended inside a value, in text order.
    public var cuts: [JSONCut] = []
}
