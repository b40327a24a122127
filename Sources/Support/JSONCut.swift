/// Where a preview parse (`JSONPreviewLimits`) cut a string or a long array, so that a view can say which value it shows in part
/// instead of passing a prefix off as the whole value.
public struct JSONCut: Sendable, Hashable {
    /// Object keys from the root to the value cut, or to the array holding it (a string inside an array, or inside
    /// an object inside an array, is reported at the array: that is the value a table column shows).
    public var path: [String]
    /// The value's size in the text (a string's UTF-8 bytes between its quotes, an array's bytes from `[` to `]`);
    /// nil when the text itself ended inside it.
    public var byteCount: Int?

    public init(path: [String], byteCount: Int?) {
        self.path = path
        self.byteCount = byteCount
    }
}
