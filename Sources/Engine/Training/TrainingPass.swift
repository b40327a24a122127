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
    /// The one layer forward (shared with scoring and generation) over this pass's scratch: the fused
    /// projections' output, the output projections' results, and the MLP's activation of the layer in flight. The
    /// activation is not saved per layer but rebuilt from the saved gate/up values in the backward pass (by
    /// SwiGLU's own backward when down_proj's weight is frozen, else by one elementwise pass), which saves
    /// `rows × intermediate` floats per layer.
    private let layerForward: LayerForward
    private var projectionOutput: FloatBuffer { layerForward.projectionOutput }
    private var fused: FloatBuffer { layerForward.fused }
    private var mlpActivation: FloatBuffer { layerForward.mlpActivation }
    private let logitsChunk: FloatBuffer
    /// `tanh(logit / cap)` of the chunk in flight, for the logit soft-cap's gradient (empty without one).
    private let logitsTanh: FloatBuffer
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
        self.lossChunkRows = Self.chunkRows(config: c, rows: batch * sequenceLength, requested: lossChunkRows)
        rows = batch * sequenceLength
        attention = Self.attention(config: c, batch: batch, sequenceLength: sequenceLength)
        self.savesActivations = savesActivations
        if savesActivations {
            residuals = (0...c.layerCount).map { _ in FloatBuffer(count: batch * sequenceLength * c.hiddenSize) }
            saved = (0..<c.layerCount).map { _ in BlockActivations(config: c, rows: batch * sequenceLength) }
        } else {
            // Layer l reads residuals[l] and writes residuals[l + 1]: two alternating buffers suffice.
            let even = FloatBuffer(count: batch * sequenceLength * c.hiddenSize)
            let odd = FloatBuffer(count: batch * sequenceLength * c.hiddenSize)
            residuals = (0...c.layerCount).map { $0 % 2 == 0 ? even : odd }
            let shared = BlockActivations(config: c, rows: batch * sequenceLength)
            saved = Array(repeating: shared, count: c.layerCount)
        }
        finalNormOutput = FloatBuffer(count: rows * c.hiddenSize)
        finalMean = FloatBuffer(count: rows)
        finalRstd = FloatBuffer(count: rows)
        let scratchSizes = LayerForward.scratchFloats(config: c, rows: rows)
        layerForward = LayerForward(model: model, batch: batch, tokens: sequenceLength, startPosition: 0,
                                    attention: attention, fused: FloatBuffer(count: scratchSizes.fused),
                                    projectionOutput: FloatBuffer(count: scratchSizes.projection),
                                    mlpActivation: FloatBuffer(count: scratchSizes.activation), training: true)
        logitsChunk = FloatBuffer(count: self.lossChunkRows * c.vocabSize)
        logitsTanh = FloatBuffer(count: c.logitSoftcap == nil ? 0 : self.lossChunkRows * c.vocabSize)
        grads = BackwardBuffers(config: c, rows: savesActivations ? rows : 0)
        scratch = BackwardScratch(rows: 0, maxRank: 0, maxGroupRank: 0, maxFeatures: 0, needsDropout: false)
        for block in saved where block.probs.count != attention.probsCount {
            block.probs = FloatBuffer(count: attention.probsCount)
            if c.attentionSoftcap != nil { block.scoresTanh = FloatBuffer(count: attention.probsCount) }
        }
    }

    /// The attention's shape for a pass: heads, the scale and soft-cap of the config (windows are per layer).
    static func attention(config c: ModelConfig, batch: Int, sequenceLength: Int) -> CausalAttention {
        CausalAttention(batch: batch, queries: sequenceLength, keys: sequenceLength, heads: c.headCount,
                        kvHeads: c.kvHeadCount, headDim: c.headDim, scale: c.attentionScale, softcap: c.attentionSoftcap)
    }

    /// Rows of logits per loss chunk: as many as `lossChunkFloats` holds (half as many with a logit soft-cap,
    /// whose tanh is kept beside the chunk), or the number asked for.
    static func chunkRows(config c: ModelConfig, rows: Int, requested: Int?) -> Int {
        let perRow = max(c.vocabSize, 1) * (c.logitSoftcap == nil ? 1 : 2)
        return max(1, min(requested ?? lossChunkFloats / perRow, rows))
    }

    /// Floats a pass of this shape allocates (activations saved per layer, the residual stream, scratch, the loss
    /// chunk, backward buffers, and each LoRA branch's kept hidden state), from the same size tables `init`
    /// allocates from: what a run's memory estimate reads, so the estimate cannot drift from the pass.
    public static func plannedFloats(config c: ModelConfig, batch: Int, sequenceLength: Int, lossChunkRows: Int? = nil,
                                     loraRank: Int = 0, loraTargets: [String] = []) -> Int {
        let rows = batch * sequenceLength
        let chunkRows = Self.chunkRows(config: c, rows: rows, requested: lossChunkRows)
        let attention = Self.attention(config: c, batch: batch, sequenceLength: sequenceLength)
        let perLayer = BlockActivations.floatCounts(config: c, rows: rows).values.reduce(0, +)
            + attention.probsCount * (c.attentionSoftcap == nil ? 1 : 2)
        let scratch = LayerForward.scratchFloats(config: c, rows: rows)
        let lora = c.layerCount * c.layerProjections.filter { loraTargets.contains($0.name) }.count * rows * loraRank
        return (c.layerCount + 1) * rows * c.hiddenSize + c.layerCount * perLayer
            + 3 * rows * c.hiddenSize + scratch.fused + scratch.projection + scratch.activation
            + chunkRows * c.vocabSize * (c.logitSoftcap == nil ? 1 : 2) + BackwardBuffers.floatCounts(config: c, rows: rows).values.reduce(0, +)
            + lora + (loraRank > 0 ? rows * 3 * loraRank * 2 : 0)
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
            model.capLogits(o.baseAddress!, count: rows * v)
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
                    model.capLogits(logitsChunk.pointer, count: n * v)
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
        let forward = training ? layerForward : layerForward.inference
        for layer in 0..<model.config.layerCount {
            forward.run(layer, x: residuals[layer].pointer, out: residuals[layer + 1].pointer, a: saved[layer])
        }
        finalNormForward()
    }

    private func embed() {
        let h = model.config.hiddenSize
        let x = residuals[0].pointer
        tokens.withUnsafeBufferPointer { t in
            Embedding.gather(table: model.embedding.value.pointer, dim: h, tokens: t.baseAddress!, count: rows, out: x)
        }
        if let scale = model.embeddingScale { Elementwise.scale(x, by: scale, count: rows * h) }
        if let positions = model.positionEmbedding {
            for b in 0..<batch {
                Elementwise.add(x + b * sequenceLength * h, positions.value.pointer,
                                out: x + b * sequenceLength * h, count: sequenceLength * h)
            }
        }
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
                if let cap = model.config.logitSoftcap {
                    SoftCap.forward(logitsChunk.pointer, count: n * v, cap: cap, tanh: logitsTanh.pointer)
                }
                lossSum += CrossEntropy.lossAndGradient(logits: logitsChunk.pointer, rows: n, vocab: v,
                                                        targets: chunkTargets, gradScale: gradScale).lossSum
                if model.config.logitSoftcap != nil {
                    SoftCap.backward(logitsChunk.pointer, tanh: logitsTanh.pointer, count: n * v)
                }
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

    /// On entry `dResidual` holds the gradient of the block's output; on exit, of its input. The mirror of
    /// `LayerForward.run`, read from the same architecture.
    private func backwardBlock(_ layer: Int) {
        let c = model.config, arch = c.architecture, block = model.blocks[layer], a = saved[layer], g = grads
        let n = rows, i = c.intermediateSize, qd = c.queryDim, kvd = c.keyValueDim
        let dres = g.dResidual.pointer
        let layerAttention = attention.with(keys: sequenceLength, window: c.attention(ofLayer: layer).window)
        // MLP half: out = mid + [postNorm](down(act(…norm2(mid)))); with a post-norm, down's output gradient is
        // the norm's input gradient.
        let dDown = postNormBackward(dres, x: a.mlpOutput.pointer, weight: block.mlpOutputNorm, rstd: a.mlpOutputRstd.pointer)
        // down_proj's input, the activation, is not saved but rebuilt from gate and up: before down's backward when
        // its weight is trainable; with SwiGLU and a frozen weight by SwiGLU's backward, for the LoRA branch's dA
        // after it; not at all when nothing reads it.
        let gated = arch.mlp != .plain
        let activationNeeded = block.down.backwardReadsInput
        let rebuiltBySwiGLU = activationNeeded && gated && block.down.weight.gradientPointer == nil
        let rebuiltFirst = activationNeeded && !rebuiltBySwiGLU
        if rebuiltFirst { layerForward.activationForward(a) }
        block.down.backward(dDown, input: rebuiltFirst ? mlpActivation.pointer : nil, rows: n,
                            dx: g.dActivation.pointer, accumulate: false, scratch: scratch)
        if gated {
            let rebuilt = rebuiltBySwiGLU ? mlpActivation.pointer : nil
            if arch.activation == .geluTanh {
                GeGLU.backward(dout: g.dActivation.pointer, gate: a.gate.pointer, up: a.up.pointer,
                               dgate: g.dGate.pointer, dup: g.dUp.pointer, count: n * i, out: rebuilt)
            } else {
                SwiGLU.backward(dout: g.dActivation.pointer, gate: a.gate.pointer, up: a.up.pointer,
                                dgate: g.dGate.pointer, dup: g.dUp.pointer, count: n * i, out: rebuilt)
            }
            if rebuiltBySwiGLU, let lora = block.down.lora {
                lora.addInputGradientProduct(input: mlpActivation.pointer, rows: n, scratch: scratch)
            }
        } else {
            GELU.backward(dy: g.dActivation.pointer, x: a.up.pointer, dx: g.dUp.pointer, count: n * i)
        }
        switch arch.mlp {
        case .gated:
            backwardSharingInput(a.norm2.pointer, [(block.mlpInputs[0], g.dGate.pointer), (block.mlpInputs[1], g.dUp.pointer)],
                                 dx: g.dNorm.pointer)
        case .fusedGated:
            FusedColumns.merge([g.dGate.pointer, g.dUp.pointer], widths: [i, i], rows: n, into: fused.pointer)
            backwardSharingInput(a.norm2.pointer, [(block.mlpInputs[0], fused.pointer)], dx: g.dNorm.pointer)
        case .plain:
            backwardSharingInput(a.norm2.pointer, [(block.mlpInputs[0], g.dUp.pointer)], dx: g.dNorm.pointer)
        }
        normBackward(g.dNorm.pointer, x: a.mid.pointer, weight: block.mlpNorm, bias: block.mlpNormBias,
                     mean: a.mean2.pointer, rstd: a.rstd2.pointer, dx: dres, accumulate: true)

        // Attention half: mid = x + o(attention(rope(norm(q)), rope(norm(k)), v of norm1(x)))
        let dO = postNormBackward(dres, x: a.attentionOutput.pointer, weight: block.attentionOutputNorm,
                                  rstd: a.attentionOutputRstd.pointer)
        block.o.backward(dO, input: a.attention.pointer, rows: n, dx: g.dAttention.pointer, accumulate: false, scratch: scratch)
        layerAttention.backward(dout: g.dAttention.pointer, q: a.q.pointer, k: a.k.pointer, v: a.v.pointer,
                                probs: a.probs.pointer, dq: g.dq.pointer, dk: g.dk.pointer, dv: g.dv.pointer,
                                scoresTanh: a.scoresTanh.count > 0 ? a.scoresTanh.pointer : nil)
        if let rope = model.rotaryTable(forLayer: layer) {
            for b in 0..<batch {
                RoPE.backward(g.dq.pointer + b * sequenceLength * qd, tokens: sequenceLength, heads: c.headCount,
                              headDim: c.headDim, table: rope)
                RoPE.backward(g.dk.pointer + b * sequenceLength * kvd, tokens: sequenceLength, heads: c.kvHeadCount,
                              headDim: c.headDim, table: rope)
            }
        }
        // The projections' output gradients: through the per-head norms when there are (into buffers free by now).
        var dq = g.dq.pointer, dk = g.dk.pointer
        if arch.queryKeyNorm, let qNorm = block.queryNorm, let kNorm = block.keyNorm {
            model.withNormWeight(qNorm) { w in
                RMSNorm.backward(dy: dq, x: a.qProjected.pointer, weight: w, rstd: a.qRstd.pointer, dx: g.dAttention.pointer,
                                 dweight: qNorm.gradientPointer, rows: n * c.headCount, cols: c.headDim)
            }
            model.withNormWeight(kNorm) { w in
                RMSNorm.backward(dy: dk, x: a.kProjected.pointer, weight: w, rstd: a.kRstd.pointer, dx: g.dkProjected.pointer,
                                 dweight: kNorm.gradientPointer, rows: n * c.kvHeadCount, cols: c.headDim)
            }
            (dq, dk) = (g.dAttention.pointer, g.dkProjected.pointer)
        }
        // Below the first layer there is only the embedding: when it is frozen (LoRA) and so is this norm, nothing
        // needs the gradient of the layer's input, and its input-gradient products are skipped.
        let inputNeeded = layer > 0 || model.embedding.isTrainable || (model.positionEmbedding?.isTrainable ?? false)
            || block.attentionNorm.isTrainable || (block.attentionNormBias?.isTrainable ?? false)
        let dNorm = inputNeeded ? g.dNorm.pointer : nil
        switch arch.attention {
        case .separate:
            backwardSharingInput(a.norm1.pointer, zip(block.attentionInputs, [dq, dk, g.dv.pointer]).map { ($0, $1) }, dx: dNorm)
        case .fused:
            FusedColumns.merge([dq, dk, g.dv.pointer], widths: [qd, kvd, kvd], rows: n, into: fused.pointer)
            backwardSharingInput(a.norm1.pointer, [(block.attentionInputs[0], fused.pointer)], dx: dNorm)
        }
        guard inputNeeded else { return }
        normBackward(g.dNorm.pointer, x: residuals[layer].pointer, weight: block.attentionNorm, bias: block.attentionNormBias,
                     mean: a.mean1.pointer, rstd: a.rstd1.pointer, dx: dres, accumulate: true)
    }

    private func embedBackward() {
        let h = model.config.hiddenSize
        let dres = grads.dResidual.pointer
        if let dtable = model.embedding.gradientPointer {
            if let scale = model.embeddingScale { Elementwise.scale(dres, by: scale, count: rows * h) }
            tokens.withUnsafeBufferPointer { t in
                Embedding.scatterAdd(dout: dres, dim: h, tokens: t.baseAddress!, count: rows, dtable: dtable,
                                     skipping: model.config.paddingIndex.map { Int32($0) })
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
        let features = c.layerProjections.map { max($0.inFeatures, $0.outFeatures) }.max() ?? c.hiddenSize
        // The largest LoRAInputGroup is a layer's q, k and v.
        let maxGroupRank = 3 * maxRank
        if scratch.loraHidden.count < rows * maxRank || scratch.loraGroupHidden.count < rows * maxGroupRank
            || scratch.loraGroupGradient.count < maxGroupRank * features
            || (dropout && scratch.dropout.count < rows * features) {
            scratch = BackwardScratch(rows: rows, maxRank: maxRank, maxGroupRank: maxGroupRank, maxFeatures: features,
                                      needsDropout: dropout)
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

    /// The gradient of a post-norm's input (into `dPostNorm`) from the gradient of its output, or `dy` itself
    /// when the layer has no post-norm there.
    private func postNormBackward(_ dy: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, weight: ParameterTensor?,
                                  rstd: UnsafePointer<Float>) -> UnsafeMutablePointer<Float> {
        guard let weight else { return dy }
        normBackward(dy, x: x, weight: weight, bias: nil, mean: rstd, rstd: rstd, dx: grads.dPostNorm.pointer)
        return grads.dPostNorm.pointer
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
        switch c.architecture.norm {
        case .rms:
            model.withNormWeight(weight) { w in
                RMSNorm.backward(dy: dy, x: x, weight: w, rstd: rstd, dx: dx, accumulate: accumulate,
                                 dweight: weight.gradientPointer, rows: rows, cols: c.hiddenSize)
            }
        case .layer:
            LayerNorm.backward(dy: dy, x: x, weight: weight.value.pointer, mean: mean, rstd: rstd, dx: dx,
                               accumulate: accumulate, dweight: weight.gradientPointer, dbias: bias?.gradientPointer,
                               rows: rows, cols: c.hiddenSize)
        }
    }

}

/// Gradient buffers of the backward pass, shared by all layers (one layer is in flight at a time).
final class BackwardBuffers {
    let dResidual, dFinal, dNorm, dAttention, dq, dk, dkProjected, dv, dGate, dUp, dActivation, dPostNorm: FloatBuffer

    init(config c: ModelConfig, rows n: Int) {
        let sizes = Self.floatCounts(config: c, rows: n)
        func buffer(_ name: String) -> FloatBuffer { FloatBuffer(count: sizes[name] ?? 0) }
        dResidual = buffer("dResidual"); dFinal = buffer("dFinal"); dNorm = buffer("dNorm")
        dAttention = buffer("dAttention"); dq = buffer("dq"); dk = buffer("dk"); dkProjected = buffer("dkProjected")
        dv = buffer("dv"); dGate = buffer("dGate"); dUp = buffer("dUp"); dActivation = buffer("dActivation")
        dPostNorm = buffer("dPostNorm")
    }

    /// The floats of each buffer: one table that the allocation above and the run's memory estimate both read.
    static func floatCounts(config c: ModelConfig, rows n: Int) -> [String: Int] {
        let h = c.hiddenSize, qd = c.queryDim, kvd = c.keyValueDim, i = c.intermediateSize
        return ["dResidual": n * h, "dFinal": n * h, "dNorm": n * h, "dAttention": n * qd, "dq": n * qd,
                "dk": n * kvd, "dkProjected": c.architecture.queryKeyNorm ? n * kvd : 0, "dv": n * kvd,
                "dGate": c.architecture.mlp == .plain ? 0 : n * i, "dUp": n * i, "dActivation": n * i,
                "dPostNorm": c.architecture.postNorms ? n * h : 0]
    }
}
