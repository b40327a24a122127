import Detector

/// One record of the dataset under review: what the scoring pass read and, once scored, its statistic. The item's
/// index is the record's row.
struct ReviewItem: Sendable {
    var record: ReviewReadRecord
    var statistic: Double?
    var abstainReason: String?
    var truncated = false
    /// Why the record could not be scored at all (no such field, binary text, …).
    var skipped: String?

    var line: Int { record.line }

    /// Where the item stands against the detector, before any person decided.
    enum Standing: Sendable, Equatable {
        case pending, skipped, abstained, human, flagged
    }

    func standing(under rule: DecisionRule?) -> Standing {
        if skipped != nil || record.problem != nil { return .skipped }
        guard let statistic else { return .pending }
        if abstainReason != nil || !statistic.isFinite { return .abstained }
        guard let rule else { return .pending }
        return rule.isMachine(statistic) ? .flagged : .human
    }

    /// The probability of machine under `rule`, when scored.
    func probability(under rule: DecisionRule?) -> Double? {
        guard let statistic, statistic.isFinite, let rule else { return nil }
        return rule.probability(statistic)
    }
}
