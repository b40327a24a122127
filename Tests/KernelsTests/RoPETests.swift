import Foundation
import Testing
@testable import Kernels

/// Hugging Face's apply_rotary_pos_emb in Double: x * cos + rotate_half(x) * sin.
func ropeReference(_ x: [Double], tokens: Int, heads: Int, headDim: Int, theta: Double, start: Int) -> [Double] {
    var y = x
    let half = headDim / 2
    for t in 0..<tokens {
        for h in 0..<heads {
            let base = (t * heads + h) * headDim
            for i in 0..<headDim {
                let freq = Double(start + t) / pow(theta, Double(2 * (i % half)) / Double(headDim))
                let rotated = i < half ? -x[base + i + half] : x[base + i - half]
                y[base + i] = x[base + i] * cos(freq) + rotated * sin(freq)
            }
        }
    }
    return y
}

@Test func ropeForwardMatchesReference() {
    var rng = SeededGenerator(seed: 10)
    let tokens = 7, heads = 3, headDim = 16
    let table = RoPETable(positions: 32, headDim: headDim, theta: 10000)
    let x = randomFloats(tokens * heads * headDim, &rng)
    var y = x
    RoPE.forward(&y, tokens: tokens, heads: heads, table: table, startPosition: 5)
    let expected = ropeReference(x.doubles, tokens: tokens, heads: heads, headDim: headDim, theta: 10000, start: 5)
    #expect(relativeError(y, expected) < 1e-5)
}

@Test func ropeTableUsesTheta() {
    let table = RoPETable(positions: 3, headDim: 4, theta: 500_000)
    // position 2, frequency index 1: 2 * 500000^(-2/4)
    #expect(abs(Double(table.cos[2 * 4 + 1]) - cos(2 / pow(500_000.0, 0.5))) < 1e-6)
    #expect(table.sin[2 * 4 + 3] == table.sin[2 * 4 + 1])
}

@Test func ropeBackwardMatchesFiniteDifferences() {
    var rng = SeededGenerator(seed: 11)
    let tokens = 4, heads = 2, headDim = 8
    let table = RoPETable(positions: 8, headDim: headDim, theta: 10000)
    let x = randomFloats(tokens * heads * headDim, &rng), dy = randomFloats(tokens * heads * headDim, &rng)
    var dx = dy
    RoPE.backward(&dx, tokens: tokens, heads: heads, table: table)
    let expected = numericalGradient(x.doubles) {
        weightedSum(ropeReference($0, tokens: tokens, heads: heads, headDim: headDim, theta: 10000, start: 0), dy)
    }
    #expect(relativeError(dx, expected) < 1e-5)
}
