/// Where a quote occurs inside one document: the document's index and the quote's first occurrence there, in
/// `Character` offsets of the document's text (what the inspector scrolls to and highlights).
public struct RAFTQuoteLocation: Sendable, Hashable {
    public var document: Int
    public var range: Range<Int>

    public init(document: Int, range: Range<Int>) {
        self.document = document
        self.range = range
    }
}
