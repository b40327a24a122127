import Kernels

/// The loss of one pass: the mean over counted targets (PyTorch's `cross_entropy(..., ignore_index=-100)`), and how
/// many targets counted.
public struct PassLoss: Sendable, Equatable {
    public var mean: Float
    public var counted: Int
}

/// One forward and backward pass over a `batch × sequenceLength` batch, in llm.c's style: every activation the
/// backward pass needs is saved per layer in buffers allocated once, the forward pass runs layer by layer, the loss
/// is computed over the vocabulary in chunks of rows (its gradient flows back chunk by chunk, so the full logits
/// are never materialised), then the backward pass runs the layers in reverse.
///
/// Gradients are ADDED into the trainable parameters' gradient buffers, so several passes accumulate before an
/// optimizer step. The pass is reusable for any number of batches of the same shape.
public final class TrainingPass: @unchecked Sendable {
    public let model: TransformerModel
    public let batch: Int
    public let sequenceLength: Int
    /// Rows of logits computed at once by the chunked loss.
    public let lossChunkRows: Int
    /// Default bound of the logits chunk, in floats (256 MiB): as many rows as fit, because each chunk multiplies
    /// by the whole output projection (packing it afresh), so four chunks of 256 rows cost about 10% more per step
    /// than one of 1024 on SmolLM2's 49,152-token vocabulary.
    public static let lossChunkFloats = 64 << 20
    let rows: Int
    private let attention: CausalAttention
    private let residuals: [FloatBuffer]
    private let saved: [BlockActivations]
    private let finalNormOutput: FloatBuffer
    private let finalMean: FloatBuffer
    private let finalRstd: FloatBuffer
    private let projectionOutput: FloatBuffer
    private let fused: FloatBuffer
    /// The MLP's activation output (SwiGLU or GELU) of the layer in flight: not saved per layer but rebuilt from
    /// the saved gate/up values in the backward pass (by SwiGLU's own backward when down_proj's weight is frozen,
    /// else by one elementwise pass), which saves `rows × intermediate` floats per layer.
    private let mlpActivation: FloatBuffer
    private let logitsChunk: FloatBuffer
    private let grads: BackwardBuffers
    /// Sized at each backward pass for the LoRA branches the model has then (they may be added after the pass).
    private var scratch: BackwardScratch
    private var tokens: [Int32] = []
    private var targets: [Int32] = []

    /// Whether activations are kept per layer for `lossAndGradients`; a pass made with `savesActivations: false`
    /// reuses one layer's buffers for every layer and only serves the forward-only entry points.
    public let savesActivations: Bool

    public init(model: TransformerModel, batch: Int, sequenceLength: Int, lossChunkRows: Int? = nil,
                savesActivations: Bool = true) {
        let c = model.config
        self.model = model
        self.batch = batch
        self.sequenceLength = sequenceLength
        let chunkRows = lossChunkRows ?? Self.lossChunkFloats / max(c.vocabSize, 1)
        self.lossChunkRows = max(1, min(chunkRows, batch * sequenceLength))
        rows = batch * sequenceLength
        attention = CausalAttention(batch: batch, queries: sequenceLength, keys: sequenceLength,
                                    heads: c.headCount, kvHeads: c.kvHeadCount, headDim: c.headDim)
        self.savesActivations = savesActivations
        if savesActivations {
            residuals = (0...c.layerCount).map { _ in FloatBuffer(count: batch * sequenceLength * c.hiddenSize) }
            saved = (0..<c.layerCount).map { _ in BlockActivations(config: c, rows: batch * sequenceLength, probs: 0) }
        } else {
            // Layer l reads residuals[l] and writes residuals[l + 1]: two alternating buffers suffice.
            let even = FloatBuffer(count: batch * sequenceLength * c.hiddenSize)
            let odd = FloatBuffer(count: batch * sequenceLength * c.hiddenSize)
            residuals = (0...c.layerCount).map { $0 % 2 == 0 ? even : odd }
            let shared = BlockActivations(config: c, rows: batch * sequenceLength, probs: 0)
            saved = Array(repeating: shared, count: c.layerCount)
        }
        finalNormOutput = FloatBuffer(count: rows * c.hiddenSize)
        finalMean = FloatBuffer(count: rows)
        finalRstd = FloatBuffer(count: rows)
        projectionOutput = FloatBuffer(count: rows * c.hiddenSize)
        fused = FloatBuffer(count: c.family == .gpt2 ? rows * 3 * c.hiddenSize : 0)
        mlpActivation = FloatBuffer(count: rows * c.intermediateSize)
        logitsChunk = FloatBuffer(count: self.lossChunkRows * c.vocabSize)
        grads = BackwardBuffers(config: c, rows: savesActivations ? rows : 0)
        scratch = BackwardScratch(rows: 0, maxRank: 0, maxGroupRank: 0, maxFeatures: 0, needsDropout: false)
        for block in saved where block.probs.count != attention.probsCount {
            block.probs = FloatBuffer(count: attention.probsCount)
        }
    }

