import Foundation

/// Confidence intervals for a rate measured as `k` events in `n` trials: how far a false-positive rate measured on a
/// user's own human texts can be trusted. Clopper–Pearson is exact (never too narrow), which matters at the 1% rates
/// a detector is tuned for, where a few hundred texts see only a handful of false positives.
public struct BinomialInterval: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    /// The Clopper–Pearson interval at `confidence` (e.g. 0.95): Beta quantiles of (k, n−k+1) and (k+1, n−k).
    public static func clopperPearson(successes k: Int, trials n: Int, confidence: Double = 0.95) -> BinomialInterval {
        guard n > 0 else { return BinomialInterval(lower: 0, upper: 1) }
        let alpha = 1 - confidence
        let lower = k == 0 ? 0 : betaQuantile(alpha / 2, a: Double(k), b: Double(n - k + 1))
        let upper = k == n ? 1 : betaQuantile(1 - alpha / 2, a: Double(k + 1), b: Double(n - k))
        return BinomialInterval(lower: lower, upper: upper)
    }

    /// The Wilson score interval (for comparison; close to Clopper–Pearson when n is large).
    public static func wilson(successes k: Int, trials n: Int, z: Double = 1.959963984540054) -> BinomialInterval {
        guard n > 0 else { return BinomialInterval(lower: 0, upper: 1) }
        let p: Double = Double(k) / Double(n), nn: Double = Double(n), z2: Double = z * z
        let denominator: Double = 1 + z2 / nn
        let centre: Double = (p + z2 / (2 * nn)) / denominator
        let spread: Double = p * (1 - p) / nn + z2 / (4 * nn * nn)
        let half: Double = z / denominator * spread.squareRoot()
        return BinomialInterval(lower: max(0, centre - half), upper: min(1, centre + half))
    }

    /// x with I_x(a, b) = q, by bisection (the regularised incomplete beta is monotone in x).
    static func betaQuantile(_ q: Double, a: Double, b: Double) -> Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if regularizedIncompleteBeta(mid, a: a, b: b) < q { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// I_x(a, b) by its continued fraction (Lentz's method), using the symmetry for x past the mean.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logFront: Double = logBeta + a * log(x) + b * log(1.0 - x)
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(1 - x, a: b, b: a) }
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var f = d
        for m in 1...300 {
            let m = Double(m)
            let even: Double = (a + 2 * m - 1) * (a + 2 * m), odd: Double = (a + 2 * m) * (a + 2 * m + 1)
            var numerator: Double = m * (b - m) * x / even
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            f *= d * c
            numerator = -(a + m) * (a + b + m) * x / odd
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return exp(logFront) * f / a
    }
}
