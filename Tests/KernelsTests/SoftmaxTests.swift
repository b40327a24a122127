import Foundation
import Testing
@testable import Kernels

func softmaxReference(_ x: [Double], rows: Int, cols: Int) -> [Double] {
    var y = x
    for r in 0..<rows {
        let row = x[(r * cols)..<((r + 1) * cols)]
        let mx = row.max()!
        let sum = row.reduce(0) { $0 + exp($1 - mx) }
        for j in 0..<cols { y[r * cols + j] = exp(x[r * cols + j] - mx) / sum }
    }
    return y
}

@Test func softmaxIsStableForHugeLogits() {
    let x: [Float] = [1000, 1001, 1002, -1000, 0, 88.8, 89, 89.5]
    var y = [Float](repeating: 0, count: 8)
    Softmax.forward(x: x, y: &y, rows: 2, cols: 4)
    #expect(y.allSatisfy { $0.isFinite })
    #expect(relativeError(y, softmaxReference(x.doubles, rows: 2, cols: 4)) < 1e-6)
}

@Test func softmaxBackwardMatchesFiniteDifferences() {
    var rng = SeededGenerator(seed: 5)
    let rows = 3, cols = 17
    let x = randomFloats(rows * cols, &rng, range: -4...4), dy = randomFloats(rows * cols, &rng)
    var y = [Float](repeating: 0, count: rows * cols), dx = y
    Softmax.forward(x: x, y: &y, rows: rows, cols: cols)
    Softmax.backward(dy: dy, y: y, dx: &dx, rows: rows, cols: cols)
    let expected = numericalGradient(x.doubles) { weightedSum(softmaxReference($0, rows: rows, cols: cols), dy) }
    #expect(relativeError(dx, expected) < 1e-5)
}