    // MARK: The step, top to bottom

    /// Forward, loss, backward: returns the mean loss and adds `lossScale × d(mean loss)/dθ` into every trainable
    /// parameter's gradient (`lossScale = 1 / accumulation steps` for gradient accumulation).
    public func lossAndGradients(_ input: TokenBatch, lossScale: Float = 1) -> PassLoss {
        precondition(savesActivations, "this pass was made without saved activations; it can only run forward")
        reserveScratch()
        forward(input, training: true)
        let counted = input.countedTargets
        guard counted > 0 else { return PassLoss(mean: 0, counted: 0) }
        let lossSum = lossForwardBackward(gradScale: lossScale / Float(counted))
        finalNormBackward()
        for layer in stride(from: model.config.layerCount - 1, through: 0, by: -1) { backwardBlock(layer) }
        embedBackward()
        return PassLoss(mean: Float(lossSum / Double(counted)), counted: counted)
    }

    /// Forward pass only, returning all logits `[batch × sequenceLength, vocab]` (for tests and small inputs).
    public func logits(_ input: TokenBatch) -> [Float] {
        forward(input, training: false)
        let v = model.config.vocabSize, h = model.config.hiddenSize
        var out = [Float](repeating: 0, count: rows * v)
        out.withUnsafeMutableBufferPointer { o in
            sgemm(.none, .transposed, m: rows, n: v, k: h, alpha: 1, a: finalNormOutput.pointer, lda: h,
                  b: model.lmHead.value.pointer, ldb: h, beta: 0, c: o.baseAddress!, ldc: v)
        }
        return out
    }

    /// Forward pass only: the log-probability of every target (NaN where ignored) and the mean loss, computed
    /// over the vocabulary in chunks.
    public func targetLogProbabilities(_ input: TokenBatch) -> (logProbs: [Float], loss: PassLoss) {
        forward(input, training: false)
        let v = model.config.vocabSize, h = model.config.hiddenSize
        var logProbs = [Float](repeating: .nan, count: rows)
        var total = CrossEntropy.ChunkLoss()
        targets.withUnsafeBufferPointer { t in
            logProbs.withUnsafeMutableBufferPointer { lp in
                for start in stride(from: 0, to: rows, by: lossChunkRows) {
                    let n = min(lossChunkRows, rows - start)
                    sgemm(.none, .transposed, m: n, n: v, k: h, alpha: 1, a: finalNormOutput.pointer + start * h, lda: h,
                          b: model.lmHead.value.pointer, ldb: h, beta: 0, c: logitsChunk.pointer, ldc: v)
                    total = total + CrossEntropy.targetLogProbabilities(
                        logits: logitsChunk.pointer, rows: n, vocab: v, targets: t.baseAddress! + start,
                        logProbs: lp.baseAddress! + start)
                }
            }
        }
        let mean = total.counted > 0 ? Float(total.lossSum / Double(total.counted)) : 0
        return (logProbs, PassLoss(mean: mean, counted: total.counted))
    }

    // MARK: Forward

    /// Embedding, layers and final norm; `training` turns LoRA dropout on.
    private func forward(_ input: TokenBatch, training: Bool) {
        precondition(input.batch == batch && input.sequenceLength == sequenceLength, "batch shape differs from the pass")
        tokens = input.tokens
        targets = input.targets
        embed()
        for layer in 0..<model.config.layerCount { forwardBlock(layer, training: training) }
        finalNormForward()
    }

    private func embed() {
        let h = model.config.hiddenSize
        let x = residuals[0].pointer
        tokens.withUnsafeBufferPointer { t in
            Embedding.gather(table: model.embedding.value.pointer, dim: h, tokens: t.baseAddress!, count: rows, out: x)
        }
        if let positions = model.positionEmbedding {
            for b in 0..<batch {
                Elementwise.add(x + b * sequenceLength * h, positions.value.pointer,
                                out: x + b * sequenceLength * h, count: sequenceLength * h)
            }
        }
    }

