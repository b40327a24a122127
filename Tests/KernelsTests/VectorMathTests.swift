import Foundation
import Testing
@testable import Kernels

@Test func vectorExpIsAccurateAcrossTheFloatRange() {
    var worst = 0.0
    var x: Float = -87
    while x < 88.1 {
        let lanes = SIMD16<Float>((0..<16).map { x + Float($0) * 0.0137 })
        let e = VectorMath.exp(lanes)
        for i in 0..<16 {
            let expected = Foundation.exp(Double(lanes[i]))
            worst = max(worst, abs(Double(e[i]) - expected) / expected)
        }
        x += 0.219
    }
    #expect(worst < 3e-7, "worst relative error \(worst)")
    let edges = VectorMath.exp(SIMD16<Float>(repeating: -.infinity))
    #expect(edges == SIMD16(repeating: 0))
    #expect(VectorMath.exp(SIMD16<Float>(repeating: 100)) == SIMD16(repeating: .infinity))
    #expect(VectorMath.exp(SIMD16<Float>(repeating: 0)) == SIMD16(repeating: 1))
}

@Test func vectorTanhAndReductions() {
    let xs = SIMD16<Float>((0..<16).map { Float($0) - 7.5 })
    let t = VectorMath.tanh(xs)
    for i in 0..<16 { #expect(abs(Double(t[i]) - tanh(Double(xs[i]))) < 2e-7) }
    let values: [Float] = (0..<37).map { Float($0 % 11) - 3 }
    values.withUnsafeBufferPointer { p in
        #expect(VectorMath.max(p.baseAddress!, 37) == 7)
        #expect(VectorMath.sum(p.baseAddress!, 37) == values.reduce(0, +))
        #expect(VectorMath.dot3(p.baseAddress!, p.baseAddress!, p.baseAddress!, 37) == values.reduce(0) { $0 + $1 * $1 * $1 })
    }
}

@Test func softmaxGivesZeroToMinusInfinity() {
    let x: [Float] = [0, -.infinity, 1, -.infinity, 2]
    var y = [Float](repeating: 0, count: 5)
    Softmax.forward(x: x, y: &y, rows: 1, cols: 5)
    #expect(y[1] == 0 && y[3] == 0)
    #expect(abs(y.reduce(0, +) - 1) < 1e-6)
}
