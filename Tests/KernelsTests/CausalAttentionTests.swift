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

// The last shapes span more than one block of queries (`CausalAttention.queryBlock`, 70).
@Test(arguments: [(2, 5, 5, 4, 2, 4), (1, 2, 6, 3, 1, 8), (1, 4, 4, 2, 2, 3), (1, 66, 66, 1, 1, 3), (1, 65, 67, 2, 1, 2),
                  (1, 72, 72, 1, 1, 3), (1, 141, 143, 2, 1, 2)])
func attentionForwardAndBackward(shape: (Int, Int, Int, Int, Int, Int)) {
    let a = CausalAttention(batch: shape.0, queries: shape.1, keys: shape.2, heads: shape.3, kvHeads: shape.4,
                            headDim: shape.5)
    var rng = SeededGenerator(seed: 13)
    let qCount = a.batch * a.queries * a.heads * a.headDim, kvCount = a.batch * a.keys * a.kvHeads * a.headDim
    let q = randomFloats(qCount, &rng, range: -2...2), k = randomFloats(kvCount, &rng, range: -2...2)
    let v = randomFloats(kvCount, &rng), dout = randomFloats(qCount, &rng)
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
