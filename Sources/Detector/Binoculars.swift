import Kernels

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
