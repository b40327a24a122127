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

    /// Queries handled per block: scores are computed only up to the block's last key, so the causal half of
    /// the score matrix is mostly skipped while each product stays large enough for the packed SGEMM. Five of the
    /// micro-kernel's 14-row panels, so that the products whose rows are queries (and, in the backward, those
    /// whose rows are the keys up to a block's end) have no partial panel: against 64 the LoRA step was faster in
    /// 11 of 16 alternating step pairs (median 1.6%); 56 was no better than 70.
    static let queryBlock = 5 * sgemmMR

    /// Computes `out`; writes the attention weights into `probs` when given (needed for `backward`).
    /// Entries of `probs` above the causal diagonal are set to zero.
    ///
    /// Each (sequence, head) is one task on the thread pool; inside it the products `Q·Kᵀ` and `P·V` run as
    /// single-threaded SGEMMs on query blocks, with the softmax in between.
    public func forward(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                        out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>?) {
        let d = headDim, qStride = heads * d, kvStride = kvHeads * d, group = heads / kvHeads
        let scale = 1 / Float(d).squareRoot()
        let offset = keys - queries
        let queries = queries, keys = keys, heads = heads
        let block = Self.queryBlock
        ThreadPool.shared.parallelFor(batch * heads) { range in
            let scratch = probs == nil ? UnsafeMutablePointer<Float>.allocate(capacity: block * keys) : nil
            defer { scratch?.deallocate() }
            for bh in range {
                let b = bh / heads, h = bh % heads, kvh = h / group
                let qBase = q + b * queries * qStride + h * d
                let kBase = k + b * keys * kvStride + kvh * d
                let vBase = v + b * keys * kvStride + kvh * d
                let oBase = out + b * queries * qStride + h * d
                var t0 = 0
                while t0 < queries {
                    let rows = min(block, queries - t0)
                    let keyEnd = offset + t0 + rows  // keys visible to the block's last query
                    let p = probs.map { $0 + (bh * queries + t0) * keys } ?? scratch!
                    sgemm(.none, .transposed, m: rows, n: keyEnd, k: d, alpha: scale, a: qBase + t0 * qStride,
                          lda: qStride, b: kBase, ldb: kvStride, beta: 0, c: p, ldc: keys)
                    for r in 0..<rows {
                        let row = p + r * keys, visible = offset + t0 + r + 1
                        Softmax.softmaxRow(row, row, visible)
                        if visible < keys { (row + visible).update(repeating: 0, count: keys - visible) }
                    }
                    sgemm(.none, .none, m: rows, n: d, k: keyEnd, alpha: 1, a: p, lda: keys, b: vBase, ldb: kvStride,
                          beta: 0, c: oBase + t0 * qStride, ldc: qStride)
                    t0 += rows
                }
            }
        }
    }

    /// Gradients of `forward`: OVERWRITES `dq`, `dk` and `dv` (they must not alias the inputs).
    ///
    /// One task per (sequence, kv head): it owns `dk`/`dv` of that head and `dq` of the query heads in its group.
    public func backward(dout: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                         v: UnsafePointer<Float>, probs: UnsafePointer<Float>,
                         dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                         dv: UnsafeMutablePointer<Float>) {
        let d = headDim, qStride = heads * d, kvStride = kvHeads * d, group = heads / kvHeads
        let scale = 1 / Float(d).squareRoot()
        let offset = keys - queries
        let queries = queries, keys = keys, heads = heads, kvHeads = kvHeads
        let block = Self.queryBlock
        ThreadPool.shared.parallelFor(batch * kvHeads) { range in
            let dScores = UnsafeMutablePointer<Float>.allocate(capacity: block * keys)
            defer { dScores.deallocate() }
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
                    var t0 = 0
                    while t0 < queries {
                        let rows = min(block, queries - t0)
                        let keyEnd = offset + t0 + rows
                        let p = probs + ((b * heads + h) * queries + t0) * keys
                        // dP = dO · Vᵀ, then dS = P ⊙ (dP - rowsum(dP ⊙ P)) · scale
                        sgemm(.none, .transposed, m: rows, n: keyEnd, k: d, alpha: 1, a: doBase + t0 * qStride,
                              lda: qStride, b: vBase, ldb: kvStride, beta: 0, c: dScores, ldc: keys)
                        for r in 0..<rows {
                            let pr = p + r * keys, ds = dScores + r * keys
                            let visible = offset + t0 + r + 1
                            let dot = VectorMath.dot(UnsafePointer(ds), pr, visible)
                            for j in 0..<visible { ds[j] = pr[j] * (ds[j] - dot) * scale }
                            if visible < keyEnd { (ds + visible).update(repeating: 0, count: keyEnd - visible) }
                        }
                        // dQ = dS · K;  dK += dSᵀ · Q;  dV += Pᵀ · dO
                        sgemm(.none, .none, m: rows, n: d, k: keyEnd, alpha: 1, a: dScores, lda: keys, b: kBase,
                              ldb: kvStride, beta: 0, c: dqBase + t0 * qStride, ldc: qStride)
                        sgemm(.transposed, .none, m: keyEnd, n: d, k: rows, alpha: 1, a: dScores, lda: keys,
                              b: qBase + t0 * qStride, ldb: qStride, beta: 1, c: dkBase, ldc: kvStride)
                        sgemm(.transposed, .none, m: keyEnd, n: d, k: rows, alpha: 1, a: p, lda: keys,
                              b: doBase + t0 * qStride, ldb: qStride, beta: 1, c: dvBase, ldc: kvStride)
                        t0 += rows
                    }
                }
            }
        }
    }
}
