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
        let kvd = c.keyValueDim
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
        let x = FloatBuffer(count: n * h), norm = FloatBuffer(count: n * h)
        tokens.withUnsafeBufferPointer {
            Embedding.gather(table: model.embedding.value.pointer, dim: h, tokens: $0.baseAddress!, count: n, out: x.pointer)
        }
        if let positions = model.positionEmbedding {
            Elementwise.add(x.pointer, positions.value.pointer + start * h, out: x.pointer, count: n * h)
        }
        let scratch = LayerForward.scratchFloats(config: c, rows: n)
        let forward = LayerForward(
            model: model, batch: 1, tokens: n, startPosition: start,
            attention: CausalAttention(batch: 1, queries: n, keys: start + n, heads: c.headCount,
                                       kvHeads: c.kvHeadCount, headDim: c.headDim),
            fused: FloatBuffer(count: scratch.fused), projectionOutput: FloatBuffer(count: scratch.projection),
            mlpActivation: FloatBuffer(count: scratch.activation), training: false)
        let activations = BlockActivations(config: c, rows: n, saving: false, keyValues: false)
        for layer in 0..<c.layerCount {
            forward.run(layer, x: x.pointer, out: x.pointer, a: activations,
                        cache: .init(keys: keyCache[layer].pointer, values: valueCache[layer].pointer))
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
