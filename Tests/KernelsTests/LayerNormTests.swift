import Foundation
import Testing
@testable import Kernels

func layerNormReference(_ x: [Double], _ w: [Double], _ b: [Double], rows: Int, cols: Int, eps: Double) -> [Double] {
    var y = [Double](repeating: 0, count: rows * cols)
    for r in 0..<rows {
        let row = x[(r * cols)..<((r + 1) * cols)]
        let mu = row.reduce(0, +) / Double(cols)
        let variance = row.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(cols)
        let s = 1 / (variance + eps).squareRoot()
        for j in 0..<cols { y[r * cols + j] = (x[r * cols + j] - mu) * s * w[j] + b[j] }
    }
    return y
}

@Test func layerNormForwardMatchesDoubleReference() {
    var rng = SeededGenerator(seed: 3)
    let rows = 6, cols = 41
    let x = randomFloats(rows * cols, &rng, range: -3...3), w = randomFloats(cols, &rng), b = randomFloats(cols, &rng)
    var y = [Float](repeating: 0, count: rows * cols)
    LayerNorm.forward(x: x, weight: w, bias: b, y: &y, mean: nil, rstd: nil, rows: rows, cols: cols, eps: 1e-5)
    #expect(relativeError(y, layerNormReference(x.doubles, w.doubles, b.doubles, rows: rows, cols: cols, eps: 1e-5)) < 1e-6)
}

@Test func layerNormBackwardMatchesFiniteDifferences() {
    var rng = SeededGenerator(seed: 4)
    let rows = 3, cols = 23, eps = 1e-5
    let x = randomFloats(rows * cols, &rng, range: -2...2), w = randomFloats(cols, &rng), b = randomFloats(cols, &rng)
    let dy = randomFloats(rows * cols, &rng)
    var y = [Float](repeating: 0, count: rows * cols)
    var mean = [Float](repeating: 0, count: rows), rstd = [Float](repeating: 0, count: rows)
    LayerNorm.forward(x: x, weight: w, bias: b, y: &y, mean: &mean, rstd: &rstd, rows: rows, cols: cols, eps: Float(eps))
    var dx = [Float](repeating: 0, count: rows * cols)
    var dw = [Float](repeating: 0, count: cols), db = [Float](repeating: 0, count: cols)
    LayerNorm.backward(dy: dy, x: x, weight: w, mean: mean, rstd: rstd, dx: &dx, dweight: &dw, dbias: &db,
                       rows: rows, cols: cols)
    let f = { (x: [Double], w: [Double], b: [Double]) in
        weightedSum(layerNormReference(x, w, b, rows: rows, cols: cols, eps: eps), dy)
    }
    #expect(relativeError(dx, numericalGradient(x.doubles) { f($0, w.doubles, b.doubles) }) < 1e-5)
    #expect(relativeError(dw, numericalGradient(w.doubles) { f(x.doubles, $0, b.doubles) }) < 1e-5)
    #expect(relativeError(db, numericalGradient(b.doubles) { f(x.doubles, w.doubles, $0) }) < 1e-5)
}

/// With `accumulate`, the input gradient is added to what `dx` holds, as for `RMSNorm`.
@Test func layerNormBackwardAccumulatesIntoDx() {
    var rng = SeededGenerator(seed: 5)
    let rows = 3, cols = 37
    let x = randomFloats(rows * cols, &rng, range: -2...2), w = randomFloats(cols, &rng), b = randomFloats(cols, &rng)
    let dy = randomFloats(rows * cols, &rng), prior = randomFloats(rows * cols, &rng)
    var y = [Float](repeating: 0, count: rows * cols)
    var mean = [Float](repeating: 0, count: rows), rstd = [Float](repeating: 0, count: rows)
    LayerNorm.forward(x: x, weight: w, bias: b, y: &y, mean: &mean, rstd: &rstd, rows: rows, cols: cols, eps: 1e-5)
    var overwritten = [Float](repeating: .nan, count: rows * cols), accumulated = prior
    LayerNorm.backward(dy: dy, x: x, weight: w, mean: mean, rstd: rstd, dx: &overwritten, dweight: nil, dbias: nil,
                       rows: rows, cols: cols)
    LayerNorm.backward(dy: dy, x: x, weight: w, mean: mean, rstd: rstd, dx: &accumulated, accumulate: true,
                       dweight: nil, dbias: nil, rows: rows, cols: cols)
    #expect(relativeError(accumulated, zip(overwritten, prior).map { $0 + $1 }) < 1e-6)
}