    private func forwardBlock(_ layer: Int, training: Bool) {
        let c = model.config, block = model.blocks[layer], a = saved[layer]
        let n = rows, h = c.hiddenSize
        let x = residuals[layer].pointer, out = residuals[layer + 1].pointer
        // Attention: norm → q, k, v (+ RoPE) → causal attention → o → residual.
        normForward(x, weight: block.attentionNorm, bias: block.attentionNormBias,
                    out: a.norm1.pointer, mean: a.mean1.pointer, rstd: a.rstd1.pointer)
        if let qkv = block.qkv {
            qkv.forward(a.norm1.pointer, rows: n, into: fused.pointer, training: training)
            splitFused(into: a)
        } else if let q = block.q, let k = block.k, let v = block.v, let rope = model.rope {
            forwardSharingInput(a.norm1.pointer, [(q, a.q.pointer), (k, a.k.pointer), (v, a.v.pointer)], training: training)
            let qd = c.headCount * c.headDim, kvd = c.kvHeadCount * c.headDim
            for b in 0..<batch {
                RoPE.forward(a.q.pointer + b * sequenceLength * qd, tokens: sequenceLength, heads: c.headCount, table: rope)
                RoPE.forward(a.k.pointer + b * sequenceLength * kvd, tokens: sequenceLength, heads: c.kvHeadCount, table: rope)
            }
        }
        attention.forward(q: a.q.pointer, k: a.k.pointer, v: a.v.pointer, out: a.attention.pointer, probs: a.probs.pointer)
        block.o.forward(a.attention.pointer, rows: n, into: projectionOutput.pointer, training: training)
        Elementwise.add(x, projectionOutput.pointer, out: a.mid.pointer, count: n * h)
        // MLP: norm → gate, up → SwiGLU (or up → GELU) → down → residual.
        normForward(a.mid.pointer, weight: block.mlpNorm, bias: block.mlpNormBias,
                    out: a.norm2.pointer, mean: a.mean2.pointer, rstd: a.rstd2.pointer)
        if let gate = block.gate {
            forwardSharingInput(a.norm2.pointer, [(gate, a.gate.pointer), (block.up, a.up.pointer)], training: training)
        } else {
            block.up.forward(a.norm2.pointer, rows: n, into: a.up.pointer, training: training)
        }
        mlpActivationForward(a)
        block.down.forward(mlpActivation.pointer, rows: n, into: projectionOutput.pointer, training: training)
        Elementwise.add(a.mid.pointer, projectionOutput.pointer, out: out, count: n * h)
    }

    private func finalNormForward() {
        normForward(residuals[model.config.layerCount].pointer, weight: model.finalNorm, bias: model.finalNormBias,
                    out: finalNormOutput.pointer, mean: finalMean.pointer, rstd: finalRstd.pointer)
    }

    // MARK: Loss

    /// For each chunk of rows: logits, loss and its gradient (in place), then the gradient into the final norm's
    /// output and into the output projection. Returns the summed loss over counted targets.
    private func lossForwardBackward(gradScale: Float) -> Double {
        let v = model.config.vocabSize, h = model.config.hiddenSize
        let xf = finalNormOutput.pointer, dxf = grads.dFinal.pointer, w = model.lmHead.value.pointer
        var lossSum: Double = 0
        targets.withUnsafeBufferPointer { t in
            for start in stride(from: 0, to: rows, by: lossChunkRows) {
                let n = min(lossChunkRows, rows - start)
                let chunkTargets = t.baseAddress! + start
                if !(0..<n).contains(where: { chunkTargets[$0] != TokenBatch.ignoreIndex }) {
                    (dxf + start * h).update(repeating: 0, count: n * h)
                    continue
                }
                sgemm(.none, .transposed, m: n, n: v, k: h, alpha: 1, a: xf + start * h, lda: h, b: w, ldb: h,
                      beta: 0, c: logitsChunk.pointer, ldc: v)
                lossSum += CrossEntropy.lossAndGradient(logits: logitsChunk.pointer, rows: n, vocab: v,
                                                        targets: chunkTargets, gradScale: gradScale).lossSum
                sgemm(.none, .none, m: n, n: h, k: v, alpha: 1, a: logitsChunk.pointer, lda: v, b: w, ldb: h,
                      beta: 0, c: dxf + start * h, ldc: h)
                if let dw = model.lmHead.gradientPointer {
                    sgemm(.transposed, .none, m: v, n: h, k: n, alpha: 1, a: logitsChunk.pointer, lda: v,
                          b: xf + start * h, ldb: h, beta: 1, c: dw, ldc: h)
                }
            }
        }
        return lossSum
    }

