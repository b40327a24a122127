import Kernels

/// The language-model tier's explanation: per token, its surprise (−log q of the token that came) and its GLTR rank
/// bucket (Gehrmann et al. 2019: the scoring model ranked it in its top 10, top 100, top 1000, or below), and per
/// sentence the mean surprise and Fast-DetectGPT's D over the sentence's tokens: what a heat map draws.
public struct TokenSurprise: Sendable, Equatable {
    public var token: String
    public var surprise: Double
    /// 0: rank < 10, 1: < 100, 2: < 1000, 3: the rest.
    public var bucket: Int

    public static func bucket(rank: Int) -> Int { rank < 10 ? 0 : rank < 100 ? 1 : rank < 1000 ? 2 : 3 }

    /// Per-token surprise of `statistics` (position t predicts token t+1), paired with the decoded tokens.
    public static func tokens(_ statistics: [NextTokenStatistics], pieces: [String]) -> [TokenSurprise] {
        var out: [TokenSurprise] = []
        for (t, s) in statistics.enumerated() where s.rank >= 0 && t + 1 < pieces.count {
            out.append(TokenSurprise(token: pieces[t + 1], surprise: -s.logProb, bucket: bucket(rank: s.rank)))
        }
        return out
    }

    /// Sentences as runs of tokens, cut after a token that ends in `.`, `!` or `?` when the next one starts with a
    /// space: (first token index, end index, mean surprise, D over the run).
    public static func sentences(_ statistics: [NextTokenStatistics], pieces: [String])
        -> [(start: Int, end: Int, meanSurprise: Double, discrepancy: Double)] {
        var out: [(Int, Int, Double, Double)] = []
        var start = 1
        func close(_ end: Int) {
            guard end > start else { return }
            let slice = Array(statistics[(start - 1)..<(end - 1)])
            let mean = slice.reduce(0) { $0 - $1.logProb } / Double(slice.count)
            out.append((start, end, mean, FastDetectGPT.discrepancy(slice)))
            start = end
        }
        for i in 1..<max(pieces.count, 1) {
            let piece = pieces[i]
            if let last = piece.last, ".!?".contains(last), i + 1 < pieces.count, pieces[i + 1].first == " " {
                close(i + 1)
            }
        }
        close(pieces.count)
        return out
    }
}
