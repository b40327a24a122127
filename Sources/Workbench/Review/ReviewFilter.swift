import Datasets

/// Which records the Review section lists: a scope against the detector (all by default, sorted so that the flagged
/// ones come first; or only the flagged, human, abstained or skipped ones), a decision filter (undecided only,
/// kept, …, stale), a range of scores and a search text. The list is sorted by score, highest first.
struct ReviewFilter: Equatable {
    enum Scope: String, CaseIterable {
        case all, flagged, human, abstained, skipped
    }

    enum DecisionFilter: String, CaseIterable {
        case any, undecided, keep, drop, unsure, stale
    }

    var scope: Scope = .all
    var decision: DecisionFilter = .any
    /// Probability of machine, both ends included.
    var scoreRange: ClosedRange<Double>?
    /// Case-insensitive text the record's text must contain.
    var search: String?

    /// What is shown above the list.
    var summary: String {
        var parts = [scope.rawValue, "decision: \(decision.rawValue)"]
        if let scoreRange {
            parts.append("score \(ReviewFormat.probability(scoreRange.lowerBound))–\(ReviewFormat.probability(scoreRange.upperBound))")
        }
        if let search { parts.append("/\(search)") }
        return parts.joined(separator: " · ")
    }

    func next<T: CaseIterable & Equatable>(_ value: T) -> T {
        let all = Array(T.allCases)
        let index = all.firstIndex(of: value) ?? all.startIndex
        return all[(index + 1) % all.count]
    }

    /// Whether `item` (whose effective decision is `verdict`, stale or not) passes.
    func matches(_ item: ReviewItem, standing: ReviewItem.Standing, probability: Double?,
                 verdict: ReviewDecision.Verdict, stale: Bool) -> Bool {
        switch scope {
        case .flagged: if standing != .flagged { return false }
        case .human: if standing != .human { return false }
        case .abstained: if standing != .abstained { return false }
        case .skipped: if standing != .skipped { return false }
        case .all: break
        }
        switch decision {
        case .any: break
        case .undecided: if verdict != .undecided { return false }
        case .keep: if verdict != .keep { return false }
        case .drop: if verdict != .drop { return false }
        case .unsure: if verdict != .unsure { return false }
        case .stale: if !stale { return false }
        }
        if let scoreRange {
            guard let probability, scoreRange.contains(probability) else { return false }
        }
        if let search, !search.isEmpty, item.record.head.range(of: search, options: .caseInsensitive) == nil {
            return false
        }
        return true
    }
}