    // MARK: Backward

    private func finalNormBackward() {
        normBackward(grads.dFinal.pointer, x: residuals[model.config.layerCount].pointer, weight: model.finalNorm,
                     bias: model.finalNormBias, mean: finalMean.pointer, rstd: finalRstd.pointer,
                     dx: grads.dResidual.pointer)
    }

    /// On entry `dResidual` holds the gradient of the block's output; on exit, of its input.
    private func backwardBlock(_ layer: Int) {
        let c = model.config, block = model.blocks[layer], a = saved[layer], g = grads
        let n = rows, i = c.intermediateSize
        let dres = g.dResidual.pointer
        // MLP half: out = mid + down(act(…norm2(mid)))
        // down_proj's input, the activation, is not saved but rebuilt from gate and up: before down's backward when
        // its weight is trainable; with SwiGLU and a frozen weight by SwiGLU's backward, for the LoRA branch's dA
        // after it; not at all when nothing reads it.
        let activationNeeded = block.down.backwardReadsInput
        let rebuiltBySwiGLU = activationNeeded && block.gate != nil && block.down.weight.gradientPointer == nil
        let rebuiltFirst = activationNeeded && !rebuiltBySwiGLU
        if rebuiltFirst { mlpActivationForward(a) }
        block.down.backward(dres, input: rebuiltFirst ? mlpActivation.pointer : nil, rows: n,
                            dx: g.dActivation.pointer, accumulate: false, scratch: scratch)
        if let gate = block.gate {
            SwiGLU.backward(dout: g.dActivation.pointer, gate: a.gate.pointer, up: a.up.pointer,
                            dgate: g.dGate.pointer, dup: g.dUp.pointer, count: n * i,
                            out: rebuiltBySwiGLU ? mlpActivation.pointer : nil)
            if rebuiltBySwiGLU, let lora = block.down.lora {
                lora.addInputGradientProduct(input: mlpActivation.pointer, rows: n, scratch: scratch)
            }
            backwardSharingInput(a.norm2.pointer, [(gate, g.dGate.pointer), (block.up, g.dUp.pointer)], dx: g.dNorm.pointer)
        } else {
            GELU.backward(dy: g.dActivation.pointer, x: a.up.pointer, dx: g.dUp.pointer, count: n * i)
            block.up.backward(g.dUp.pointer, input: a.norm2.pointer, rows: n, dx: g.dNorm.pointer, accumulate: false, scratch: scratch)
        }
        normBackward(g.dNorm.pointer, x: a.mid.pointer, weight: block.mlpNorm, bias: block.mlpNormBias,
                     mean: a.mean2.pointer, rstd: a.rstd2.pointer, dx: dres, accumulate: true)
        // Attention half: mid = x + o(attention(q, k, v of norm1(x)))
        block.o.backward(dres, input: a.attention.pointer, rows: n, dx: g.dAttention.pointer, accumulate: false, scratch: scratch)
        attention.backward(dout: g.dAttention.pointer, q: a.q.pointer, k: a.k.pointer, v: a.v.pointer, probs: a.probs.pointer,
                           dq: g.dq.pointer, dk: g.dk.pointer, dv: g.dv.pointer)
        // Below the first layer there is only the embedding: when it is frozen (LoRA) and so is this norm, nothing
        // needs the gradient of the layer's input, and its three input-gradient products are skipped.
        let inputNeeded = layer > 0 || model.embedding.isTrainable || (model.positionEmbedding?.isTrainable ?? false)
            || block.attentionNorm.isTrainable || (block.attentionNormBias?.isTrainable ?? false)
        let dNorm = inputNeeded ? g.dNorm.pointer : nil
        if let qkv = block.qkv {
            mergeFusedGradient()
            qkv.backward(fused.pointer, input: a.norm1.pointer, rows: n, dx: dNorm, accumulate: false, scratch: scratch)
        } else if let q = block.q, let k = block.k, let v = block.v, let rope = model.rope {
            let qd = c.headCount * c.headDim, kvd = c.kvHeadCount * c.headDim
            for b in 0..<batch {
                RoPE.backward(g.dq.pointer + b * sequenceLength * qd, tokens: sequenceLength, heads: c.headCount, table: rope)
                RoPE.backward(g.dk.pointer + b * sequenceLength * kvd, tokens: sequenceLength, heads: c.kvHeadCount, table: rope)
            }
            backwardSharingInput(a.norm1.pointer, [(q, g.dq.pointer), (k, g.dk.pointer), (v, g.dv.pointer)], dx: dNorm)
        }
        guard inputNeeded else { return }
        normBackward(g.dNorm.pointer, x: residuals[layer].pointer, weight: block.attentionNorm, bias: block.attentionNormBias,
                     mean: a.mean1.pointer, rstd: a.rstd1.pointer, dx: dres, accumulate: true)
    }

