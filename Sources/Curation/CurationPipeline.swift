/// The filters a document goes through, in FineWeb's order (Gopher repetition, Gopher quality, C4's line rules, then
/// FineWeb's own rules); the first filter that drops a document gives its verdict. C4 rewrites the text of the
/// documents it keeps (lines dropped, citations removed), and FineWeb's rules see the rewritten text, as in FineWeb.
/// MinHash deduplication (`MinHasher`, run by `CurateRun`) comes after, over the documents kept here.
public struct CurationPipeline: Sendable {
    public var gopherRepetition = GopherRepetitionFilter()
    public var gopherQuality = GopherQualityFilter()
    public var c4Quality = C4QualityFilter()
    public var fineWebQuality = FineWebQualityFilter()
    public var minHash = MinHasher()
    /// Filters and deduplication that are switched off (by name) are skipped.
    public var disabled: Set<String> = []

    public static let minHashName = "minhash"
    public static let filterNames = [GopherRepetitionFilter.name, GopherQualityFilter.name, C4QualityFilter.name,
                                     FineWebQualityFilter.name, minHashName]

    public init() {}

    /// The verdict of the filters and the text a kept document continues with.
    public func process(_ text: String) -> (verdict: CurationVerdict, text: String) {
        if !disabled.contains(GopherRepetitionFilter.name) {
            let repetition = gopherRepetition.verdict(text)
            if !repetition.isKept { return (repetition, text) }
        }
        if !disabled.contains(GopherQualityFilter.name) {
            let quality = gopherQuality.verdict(text)
            if !quality.isKept { return (quality, text) }
        }
        var text = text
        if !disabled.contains(C4QualityFilter.name) {
            let c4 = c4Quality.apply(text)
            if !c4.verdict.isKept { return c4 }
            text = c4.text
        }
        if !disabled.contains(FineWebQualityFilter.name) {
            let fineWeb = fineWebQuality.verdict(text)
            if !fineWeb.isKept { return (fineWeb, text) }
        }
        return (.kept("pipeline"), text)
    }

    public func verdict(_ text: String) -> CurationVerdict { process(text).verdict }

    public var deduplicates: Bool { !disabled.contains(Self.minHashName) }
}
