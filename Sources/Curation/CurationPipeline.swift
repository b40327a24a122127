/// The filters a document goes through, in FineWeb's order (Gopher repetition, Gopher quality, then FineWeb's own
/// rules); the first filter that drops a document gives its verdict.
public struct CurationPipeline: Sendable {
    public var gopherRepetition = GopherRepetitionFilter()
    public var gopherQuality = GopherQualityFilter()
    public var fineWebQuality = FineWebQualityFilter()

    public static let filterNames = [GopherRepetitionFilter.name, GopherQualityFilter.name, FineWebQualityFilter.name]

    public init() {}

    public func verdict(_ text: String) -> CurationVerdict {
        let repetition = gopherRepetition.verdict(text)
        if !repetition.isKept { return repetition }
        let quality = gopherQuality.verdict(text)
        if !quality.isKept { return quality }
        return fineWebQuality.verdict(text)
    }
}
