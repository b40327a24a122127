import Foundation
import Testing
@testable import Kernels

func siluReference(_ x: Double) -> Double { x / (1 + exp(-x)) }
func geluTanhReference(_ x: Double) -> Double {
    0.5 * x * (1 + tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)))
}

@Test func siluForwardAndBackward() {
    var rng = SeededGenerator(seed: 6)
    let n = 101
    let x = randomFloats(n, &rng, range: -8...8), dy = randomFloats(n, &rng)
    var y = [Float](repeating: 0, count: n), dx = y
    SiLU.forward(x: x, y: &y, count: n)
    SiLU.backward(dy: dy, x: x, dx: &dx, count: n)
    #expect(relativeError(y, x.doubles.map(siluReference)) < 1e-6)
    #expect(relativeError(dx, numericalGradient(x.doubles) { weightedSum($0.map(siluReference), dy) }) < 1e-5)
}

@Test func geluTanhForwardAndBackward() {
    var rng = SeededGenerator(seed: 7)
    let n = 101
    let x = randomFloats(n, &rng, range: -6...6), dy = randomFloats(n, &rng)
    var y = [Float](repeating: 0, count: n), dx = y
    GELU.forward(x: x, y: &y, count: n)
    GELU.backward(dy: dy, x: x, dx: &dx, count: n)
    #expect(relativeError(y, x.doubles.map(geluTanhReference)) < 1e-6)
    #expect(relativeError(dx, numericalGradient(x.doubles) { weightedSum($0.map(geluTanhReference), dy) }) < 1e-5)
}

@Test func swigluForwardAndBackward() {
    var rng = SeededGenerator(seed: 8)
    let n = 77
    let gate = randomFloats(n, &rng, range: -6...6), up = randomFloats(n, &rng, range: -2...2)
    let dout = randomFloats(n, &rng)
    var out = [Float](repeating: 0, count: n), dgate = out, dup = out
    SwiGLU.forward(gate: gate, up: up, out: &out, count: n)
    SwiGLU.backward(dout: dout, gate: gate, up: up, dgate: &dgate, dup: &dup, count: n)
    let f = { (g: [Double], u: [Double]) in weightedSum(zip(g, u).map { siluReference($0) * $1 }, dout) }
    #expect(relativeError(out, zip(gate, up).map { siluReference(Double($0)) * Double($1) }) < 1e-6)
    #expect(relativeError(dgate, numericalGradient(gate.doubles) { f($0, up.doubles) }) < 1e-5)
    #expect(relativeError(dup, numericalGradient(up.doubles) { f(gate.doubles, $0) }) < 1e-5)
    // The backward can rebuild the forward's output on the way (same operations, so the same floats).
    var rebuilt = [Float](repeating: .nan, count: n), dgate2 = rebuilt, dup2 = rebuilt
    SwiGLU.backward(dout: dout, gate: gate, up: up, dgate: &dgate2, dup: &dup2, count: n, out: &rebuilt)
    #expect(rebuilt == out && dgate2 == dgate && dup2 == dup)
}

@Test func swigluBackwardMayOverwriteItsInputs() {
    var rng = SeededGenerator(seed: 9)
    let n = 33
    let gate = randomFloats(n, &rng, range: -4...4), up = randomFloats(n, &rng), dout = randomFloats(n, &rng)
    var dgate = [Float](repeating: 0, count: n), dup = dgate
    SwiGLU.backward(dout: dout, gate: gate, up: up, dgate: &dgate, dup: &dup, count: n)
    var g = gate, u = up
    g.withUnsafeMutableBufferPointer { gp in
        u.withUnsafeMutableBufferPointer { upp in
            SwiGLU.backward(dout: dout, gate: gp.baseAddress!, up: upp.baseAddress!, dgate: gp.baseAddress!,
                            dup: upp.baseAddress!, count: n)
        }
    }
    #expect(g == dgate && u == dup)
}

@Test func elementwiseOps() {
    let a: [Float] = [1, 2, 3], b: [Float] = [10, 20, 30]
    var out = [Float](repeating: 0, count: 3)
    Elementwise.add(a, b, out: &out, count: 3)
    #expect(out == [11, 22, 33])
    Elementwise.axpy(alpha: 2, x: a, y: &out, count: 3)
    #expect(out == [13, 26, 39])
    Elementwise.scale(&out, by: 0.5, count: 3)
    #expect(out == [6.5, 13, 19.5])
    var m: [Float] = [1, 1, 1, 2, 2, 2]
    Elementwise.addRowVector(a, to: &m, rows: 2, cols: 3)
    #expect(m == [2, 3, 4, 3, 4, 5])
    var sums: [Float] = [1, 0, 0]
    Elementwise.accumulateColumnSums(of: m, into: &sums, rows: 2, cols: 3)
    #expect(sums == [6, 7, 9])
    #expect(Elementwise.sumOfSquares(a, count: 3) == 14)
}
