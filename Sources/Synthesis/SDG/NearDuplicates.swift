/// Exact and near-duplicate questions: exact after folding case and whitespace; near when the word trigrams of two
/// questions overlap by at least the threshold (Jaccard), so "What is the capital of France?" and "what is the
/// capital of france ?" are one question, and rephrasings that change a word or two are caught too.
struct NearDuplicates {
    let threshold: Double
    private var exact: Set<String> = []
    private var shingles: [Set<String>] = []

    init(threshold: Double) { self.threshold = threshold }

    static func normalised(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func trigrams(_ words: [String]) -> Set<String> {
        guard words.count >= 3 else { return [words.joined(separator: " ")] }
        return Set((0...(words.count - 3)).map { words[$0..<($0 + 3)].joined(separator: " ") })
    }

    /// Why `question` is a duplicate of one seen before, or nil (and it is remembered).
    mutating func check(_ question: String) -> String? {
        let words = Self.normalised(question)
        let key = words.joined(separator: " ")
        if exact.contains(key) { return "duplicate: the same question was generated before" }
        let grams = Self.trigrams(words)
        for earlier in shingles {
            let shared = grams.intersection(earlier).count
            let union = grams.union(earlier).count
            if union > 0, Double(shared) / Double(union) >= threshold {
                return "near duplicate: \(Int(Double(shared) / Double(union) * 100))% of its word trigrams repeat an earlier question"
            }
        }
        exact.insert(key)
        shingles.append(grams)
        return nil
    }
}