    private func embedBackward() {
        let h = model.config.hiddenSize
        let dres = grads.dResidual.pointer
        if let dtable = model.embedding.gradientPointer {
            tokens.withUnsafeBufferPointer { t in
                Embedding.scatterAdd(dout: dres, dim: h, tokens: t.baseAddress!, count: rows, dtable: dtable)
            }
        }
        if let positions = model.positionEmbedding, let dpos = positions.gradientPointer {
            for b in 0..<batch {
                Elementwise.axpy(alpha: 1, x: dres + b * sequenceLength * h, y: dpos, count: sequenceLength * h)
            }
        }
    }

    // MARK: Helpers

    private func reserveScratch() {
        let c = model.config
        let loras = model.blocks.flatMap { $0.projections.compactMap { $0.linear.lora } }
        let maxRank = loras.map(\.rank).max() ?? 1
        let dropout = loras.contains { $0.dropout > 0 }
        let features = max(c.hiddenSize, c.intermediateSize, c.headCount * c.headDim)
        // The largest LoRAInputGroup is a layer's q, k and v.
        let maxGroupRank = 3 * maxRank
        if scratch.loraHidden.count < rows * maxRank || scratch.loraGroupHidden.count < rows * maxGroupRank
            || scratch.loraGroupGradient.count < maxGroupRank * features
            || (dropout && scratch.dropout.count < rows * features) {
            scratch = BackwardScratch(rows: rows, maxRank: maxRank, maxGroupRank: maxGroupRank, maxFeatures: features,
                                      needsDropout: dropout)
        }
    }

    /// The forward passes of projections that all read `x` (q, k, v; gate, up), writing each one's output; their
    /// LoRA down-projections are computed together (`LoRAInputGroup`).
    private func forwardSharingInput(_ x: UnsafePointer<Float>, _ projections: [(Linear, UnsafeMutablePointer<Float>)],
                                     training: Bool) {
        let group = LoRAInputGroup(forwardOf: projections.map(\.0))
        group?.forward(input: x, rows: rows)
        for (projection, y) in projections {
            projection.forward(x, rows: rows, into: y, training: training,
                               loraHiddenAdopted: group?.contains(projection) ?? false)
        }
    }

    /// The backward passes of projections that all read `x`, given each one's output gradient: their input gradients
    /// summed into `dx` (nil when nothing needs it), their LoRA branches' `dA` computed together.
    private func backwardSharingInput(_ x: UnsafePointer<Float>, _ projections: [(Linear, UnsafeMutablePointer<Float>)],
                                      dx: UnsafeMutablePointer<Float>?) {
        let group = LoRAInputGroup(backwardOf: projections.map(\.0))
        for (index, (projection, dy)) in projections.enumerated() {
            let hiddenGradient = group?.hiddenGradient(of: projection, rows: rows, scratch: scratch)
            projection.backward(UnsafePointer(dy), input: hiddenGradient == nil ? x : nil, rows: rows, dx: dx, accumulate: index > 0,
                                scratch: scratch, loraHiddenGradient: hiddenGradient)
        }
        group?.addInputGradientProducts(input: x, rows: rows, scratch: scratch)
    }

    /// SwiGLU(gate, up) for the Llama family, GELU(up) for GPT-2, into `mlpActivation`.
    private func mlpActivationForward(_ a: BlockActivations) {
        let count = rows * model.config.intermediateSize
        if model.config.family == .llama {
            SwiGLU.forward(gate: a.gate.pointer, up: a.up.pointer, out: mlpActivation.pointer, count: count)
        } else {
            GELU.forward(x: a.up.pointer, y: mlpActivation.pointer, count: count)
        }
    }

