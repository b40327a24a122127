import Foundation

/// What a language-model detector reads from one position's next-token distribution: the scoring model's
/// log-probability of the token that came, and the mean and second moment of its log-probabilities under a
/// reference distribution (the same model's, or another model's that shares the vocabulary).
///
/// Fast-DetectGPT's analytic criterion (Bao et al. 2024) sums `logProb`, `expected` and `variance` over positions;
/// Binoculars' cross-perplexity (Hans et al. 2024) is the mean of `-expected` with the observer as reference and the
/// performer as the scoring model. GLTR's rank buckets read `rank`.
public struct NextTokenStatistics: Sendable, Equatable {
    /// `log q(x)` of the token that came next (NaN at a position without one).
    public var logProb: Double
    /// `Σ_v p(v) log q(v)`.
    public var expected: Double
    /// `Σ_v p(v) log² q(v) − expected²`.
    public var variance: Double
    /// How many tokens the scoring model ranks above the one that came (0: it was the top choice; -1 without one).
    public var rank: Int

    public init(logProb: Double, expected: Double, variance: Double, rank: Int) {
        self.logProb = logProb
        self.expected = expected
        self.variance = variance
        self.rank = rank
    }

    /// Statistics of each of `rows` rows of `[rows, vocab]` logits: `scoring` gives q, `reference` gives p (nil: p = q,
    /// the white-box case), `targets[r]` the token that came (negative: none). Rows run in parallel.
    public static func compute(scoring: UnsafePointer<Float>, reference: UnsafePointer<Float>?, rows: Int, vocab: Int,
                               targets: UnsafePointer<Int32>) -> [NextTokenStatistics] {
        var out = [NextTokenStatistics](repeating: NextTokenStatistics(logProb: .nan, expected: .nan, variance: .nan, rank: -1),
                                        count: rows)
        guard rows > 0, vocab > 0 else { return out }
        out.withUnsafeMutableBufferPointer { results in
            let results = results.baseAddress!
            ThreadPool.shared.parallelFor(rows) { range in
                for r in range {
                    results[r] = row(q: scoring + r * vocab, p: reference.map { $0 + r * vocab }, vocab: vocab,
                                     target: targets[r])
                }
            }
        }
        return out
    }

    @inline(__always)
    static func row(q: UnsafePointer<Float>, p: UnsafePointer<Float>?, vocab: Int, target: Int32) -> NextTokenStatistics {
        // log q(v) = q_v − lse(q); with p = softmax(p_logits): Σ p·log q = Σ p·q_v − lse(q), and the second moment
        // from Σ p·(q_v − m)² around the max, so nothing large is squared.
        let qMax = VectorMath.max(q, vocab)
        let qLogSum = qMax + logf(VectorMath.expShiftedSum(q, vocab, shift: qMax))
        let weights = p ?? q
        let pMax = p == nil ? qMax : VectorMath.max(weights, vocab)
        let pSum = p == nil ? expf(qLogSum - qMax) : VectorMath.expShiftedSum(weights, vocab, shift: pMax)
        let pShift = SIMD16<Float>(repeating: pMax), qShift = SIMD16<Float>(repeating: qMax)
        // f32 lanes, flushed into doubles every 1024 entries: vocabularies of 150k entries keep ~1e-7 relative error.
        var firstTotal = 0.0, secondTotal = 0.0
        var block = 0
        while block < vocab {
            let end = Swift.min(vocab, block + 1024)
            var first = SIMD16<Float>(), second = SIMD16<Float>()
            var i = block
            while i < end {
                let lanes = Swift.min(16, end - i)
                let raw = lanes == 16 ? VectorMath.load(weights + i) : VectorMath.loadPartial(weights + i, lanes, fill: -.infinity)
                let w = VectorMath.exp(raw - pShift)
                let d = VectorMath.load(q + i, lanes: lanes) - qShift
                first += w * d
                second += w * d * d
                i += 16
            }
            firstTotal += Double(VectorMath.horizontalSum(first))
            secondTotal += Double(VectorMath.horizontalSum(second))
            block = end
        }
        let mean = firstTotal / Double(pSum)           // Σ p (q_v − qMax)
        let square = secondTotal / Double(pSum)        // Σ p (q_v − qMax)²
        let offset = Double(qMax) - Double(qLogSum)
        let expected = mean + offset
        let variance = Swift.max(0, square - mean * mean)
        guard target >= 0, Int(target) < vocab else {
            return NextTokenStatistics(logProb: .nan, expected: expected, variance: variance, rank: -1)
        }
        let chosen = q[Int(target)]
        var above = 0
        for v in 0..<vocab where q[v] > chosen { above += 1 }
        return NextTokenStatistics(logProb: Double(chosen) - Double(qLogSum), expected: expected, variance: variance,
                                   rank: above)
    }
}
