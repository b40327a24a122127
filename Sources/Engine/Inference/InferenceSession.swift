import Kernels

/// Runs a model forward over one growing sequence with a key/value cache, for generation and scoring.
///
/// Each call to `append` processes new tokens at the next positions, reusing the keys and values of every earlier
/// token, so generating n tokens costs n small passes instead of n full ones. Nothing is saved for a backward pass.
///
/// A sliding-window layer (Gemma, SmolLM3) keeps only what its window can still see: `window − 1` earlier
/// positions plus the tokens being appended, at most `window` at a time (longer appends run in pieces), so its
/// cache holds `2 · window − 1` rows however long the sequence grows; when it fills, the last `window − 1` rows
/// move to its front.
public final class InferenceSession: @unchecked Sendable {
    public let model: TransformerModel
    /// Most tokens the session can hold (prompt and generated).
    public let capacity: Int
    public private(set) var length = 0
    private let keyCache: [FloatBuffer]
    private let valueCache: [FloatBuffer]
    /// Rows each layer's cache holds: `capacity`, or less for a sliding-window layer.
    let cacheRows: [Int]
    /// The position held by row 0 of each layer's cache (0 unless a sliding layer has moved its rows).
    private var cacheStart: [Int]
    /// Most tokens one forward pass appends: the smallest window, so a sliding cache always has room.
    private let appendLimit: Int

    public init(model: TransformerModel, capacity: Int? = nil) {
        let c = model.config
        self.model = model
        let positions = min(capacity ?? c.maxPositions, c.maxPositions)
        self.capacity = positions
        appendLimit = c.slidingWindows.min() ?? max(positions, 1)
        cacheRows = (0..<c.layerCount).map { layer in
            c.attention(ofLayer: layer).window.map { min(positions, 2 * $0 - 1) } ?? positions
        }
        cacheStart = Array(repeating: 0, count: c.layerCount)
        let kvd = c.keyValueDim
        keyCache = cacheRows.map { FloatBuffer(count: $0 * kvd) }
        valueCache = cacheRows.map { FloatBuffer(count: $0 * kvd) }
    }

    /// Forgets every token, keeping the cache memory.
    public func reset() {
        length = 0
        cacheStart = Array(repeating: 0, count: cacheStart.count)
    }

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
        guard tokens.count > appendLimit else { return appendPiece(tokens) }
        var hidden: [Float] = []
        for start in stride(from: 0, to: tokens.count, by: appendLimit) {
            hidden += appendPiece(Array(tokens[start..<min(start + appendLimit, tokens.count)]))
        }
        return hidden
    }

    /// `append` of at most `appendLimit` checked tokens.
    private func appendPiece(_ tokens: [Int32]) -> [Float] {
        let c = model.config
        let n = tokens.count, h = c.hiddenSize, start = length
        let x = FloatBuffer(count: n * h), norm = FloatBuffer(count: n * h)
        tokens.withUnsafeBufferPointer {
            Embedding.gather(table: model.embedding.value.pointer, dim: h, tokens: $0.baseAddress!, count: n, out: x.pointer)
        }
        if let scale = model.embeddingScale { Elementwise.scale(x.pointer, by: scale, count: n * h) }
        if let positions = model.positionEmbedding {
            Elementwise.add(x.pointer, positions.value.pointer + start * h, out: x.pointer, count: n * h)
        }
        let scratch = LayerForward.scratchFloats(config: c, rows: n)
        let forward = LayerForward(
            model: model, batch: 1, tokens: n, startPosition: start,
            attention: CausalAttention(batch: 1, queries: n, keys: start + n, heads: c.headCount, kvHeads: c.kvHeadCount,
                                       headDim: c.headDim, scale: c.attentionScale, softcap: c.attentionSoftcap),
            fused: FloatBuffer(count: scratch.fused), projectionOutput: FloatBuffer(count: scratch.projection),
            mlpActivation: FloatBuffer(count: scratch.activation), training: false)
        let activations = BlockActivations(config: c, rows: n, saving: false, keyValues: false)
        for layer in 0..<c.layerCount {
            let row = makeRoom(layer: layer, adding: n)
            forward.run(layer, x: x.pointer, out: x.pointer, a: activations,
                        cache: .init(keys: keyCache[layer].pointer, values: valueCache[layer].pointer, row: row))
        }
        normForward(x.pointer, model.finalNorm, model.finalNormBias, out: norm.pointer, rows: n)
        length += n
        return norm.array
    }

    /// The row of layer `layer`'s cache where `count` new tokens go; a sliding layer whose cache would overflow
    /// first moves the `window − 1` rows its window can still see to the front.
    private func makeRoom(layer: Int, adding count: Int) -> Int {
        var held = length - cacheStart[layer]
        if held + count > cacheRows[layer], let window = model.config.attention(ofLayer: layer).window {
            let keep = min(held, window - 1), kvd = model.config.keyValueDim
            for cache in [keyCache[layer], valueCache[layer]] {
                let p = cache.pointer
                // Overlapping ranges are fine: update(from:) is a memmove.
                p.update(from: p + (held - keep) * kvd, count: keep * kvd)
            }
            cacheStart[layer] += held - keep
            held = keep
        }
        precondition(held + count <= cacheRows[layer], "the KV cache of layer \(layer) has no room")
        return held
    }

    /// Logits `[vocab]` of one row of hidden states returned by `append`.
    public func logits(hidden: [Float], row: Int) -> [Float] {
        let v = model.config.vocabSize, h = model.config.hiddenSize
        var out = [Float](repeating: 0, count: v)
        hidden.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                sgemm(.none, .transposed, m: 1, n: v, k: h, alpha: 1, a: x.baseAddress! + row * h, lda: h,
                      b: model.lmHead.value.pointer, ldb: h, beta: 0, c: o.baseAddress!, ldc: v)
                model.capLogits(o.baseAddress!, count: v)
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
                        model.capLogits(chunk.pointer, count: n * v)
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
