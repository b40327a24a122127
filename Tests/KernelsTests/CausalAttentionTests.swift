import Foundation
import Testing
@testable import Kernels

func attentionReference(q: [Double], k: [Double], v: [Double], shape a: CausalAttention) -> [Double] {
    let d = a.headDim, qs = a.heads * d, kvs = a.kvHeads * d, group = a.heads / a.kvHeads
    var out = [Double](repeating: 0, count: a.batch * a.queries * qs)
    for b in 0..<a.batch {
        for h in 0..<a.heads {
            let kvh = h / group
            for t in 0..<a.queries {
                let last = a.keys - a.queries + t
                var scores = [Double](repeating: 0, count: last + 1)
                for j in 0...last {
                    var dot = 0.0
                    for i in 0..<d {
                        dot += q[(b * a.queries + t) * qs + h * d + i] * k[(b * a.keys + j) * kvs + kvh * d + i]
                    }
                    scores[j] = dot / Double(d).squareRoot()
                }
                let mx = scores.max()!
                let e = scores.map { exp($0 - mx) }, z = e.reduce(0, +)
                for j in 0...last {
                    for i in 0..<d {
                        out[(b * a.queries + t) * qs + h * d + i] += e[j] / z * v[(b * a.keys + j) * kvs + kvh * d + i]
                    }
                }
            }
        }
    }
    return out
}

/// Random q, k, v (and an output gradient) for `a`: scores spread enough that the softmax is far from uniform.
func randomAttentionInputs(_ a: CausalAttention, seed: UInt64) -> (q: [Float], k: [Float], v: [Float], dout: [Float]) {
    var rng = SeededGenerator(seed: seed)
    let qCount = a.batch * a.queries * a.heads * a.headDim, kvCount = a.batch * a.keys * a.kvHeads * a.headDim
    let q = randomFloats(qCount, &rng, range: -2...2), k = randomFloats(kvCount, &rng, range: -2...2)
    return (q, k, randomFloats(kvCount, &rng), randomFloats(qCount, &rng))
}

// Shapes as (batch, queries, keys, heads, kvHeads, headDim); the last ones span several panels of 14 queries
// and 14 keys, with partial panels at both ends.
@Test(arguments: [(2, 5, 5, 4, 2, 4), (1, 2, 6, 3, 1, 8), (1, 4, 4, 2, 2, 3), (1, 66, 66, 1, 1, 3), (1, 65, 67, 2, 1, 2),
                  (1, 72, 72, 1, 1, 3), (1, 141, 143, 2, 1, 2)])
func attentionForwardAndBackward(shape: (Int, Int, Int, Int, Int, Int)) {
    let a = CausalAttention(batch: shape.0, queries: shape.1, keys: shape.2, heads: shape.3, kvHeads: shape.4,
                            headDim: shape.5)
    let (q, k, v, dout) = randomAttentionInputs(a, seed: 13)
    let qCount = q.count, kvCount = k.count
    var out = [Float](repeating: 0, count: qCount), probs = [Float](repeating: .nan, count: a.probsCount)
    a.forward(q: q, k: k, v: v, out: &out, probs: &probs)
    #expect(relativeError(out, attentionReference(q: q.doubles, k: k.doubles, v: v.doubles, shape: a)) < 1e-5)
    var dq = [Float](repeating: 0, count: qCount), dk = [Float](repeating: .nan, count: kvCount), dv = dk
    a.backward(dout: dout, q: q, k: k, v: v, probs: probs, dq: &dq, dk: &dk, dv: &dv)
    let loss = { (q: [Double], k: [Double], v: [Double]) in
        weightedSum(attentionReference(q: q, k: k, v: v, shape: a), dout)
    }
    #expect(relativeError(dq, numericalGradient(q.doubles) { loss($0, k.doubles, v.doubles) }) < 1e-5)
    #expect(relativeError(dk, numericalGradient(k.doubles) { loss(q.doubles, $0, v.doubles) }) < 1e-5)
    #expect(relativeError(dv, numericalGradient(v.doubles) { loss(q.doubles, k.doubles, $0) }) < 1e-5)
}

