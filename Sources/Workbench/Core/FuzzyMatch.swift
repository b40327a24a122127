/// Fuzzy matching for the command palette: every character of the query must appear in order in the candidate
/// (case-insensitive). Consecutive matches and matches at word starts score higher, so `rv` finds "Record view".
public enum FuzzyMatch {
    /// A score (higher is better), or nil when the query does not match.
    public static func score(query: String, candidate: String) -> Int? {
        let q = Array(query.lowercased())
        if q.isEmpty { return 0 }
        let c = Array(candidate.lowercased())
        var qi = 0
        var score = 0
        var previousMatch = -2
        for (ci, character) in c.enumerated() where qi < q.count {
            guard character == q[qi] else { continue }
            var points = 1
            if ci == previousMatch + 1 { points += 4 }
            if ci == 0 || c[ci - 1] == " " || c[ci - 1] == "/" || c[ci - 1] == "_" { points += 6 }
            score += points
            previousMatch = ci
            qi += 1
        }
        guard qi == q.count else { return nil }
        return score * 100 - c.count
    }

    /// Candidates that match, best first; ties keep their original order.
    public static func rank<T>(_ candidates: [T], query: String, text: (T) -> String) -> [T] {
        candidates.enumerated()
            .compactMap { index, item in score(query: query, candidate: text(item)).map { (index, item, $0) } }
            .sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }
            .map(\.1)
    }
}
