import Kernels

/// Runs a model forward over one growing sequence with a key/value cache, for generation and scoring.
///
/// Each call to `append` processes new tokens at the next positions, reusing the keys and values of every earlier
/// token, so generating n tokens costs n small passes instead of n full ones. Nothing is saved for a backward pass.
public final class InferenceSession: @unchecked Sendable {
    public let model: TransformerModel
    /// Most tokens the session can hold (prompt and generated).
    public let capacity: Int
    public private(set) var length = 0
    private let keyCache: [FloatBuffer]
    private let valueCache: [FloatBuffer]

    public init(model: TransformerModel, capacity: Int? = nil) {
        let c = model.config
        self.model = model
        let positions = min(capacity ?? c.maxPositions, c.maxPositions)
        self.capacity = positions
        let kvd = c.kvHeadCount * c.headDim
        keyCache = (0..<c.layerCount).map { _ in FloatBuffer(count: positions * kvd) }
        valueCache = (0..<c.layerCount).map { _ in FloatBuffer(count: positions * kvd) }
    }

    /// Forgets every token, keeping the cache memory.
    public func reset() { length = 0 }

    /// Processes `tokens` at positions `length…` and returns the final-norm hidden states `[tokens.count, hidden]`.
    public func append(_ tokens: [Int32]) throws -> [Float] {
        let c = model.config
        guard !tokens.isEmpty else { return [] }
        guard length + tokens.count <= capacity else {
            throw TokenBatchError(reason: "the sequence would reach \(length + tokens.count) tokens, over the session's \(capacity)")
        }
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= c.vocabSize }) {
            throw TokenBatchError(reason: "token \(bad) is outside the vocabulary of \(c.vocabSize)")
        }
        let n = tokens.count, h = c.hiddenSize, start = length
        let qd = c.headCount * c.headDim, kvd = c.kvHeadCount * c.headDim, i = c.intermediateSize
        let x = FloatBuffer(count: n * h), norm = FloatBuffer(count: n * h), projected = FloatBuffer(count: n * h)
        let q = FloatBuffer(count: n * qd), attended = FloatBuffer(count: n * qd)
        let fused = FloatBuffer(count: c.family == .gpt2 ? n * 3 * h : 0)
        let gate = FloatBuffer(count: c.family == .llama ? n * i : 0), up = FloatBuffer(count: n * i)
        tokens.withUnsafeBufferPointer {
            Embedding.gather(table: model.embedding.value.pointer, dim: h, tokens: $0.baseAddress!, count: n, out: x.pointer)
        }
        if let positions = model.positionEmbedding {
            Elementwise.add(x.pointer, positions.value.pointer + start * h, out: x.pointer, count: n * h)
        }
        let attention = CausalAttention(batch: 1, queries: n, keys: start + n, heads: c.headCount,
                                        kvHeads: c.kvHeadCount, headDim: c.headDim)
        for (layer, block) in model.blocks.enumerated() {
            let keys = keyCache[layer].pointer, values = valueCache[layer].pointer
            normForward(x.pointer, block.attentionNorm, block.attentionNormBias, out: norm.pointer, rows: n)
            if let qkv = block.qkv {
                qkv.forward(norm.pointer, rows: n, into: fused.pointer, training: false)
                for r in 0..<n {
                    let src = fused.pointer + r * 3 * h
                    (q.pointer + r * h).update(from: src, count: h)
                    (keys + (start + r) * kvd).update(from: src + h, count: h)
                    (values + (start + r) * kvd).update(from: src + 2 * h, count: h)
                }
            } else if let qp = block.q, let kp = block.k, let vp = block.v, let rope = model.rope {
                qp.forward(norm.pointer, rows: n, into: q.pointer, training: false)
                kp.forward(norm.pointer, rows: n, into: keys + start * kvd, training: false)
                vp.forward(norm.pointer, rows: n, into: values + start * kvd, training: false)
                RoPE.forward(q.pointer, tokens: n, heads: c.headCount, table: rope, startPosition: start)
                RoPE.forward(keys + start * kvd, tokens: n, heads: c.kvHeadCount, table: rope, startPosition: start)
            }
            attention.forward(q: q.pointer, k: keys, v: values, out: attended.pointer, probs: nil)
            block.o.forward(attended.pointer, rows: n, into: projected.pointer, training: false)
            Elementwise.add(x.pointer, projected.pointer, out: x.pointer, count: n * h)
            normForward(x.pointer, block.mlpNorm, block.mlpNormBias, out: norm.pointer, rows: n)
            if let gp = block.gate {
                gp.forward(norm.pointer, rows: n, into: gate.pointer, training: false)
                block.up.forward(norm.pointer, rows: n, into: up.pointer, training: false)
                SwiGLU.forward(gate: gate.pointer, up: up.pointer, out: up.pointer, count: n * i)
            } else {
                block.up.forward(norm.pointer, rows: n, into: up.pointer, training: false)
                GELU.forward(x: up.pointer, y: up.pointer, count: n * i)
            }
            block.down.forward(up.pointer, rows: n, into: projected.pointer, training: false)
            Elementwise.add(x.pointer, projected.pointer, out: x.pointer, count: n * h)
        }
        normForward(x.pointer, model.finalNorm, model.finalNormBias, out: norm.pointer, rows: n)
        length += n
        return norm.array
    }

    /// Logits `[vocab]` of one row of hidden states returned by `append`.
    public func logits(hidden: [Float], row: Int) -> [Float] {
        let v = model.config.vocabSize, h = model.config.hiddenSize
        var out = [Float](repeating: 0, count: v)
        hidden.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                sgemm(.none, .transposed, m: 1, n: v, k: h, alpha: 1, a: x.baseAddress! + row * h, lda: h,
                      b: model.lmHead.value.pointer, ldb: h, beta: 0, c: o.baseAddress!, ldc: v)
            }
        }
        return out
    }

    /// Log-probabilities of `targets[r]` given the hidden state of row r (NaN where the target is -100),
    /// computed over the vocabulary in chunks of rows.
    public func targetLogProbabilities(hidden: [Float], targets: [Int32], chunkRows: Int = 64) -> [Float] {
        let v = model.config.vocabSize, h = model.config.hiddenSize, rows = targets.count
        var out = [Float](repeating: .nan, count: rows)
        let chunk = FloatBuffer(count: min(chunkRows, max(rows, 1)) * v)
        hidden.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer { o in
                    for start in stride(from: 0, to: rows, by: chunkRows) {
                        let n = min(chunkRows, rows - start)
                        sgemm(.none, .transposed, m: n, n: v, k: h, alpha: 1, a: x.baseAddress! + start * h, lda: h,
                              b: model.lmHead.value.pointer, ldb: h, beta: 0, c: chunk.pointer, ldc: v)
                        _ = CrossEntropy.targetLogProbabilities(logits: chunk.pointer, rows: n, vocab: v,
                                                                targets: t.baseAddress! + start,
                                                                logProbs: o.baseAddress! + start)
                    }
                }
            }
        }
        return out
    }

    private func normForward(_ x: UnsafePointer<Float>, _ weight: ParameterTensor, _ bias: ParameterTensor?,
                             out: UnsafeMutablePointer<Float>, rows: Int) {
        model.normalize(x, weight: weight, bias: bias, out: out, mean: nil, rstd: nil, rows: rows)
    }
}
