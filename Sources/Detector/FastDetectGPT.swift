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