/// The gradients of `attentionReference` worked out by hand, in double precision, for shapes too large for finite
/// differences: `dP = dO·Vᵀ`, `dS = P ⊙ (dP − rowsum(dP ⊙ P))`, `dQ = scale·dS·K`, `dK = scale·dSᵀ·Q`, `dV = Pᵀ·dO`.
func attentionBackwardReference(q: [Double], k: [Double], v: [Double], dout: [Double], shape a: CausalAttention)
    -> (dq: [Double], dk: [Double], dv: [Double]) {
    let d = a.headDim, qs = a.heads * d, kvs = a.kvHeads * d, group = a.heads / a.kvHeads
    let scale = 1 / Double(d).squareRoot()
    var dq = [Double](repeating: 0, count: q.count), dk = [Double](repeating: 0, count: k.count), dv = dk
    for b in 0..<a.batch {
        for h in 0..<a.heads {
            let kvh = h / group
            for t in 0..<a.queries {
                let last = a.keys - a.queries + t, qRow = (b * a.queries + t) * qs + h * d
                func kvRow(_ j: Int) -> Int { (b * a.keys + j) * kvs + kvh * d }
                var p = (0...last).map { j in (0..<d).reduce(0.0) { $0 + q[qRow + $1] * k[kvRow(j) + $1] } * scale }
                let mx = p.max()!
                p = p.map { exp($0 - mx) }
                let z = p.reduce(0, +)
                p = p.map { $0 / z }
                let dp = (0...last).map { j in (0..<d).reduce(0.0) { $0 + dout[qRow + $1] * v[kvRow(j) + $1] } }
                let rowDot = zip(dp, p).reduce(0.0) { $0 + $1.0 * $1.1 }
                for j in 0...last {
                    let ds = p[j] * (dp[j] - rowDot) * scale
                    for i in 0..<d {
                        dq[qRow + i] += ds * k[kvRow(j) + i]
                        dk[kvRow(j) + i] += ds * q[qRow + i]
                        dv[kvRow(j) + i] += p[j] * dout[qRow + i]
                    }
                }
            }
        }
    }
    return (dq, dk, dv)
}

// Real head sizes (64; 40, not a multiple of the 32-column panels), a prefix of keys longer than a panel (queries <
// keys, as in generation), and rows of 1024 floats (4 KiB apart, which the kernels read through a packed copy).
@Test(arguments: [(2, 45, 45, 6, 2, 64), (1, 33, 60, 3, 3, 40), (1, 20, 100, 2, 1, 32), (1, 50, 1024, 2, 2, 16),
                  (1, 1, 30, 4, 2, 64)])
func attentionMatchesReferenceAtModelSizes(shape: (Int, Int, Int, Int, Int, Int)) {
    let a = CausalAttention(batch: shape.0, queries: shape.1, keys: shape.2, heads: shape.3, kvHeads: shape.4,
                            headDim: shape.5)
    let (q, k, v, dout) = randomAttentionInputs(a, seed: 29)
    let qCount = q.count, kvCount = k.count
    var out = [Float](repeating: .nan, count: qCount), probs = [Float](repeating: .nan, count: a.probsCount)
    a.forward(q: q, k: k, v: v, out: &out, probs: &probs)
    #expect(relativeError(out, attentionReference(q: q.doubles, k: k.doubles, v: v.doubles, shape: a)) < 1e-5)
    // Without `probs` (inference) the same output.
    var unsaved = [Float](repeating: .nan, count: qCount)
    a.forward(q: q, k: k, v: v, out: &unsaved, probs: nil)
    #expect(unsaved == out)
    // The saved weights are zero above the causal diagonal.
    let offset = a.keys - a.queries
    for row in 0..<(a.batch * a.heads * a.queries) {
        let t = row % a.queries
        #expect(probs[(row * a.keys + offset + t + 1)..<((row + 1) * a.keys)].allSatisfy { $0 == 0 })
    }
    var dq = [Float](repeating: .nan, count: qCount), dk = [Float](repeating: .nan, count: kvCount), dv = dk
    a.backward(dout: dout, q: q, k: k, v: v, probs: probs, dq: &dq, dk: &dk, dv: &dv)
    let expected = attentionBackwardReference(q: q.doubles, k: k.doubles, v: v.doubles, dout: dout.doubles, shape: a)
    #expect(relativeError(dq, expected.dq) < 1e-5)
    #expect(relativeError(dk, expected.dk) < 1e-5)
    #expect(relativeError(dv, expected.dv) < 1e-5)
}
