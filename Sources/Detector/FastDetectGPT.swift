import Kernels

/// Fast-DetectGPT's analytic sampling discrepancy (Bao et al. 2024): with the scoring model's log-probabilities
/// log q and the reference (sampling) model's distribution p at each position t,
/// `D = (Σ_t log q(x_t) − Σ_t μ_t) / sqrt(Σ_t σ²_t)`, μ_t = Σ_v p(v) log q(v), σ²_t = Σ_v p(v) log² q(v) − μ_t².
/// Machine text sits above what sampling from p would give: high D = machine.
public enum FastDetectGPT {
    /// D over the positions that have a next token.
    public static func discrepancy(_ statistics: [NextTokenStatistics]) -> Double {
        var likelihood = 0.0, mean = 0.0, variance = 0.0
        for s in statistics where s.rank >= 0 {
            likelihood += s.logProb
            mean += s.expected
            variance += s.variance
        }
        return (likelihood - mean) / variance.squareRoot()
    }
}

/// Binoculars (Hans et al. 2024), as their released code computes it: the performer's log-perplexity (mean over
/// positions with a next token of −log p_perf(x_t)) divided by the cross-perplexity (mean over every position,
/// the last included, of −Σ_v p_obs(v) log p_perf(v)). Statistics come with the performer as the scoring model
/// and the observer as the reference. Low = machine.
public enum Binoculars {
    public static func score(_ statistics: [NextTokenStatistics]) -> Double {
        var perplexity = 0.0, predicted = 0
        var cross = 0.0
        for s in statistics {
            if s.rank >= 0 {
                perplexity -= s.logProb
                predicted += 1
            }
            cross -= s.expected
        }
        return (perplexity / Double(max(predicted, 1))) / (cross / Double(max(statistics.count, 1)))
    }
}
