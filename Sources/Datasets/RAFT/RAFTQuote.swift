/// One `##begin_quote##…##end_quote##` span of a chain-of-thought answer, and where its text occurs among the
/// record's documents.
public struct RAFTQuote: Sendable, Hashable {
    /// The quoted text, trimmed.
    public var text: String
    /// The quoted text's place in the CoT answer, in `Character` offsets (markers excluded).
    public var range: Range<Int>
    /// The documents it occurs in, in document order.
    public var locations: [RAFTQuoteLocation]
    public var placement: RAFTQuotePlacement

    public init(text: String, range: Range<Int>, locations: [RAFTQuoteLocation] = [],
                placement: RAFTQuotePlacement = .nowhere) {
        self.text = text
        self.range = range
        self.locations = locations
        self.placement = placement
    }
}