    private func normForward(_ x: UnsafePointer<Float>, weight: ParameterTensor, bias: ParameterTensor?,
                             out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>,
                             rstd: UnsafeMutablePointer<Float>) {
        model.normalize(x, weight: weight, bias: bias, out: out, mean: mean, rstd: rstd, rows: rows)
    }

    /// The norm's input gradient into `dx`, overwriting it or, with `accumulate`, adding to it (a norm on a
    /// residual branch adds straight into the residual stream's gradient).
    private func normBackward(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, weight: ParameterTensor,
                              bias: ParameterTensor?, mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                              dx: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        let c = model.config
        switch c.family {
        case .llama:
            RMSNorm.backward(dy: dy, x: x, weight: weight.value.pointer, rstd: rstd, dx: dx, accumulate: accumulate,
                             dweight: weight.gradientPointer, rows: rows, cols: c.hiddenSize)
        case .gpt2:
            LayerNorm.backward(dy: dy, x: x, weight: weight.value.pointer, mean: mean, rstd: rstd, dx: dx,
                               accumulate: accumulate, dweight: weight.gradientPointer, dbias: bias?.gradientPointer,
                               rows: rows, cols: c.hiddenSize)
        }
    }

    /// GPT-2's c_attn output `[rows, 3·hidden]` is `[q | k | v]` per row.
    private func splitFused(into a: BlockActivations) {
        let h = model.config.hiddenSize
        for r in 0..<rows {
            let src = fused.pointer + r * 3 * h
            (a.q.pointer + r * h).update(from: src, count: h)
            (a.k.pointer + r * h).update(from: src + h, count: h)
            (a.v.pointer + r * h).update(from: src + 2 * h, count: h)
        }
    }

    private func mergeFusedGradient() {
        let h = model.config.hiddenSize
        for r in 0..<rows {
            let dst = fused.pointer + r * 3 * h
            dst.update(from: grads.dq.pointer + r * h, count: h)
            (dst + h).update(from: grads.dk.pointer + r * h, count: h)
            (dst + 2 * h).update(from: grads.dv.pointer + r * h, count: h)
        }
    }
}

/// What one layer's forward pass saves for its backward pass.
final class BlockActivations {
    let norm1, mean1, rstd1, q, k, v, attention, mid, norm2, mean2, rstd2, gate, up: FloatBuffer
    var probs: FloatBuffer

    init(config c: ModelConfig, rows n: Int, probs: Int) {
        let h = c.hiddenSize, qd = c.headCount * c.headDim, kvd = c.kvHeadCount * c.headDim, i = c.intermediateSize
        norm1 = FloatBuffer(count: n * h); mean1 = FloatBuffer(count: n); rstd1 = FloatBuffer(count: n)
        q = FloatBuffer(count: n * qd); k = FloatBuffer(count: n * kvd); v = FloatBuffer(count: n * kvd)
        attention = FloatBuffer(count: n * qd); mid = FloatBuffer(count: n * h)
        norm2 = FloatBuffer(count: n * h); mean2 = FloatBuffer(count: n); rstd2 = FloatBuffer(count: n)
        gate = FloatBuffer(count: c.family == .llama ? n * i : 0)
        up = FloatBuffer(count: n * i)
        self.probs = FloatBuffer(count: probs)
    }
}

/// Gradient buffers of the backward pass, shared by all layers (one layer is in flight at a time).
final class BackwardBuffers {
    let dResidual, dFinal, dNorm, dAttention, dq, dk, dv, dGate, dUp, dActivation: FloatBuffer

    init(config c: ModelConfig, rows n: Int) {
        let h = c.hiddenSize, qd = c.headCount * c.headDim, kvd = c.kvHeadCount * c.headDim, i = c.intermediateSize
        dResidual = FloatBuffer(count: n * h); dFinal = FloatBuffer(count: n * h)
        dNorm = FloatBuffer(count: n * h)
        dAttention = FloatBuffer(count: n * qd); dq = FloatBuffer(count: n * qd)
        dk = FloatBuffer(count: n * kvd); dv = FloatBuffer(count: n * kvd)
        dGate = FloatBuffer(count: n * i); dUp = FloatBuffer(count: n * i); dActivation = FloatBuffer(count: n * i)
    }
}
