import Foundation
import Testing
@testable import Kernels

/// Double-precision reference of `RMSNorm.forward`.
func rmsNormReference(_ x: [Double], _ w: [Double], rows: Int, cols: Int, eps: Double) -> [Double] {
    var y = [Double](repeating: 0, count: rows * cols)
    for r in 0..<rows {
        var ss = 0.0
        for j in 0..<cols { ss += x[r * cols + j] * x[r * cols + j] }
        let s = 1 / (ss / Double(cols) + eps).squareRoot()
        for j in 0..<cols { y[r * cols + j] = x[r * cols + j] * s * w[j] }
    }
    return y
}

@Test func rmsNormForwardMatchesDoubleReference() {
    var rng = SeededGenerator(seed: 1)
    let rows = 5, cols = 37
    let x = randomFloats(rows * cols, &rng, range: -3...3), w = randomFloats(cols, &rng)
    var y = [Float](repeating: 0, count: rows * cols), rstd = [Float](repeating: 0, count: rows)
    RMSNorm.forward(x: x, weight: w, y: &y, rstd: &rstd, rows: rows, cols: cols, eps: 1e-5)
    #expect(relativeError(y, rmsNormReference(x.doubles, w.doubles, rows: rows, cols: cols, eps: 1e-5)) < 1e-6)
}

@Test func rmsNormBackwardMatchesFiniteDifferences() {
    var rng = SeededGenerator(seed: 2)
    let rows = 4, cols = 19, eps = 1e-5
    let x = randomFloats(rows * cols, &rng, range: -2...2), w = randomFloats(cols, &rng)
    let dy = randomFloats(rows * cols, &rng)
    var y = [Float](repeating: 0, count: rows * cols), rstd = [Float](repeating: 0, count: rows)
    RMSNorm.forward(x: x, weight: w, y: &y, rstd: &rstd, rows: rows, cols: cols, eps: Float(eps))
    var dx = [Float](repeating: 0, count: rows * cols)
    var dw = [Float](repeating: 0.5, count: cols)  // accumulates on top of what is there
    RMSNorm.backward(dy: dy, x: x, weight: w, rstd: rstd, dx: &dx, dweight: &dw, rows: rows, cols: cols)
    let expectedDx = numericalGradient(x.doubles) { weightedSum(rmsNormReference($0, w.doubles, rows: rows, cols: cols, eps: eps), dy) }
    let expectedDw = numericalGradient(w.doubles) { weightedSum(rmsNormReference(x.doubles, $0, rows: rows, cols: cols, eps: eps), dy) }
    #expect(relativeError(dx, expectedDx) < 1e-5)
    #expect(relativeError(dw, expectedDw.map { $0 + 0.5 }) < 1e-5)
}

/// With `accumulate`, the input gradient is added to what `dx` holds (the residual stream's gradient), equal to
/// the overwriting result plus that.
@Test func rmsNormBackwardAccumulatesIntoDx() {
    var rng = SeededGenerator(seed: 3)
    let rows = 3, cols = 37
    let x = randomFloats(rows * cols, &rng, range: -2...2), w = randomFloats(cols, &rng)
    let dy = randomFloats(rows * cols, &rng), prior = randomFloats(rows * cols, &rng)
    var y = [Float](repeating: 0, count: rows * cols), rstd = [Float](repeating: 0, count: rows)
    RMSNorm.forward(x: x, weight: w, y: &y, rstd: &rstd, rows: rows, cols: cols, eps: 1e-5)
    var overwritten = [Float](repeating: .nan, count: rows * cols), accumulated = prior
    RMSNorm.backward(dy: dy, x: x, weight: w, rstd: rstd, dx: &overwritten, dweight: nil, rows: rows, cols: cols)
    RMSNorm.backward(dy: dy, x: x, weight: w, rstd: rstd, dx: &accumulated, accumulate: true, dweight: nil,
                     rows: rows, cols: cols)
    #expect(relativeError(accumulated, zip(overwritten, prior).map { $0 + $1 }) < 1e-6)
}
