/// One column of the screen: the grapheme drawn there and its role and attributes.
///
/// A character two columns wide sits in its first cell; the cell to its right holds `Cell.continuation`, which
/// backends skip. The grid keeps that invariant, so a wide character is never half overwritten.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var role: StyleRole
    public var extra: TextAttributes

    public init(_ text: String = " ", role: StyleRole = .text, extra: TextAttributes = []) {
        self.text = text
        self.role = role
        self.extra = extra
    }

    public static let blank = Cell()
    /// The right half of a wide character.
    public static let continuation = Cell("")

    public var isContinuation: Bool { text.isEmpty }
}
