import Foundation

/// L2-regularised logistic regression on standardised features, fitted by Newton's method (iteratively reweighted
/// least squares). Small and exact: a few dozen features and tens of thousands of texts converge in under ten
/// iterations, with no learning rate to tune. Classes are weighted to count equally, so an unbalanced training set
/// does not move the decision boundary.
public struct LogisticRegression: Sendable {
    public var means: [Double]
    public var scales: [Double]
    public var weights: [Double]
    public var bias: Double

    public init(means: [Double], scales: [Double], weights: [Double], bias: Double) {
        self.means = means
        self.scales = scales
        self.weights = weights
        self.bias = bias
    }

    /// The standardised value of feature `i`.
    @inline(__always) public func standardized(_ x: Double, _ i: Int) -> Double { (x - means[i]) / scales[i] }

    /// The logit (log-odds of the positive class).
    public func logit(_ x: [Double]) -> Double {
        var z = bias
        for i in 0..<weights.count { z += weights[i] * standardized(x[i], i) }
        return z
    }

    /// Fits on rows `x` with labels `y` (true = positive). `l2` is the penalty on the standardised weights.
    public static func fit(_ x: [[Double]], _ y: [Bool], l2: Double = 1.0, iterations: Int = 25) throws -> LogisticRegression {
        guard let d = x.first?.count, x.count == y.count else {
            throw DetectorError(what: "training data", reason: "no rows")
        }
        let positives = y.filter { $0 }.count, negatives = y.count - positives
        guard positives > 0, negatives > 0 else {
            throw DetectorError(what: "training data", reason: "needs both classes (\(positives) machine, \(negatives) human)")
        }
        var means = [Double](repeating: 0, count: d), scales = [Double](repeating: 0, count: d)
        for row in x { for j in 0..<d { means[j] += row[j] } }
        for j in 0..<d { means[j] /= Double(x.count) }
        for row in x { for j in 0..<d { scales[j] += (row[j] - means[j]) * (row[j] - means[j]) } }
        for j in 0..<d { scales[j] = max((scales[j] / Double(x.count)).squareRoot(), 1e-9) }
        let z = x.map { row in (0..<d).map { (row[$0] - means[$0]) / scales[$0] } + [1.0] }
        let classWeight = (positive: Double(y.count) / (2.0 * Double(positives)), negative: Double(y.count) / (2.0 * Double(negatives)))
        let p = d + 1
        var beta = [Double](repeating: 0, count: p)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: p)
            var hessian = [Double](repeating: 0, count: p * p)
            for (row, label) in zip(z, y) {
                var eta = 0.0
                for j in 0..<p { eta += beta[j] * row[j] }
                let mu = 1 / (1 + exp(-eta))
                let c = label ? classWeight.positive : classWeight.negative
                let r = c * ((label ? 1 : 0) - mu), w = c * max(mu * (1 - mu), 1e-12)
                for j in 0..<p {
                    gradient[j] += r * row[j]
                    let wj = w * row[j]
                    for k in j..<p { hessian[j * p + k] += wj * row[k] }
                }
            }
            for j in 0..<p { for k in 0..<j { hessian[j * p + k] = hessian[k * p + j] } }
            for j in 0..<d {
                gradient[j] -= l2 * beta[j]
                hessian[j * p + j] += l2
            }
            hessian[d * p + d] += 1e-9
            let step = try solve(hessian, gradient, n: p)
            var largest = 0.0
            for j in 0..<p {
                beta[j] += step[j]
                largest = max(largest, abs(step[j]))
            }
            if largest < 1e-8 { break }
        }
        return LogisticRegression(means: means, scales: scales, weights: Array(beta[0..<d]), bias: beta[d])
    }

    /// Solves the symmetric positive-definite system `a x = b` by Cholesky factorisation.
    static func solve(_ a: [Double], _ b: [Double], n: Int) throws -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { throw DetectorError(what: "training", reason: "the features are degenerate (a singular system)") }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }
}
