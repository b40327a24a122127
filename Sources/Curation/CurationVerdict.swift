/// What one filter decided about one document: kept, or dropped by a rule, with the value it measured and the
/// threshold that value was compared with, so a person can see why (and how close) a document was dropped.
public struct CurationVerdict: Sendable, Hashable {
    /// The filter's name (`gopher_repetition`, `fineweb_quality`).
    public var filter: String
    /// The rule that fired, datatrove's name for it (`dup_line_frac`, `line_punct_ratio`, …); nil when kept.
    public var rule: String?
    public var value: Double?
    public var threshold: Double?

    public static func kept(_ filter: String) -> CurationVerdict {
        CurationVerdict(filter: filter, rule: nil, value: nil, threshold: nil)
    }

    public static func dropped(_ filter: String, _ rule: String, value: Double, threshold: Double) -> CurationVerdict {
        CurationVerdict(filter: filter, rule: rule, value: value, threshold: threshold)
    }

    public var isKept: Bool { rule == nil }
}
