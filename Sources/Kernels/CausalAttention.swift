import Foundation

/// Causal scaled-dot-product attention with grouped-query attention (GQA), on the layouts that the q/k/v
/// projections produce, so that no transposes are needed:
///
/// - `q`, `out`, `dq`, `dout`: row-major `[batch, queries, heads * headDim]`
/// - `k`, `v`, `dk`, `dv`: row-major `[batch, keys, kvHeads * headDim]`
/// - `probs`: `[batch, heads, queries, keys]`, the softmax weights saved by `forward` for `backward`
///
/// Query head `h` reads key/value head `h / (heads / kvHeads)`, as Hugging Face's `repeat_kv` arranges.
/// Query `t` sits at absolute position `keys - queries + t` (so `queries == keys` for training, and `queries == 1`
/// with a KV cache during generation) and attends to keys `0...that position`. Scores are scaled by
/// `1 / sqrt(headDim)`.
public struct CausalAttention: Sendable {
    public let batch: Int
    public let queries: Int
    public let keys: Int
    public let heads: Int
    public let kvHeads: Int
    public let headDim: Int

    public init(batch: Int, queries: Int, keys: Int, heads: Int, kvHeads: Int, headDim: Int) {
        precondition(kvHeads > 0 && heads % kvHeads == 0, "heads must be a multiple of kvHeads")
        precondition(queries <= keys, "more queries than keys")
        self.batch = batch
        self.queries = queries
        self.keys = keys
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
    }

    /// Number of floats `probs` needs: `batch * heads * queries * keys`.
    public var probsCount: Int { batch * heads * queries * keys }

    /// Computes `out`; writes the attention weights into `probs` when given (needed for `backward`).
    /// Entries of `probs` above the causal diagonal are set to zero.
    public func forward(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                        out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>?) {
        let d = headDim, qStride = heads * d, kvStride = kvHeads * d, group = heads / kvHeads
        let scale = 1 / Float(d).squareRoot()
        let offset = keys - queries
        let queries = queries, keys = keys, heads = heads
        ThreadPool.shared.parallelFor(batch * heads) { range in
            var scratch = [Float](repeating: 0, count: keys)
            scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                let scores = scratchBuffer.baseAddress!
                for bh in range {
                    let b = bh / heads, h = bh % heads, kvh = h / group
                    let qBase = q + b * queries * qStride + h * d
                    let kBase = k + b * keys * kvStride + kvh * d
                    let vBase = v + b * keys * kvStride + kvh * d
                    let oBase = out + b * queries * qStride + h * d
                    for t in 0..<queries {
                        let qt = qBase + t * qStride
                        let last = offset + t
                        for j in 0...last {
                            let kj = kBase + j * kvStride
                            var dot: Float = 0
                            for i in 0..<d { dot += qt[i] * kj[i] }
                            scores[j] = dot * scale
                        }
                        Softmax.softmaxRow(scores, scores, last + 1)
                        let ot = oBase + t * qStride
                        for i in 0..<d { ot[i] = 0 }
                        for j in 0...last {
                            let p = scores[j], vj = vBase + j * kvStride
                            for i in 0..<d { ot[i] += p * vj[i] }
                        }
                        if let probs {
                            let row = probs + (bh * queries + t) * keys
                            row.update(from: scores, count: last + 1)
                            if last + 1 < keys { (row + last + 1).update(repeating: 0, count: keys - last - 1) }
                        }
                    }
                }
            }
        }
    }

    /// Gradients of `forward`: OVERWRITES `dq`, `dk` and `dv` (they must not alias the inputs).
    public func backward(dout: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                         v: UnsafePointer<Float>, probs: UnsafePointer<Float>,
                         dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                         dv: UnsafeMutablePointer<Float>) {
        let d = headDim, qStride = heads * d, kvStride = kvHeads * d, group = heads / kvHeads
        let scale = 1 / Float(d).squareRoot()
        let offset = keys - queries
        let queries = queries, keys = keys, heads = heads, kvHeads = kvHeads
        // One task per (sequence, kv head): it owns dk/dv for that head and dq for the query heads of its group.
        ThreadPool.shared.parallelFor(batch * kvHeads) { range in
            var scratch = [Float](repeating: 0, count: keys)
            scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                let dscores = scratchBuffer.baseAddress!
                for bkv in range {
                    let b = bkv / kvHeads, kvh = bkv % kvHeads
                    let kBase = k + b * keys * kvStride + kvh * d
                    let vBase = v + b * keys * kvStride + kvh * d
                    let dkBase = dk + b * keys * kvStride + kvh * d
                    let dvBase = dv + b * keys * kvStride + kvh * d
                    for j in 0..<keys {
                        (dkBase + j * kvStride).update(repeating: 0, count: d)
                        (dvBase + j * kvStride).update(repeating: 0, count: d)
                    }
                    for h in kvh * group..<(kvh + 1) * group {
                        let qBase = q + b * queries * qStride + h * d
                        let dqBase = dq + b * queries * qStride + h * d
                        let doBase = dout + b * queries * qStride + h * d
                        for t in 0..<queries {
                            let last = offset + t
                            let p = probs + ((b * heads + h) * queries + t) * keys
                            let dot = doBase + t * qStride, qt = qBase + t * qStride, dqt = dqBase + t * qStride
                            var sum: Float = 0
                            for j in 0...last {
                                let vj = vBase + j * kvStride, dvj = dvBase + j * kvStride
                                var g: Float = 0
                                for i in 0..<d { g += dot[i] * vj[i]; dvj[i] += p[j] * dot[i] }
                                dscores[j] = g
                                sum += g * p[j]
                            }
                            for i in 0..<d { dqt[i] = 0 }
                            for j in 0...last {
                                let ds = p[j] * (dscores[j] - sum) * scale
                                let kj = kBase + j * kvStride, dkj = dkBase + j * kvStride
                                for i in 0..<d { dqt[i] += ds * kj[i]; dkj[i] += ds * qt[i] }
                            }
                        }
                    }
                }
            }
        }
    }
}
