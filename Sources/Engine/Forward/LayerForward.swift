import Kernels

/// One layer's forward pass, the only one: training (every activation kept in a `BlockActivations` per layer),
/// scoring and KV-cached generation (k and v written into the cache, attention over every cached position) all
/// run it. It reads the architecture, never the family.
struct LayerForward {
    let model: TransformerModel
    /// Sequences in the batch, and new tokens per sequence (`rows = batch × tokens`).
    let batch: Int
    let tokens: Int
    /// Position of the first new token (the KV cache's length during generation; 0 in training).
    let startPosition: Int
    /// The attention's shape (heads, scale, soft-cap); `layerAttention(_:keys:)` adds a layer's keys and window.
    let attention: CausalAttention
    /// `[rows, widest fused projection]`, for a fused projection's output before it is split.
    let fused: FloatBuffer
    /// `[rows, hidden]`: the output projections' results before they join the residual stream.
    let projectionOutput: FloatBuffer
    /// `[rows, intermediate]`: the MLP's activation (down's input).
    let mlpActivation: FloatBuffer
    let training: Bool

    var rows: Int { batch * tokens }

    /// The scratch buffers a pass of `rows` rows needs, besides the per-layer activations.
    static func scratchFloats(config c: ModelConfig, rows: Int) -> (fused: Int, projection: Int, activation: Int) {
        (rows * fusedWidth(c), rows * c.hiddenSize, rows * c.intermediateSize)
    }

    static func fusedWidth(_ c: ModelConfig) -> Int {
        c.layerProjections.filter { $0.outputSplit.count > 1 }.map(\.outFeatures).max() ?? 0
    }

    /// Where k and v go: the activations' own buffers (training), or a cache whose rows `0..<row` hold earlier
    /// tokens and which receives the new ones from row `row` on (the layer's position `startPosition` for a full
    /// cache; a sliding layer's cache keeps only its window, so there the row is smaller than the position).
    struct KeyValueDestination {
        let keys: UnsafeMutablePointer<Float>
        let values: UnsafeMutablePointer<Float>
        let row: Int
    }

    /// The attention of layer `layer` over `keys` keys: the pass's shape with the layer's window.
    func layerAttention(_ layer: Int, keys: Int) -> CausalAttention {
        attention.with(keys: keys, window: model.config.attention(ofLayer: layer).window)
    }

    /// Runs layer `layer` on `x` (`[rows, hidden]`), writing its output to `out` and what it computed to `a`.
    func run(_ layer: Int, x: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, a: BlockActivations,
             cache: KeyValueDestination? = nil) {
        let c = model.config, block = model.blocks[layer], arch = c.architecture
        let n = rows, h = c.hiddenSize, qd = c.queryDim, kvd = c.keyValueDim
        let keyBase = cache?.keys ?? a.k.pointer, valueBase = cache?.values ?? a.v.pointer
        let row = cache?.row ?? 0
        let newKeys = keyBase + row * kvd, newValues = valueBase + row * kvd
        let saving = a.rstd1.count > 0

        // Attention: norm → q, k, v (→ q/k norms → RoPE) → causal attention → o (→ post-norm) → residual.
        model.normalize(x, weight: block.attentionNorm, bias: block.attentionNormBias, out: a.norm1.pointer,
                        mean: a.mean1.count > 0 ? a.mean1.pointer : nil, rstd: saving ? a.rstd1.pointer : nil, rows: n)
        let qOut = arch.queryKeyNorm ? a.qProjected.pointer : a.q.pointer
        let kOut = arch.queryKeyNorm ? a.kProjected.pointer : newKeys
        switch arch.attention {
        case .separate:
            forwardSharingInput(a.norm1.pointer, zip(block.attentionInputs, [qOut, kOut, newValues]).map { ($0, $1) })
        case .fused:
            block.attentionInputs[0].forward(a.norm1.pointer, rows: n, into: fused.pointer, training: training)
            FusedColumns.split(fused.pointer, rows: n, widths: [qd, kvd, kvd], into: [qOut, kOut, newValues])
        }
        if arch.queryKeyNorm, let qNorm = block.queryNorm, let kNorm = block.keyNorm {
            model.withNormWeight(qNorm) { w in
                RMSNorm.forward(x: qOut, weight: w, y: a.q.pointer, rstd: saving ? a.qRstd.pointer : nil,
                                rows: n * c.headCount, cols: c.headDim, eps: c.normEpsilon)
            }
            model.withNormWeight(kNorm) { w in
                RMSNorm.forward(x: kOut, weight: w, y: newKeys, rstd: saving ? a.kRstd.pointer : nil,
                                rows: n * c.kvHeadCount, cols: c.headDim, eps: c.normEpsilon)
            }
        }
        if let rope = model.rotaryTable(forLayer: layer) {
            for b in 0..<batch {
                RoPE.forward(a.q.pointer + b * tokens * qd, tokens: tokens, heads: c.headCount, headDim: c.headDim,
                             table: rope, startPosition: startPosition)
                RoPE.forward(newKeys + b * tokens * kvd, tokens: tokens, heads: c.kvHeadCount, headDim: c.headDim,
                             table: rope, startPosition: startPosition)
            }
        }
        layerAttention(layer, keys: row + tokens)
            .forward(q: a.q.pointer, k: keyBase, v: valueBase, out: a.attention.pointer,
                     probs: a.probs.count > 0 ? a.probs.pointer : nil,
                     scoresTanh: a.scoresTanh.count > 0 ? a.scoresTanh.pointer : nil)
        if let norm = block.attentionOutputNorm {
            block.o.forward(a.attention.pointer, rows: n, into: a.attentionOutput.pointer, training: training)
            postNorm(a.attentionOutput.pointer, weight: norm, rstd: saving ? a.attentionOutputRstd.pointer : nil)
        } else {
            block.o.forward(a.attention.pointer, rows: n, into: projectionOutput.pointer, training: training)
        }
        Elementwise.add(x, projectionOutput.pointer, out: a.mid.pointer, count: n * h)

        // MLP: norm → gate, up (or up) → activation → down (→ post-norm) → residual.
        model.normalize(a.mid.pointer, weight: block.mlpNorm, bias: block.mlpNormBias, out: a.norm2.pointer,
                        mean: a.mean2.count > 0 ? a.mean2.pointer : nil, rstd: saving ? a.rstd2.pointer : nil, rows: n)
        switch arch.mlp {
        case .gated:
            forwardSharingInput(a.norm2.pointer, [(block.mlpInputs[0], a.gate.pointer), (block.mlpInputs[1], a.up.pointer)])
        case .fusedGated:
            block.mlpInputs[0].forward(a.norm2.pointer, rows: n, into: fused.pointer, training: training)
            let i = c.intermediateSize
            FusedColumns.split(fused.pointer, rows: n, widths: [i, i], into: [a.gate.pointer, a.up.pointer])
        case .plain:
            block.mlpInputs[0].forward(a.norm2.pointer, rows: n, into: a.up.pointer, training: training)
        }
        activationForward(a)
        if let norm = block.mlpOutputNorm {
            block.down.forward(mlpActivation.pointer, rows: n, into: a.mlpOutput.pointer, training: training)
            postNorm(a.mlpOutput.pointer, weight: norm, rstd: saving ? a.mlpOutputRstd.pointer : nil)
        } else {
            block.down.forward(mlpActivation.pointer, rows: n, into: projectionOutput.pointer, training: training)
        }
        Elementwise.add(a.mid.pointer, projectionOutput.pointer, out: out, count: n * h)
    }

    /// A post-norm (Gemma): `projectionOutput ← norm(x)`, `x` kept for the backward pass.
    private func postNorm(_ x: UnsafePointer<Float>, weight: ParameterTensor, rstd: UnsafeMutablePointer<Float>?) {
        model.normalize(x, weight: weight, bias: nil, out: projectionOutput.pointer, mean: nil, rstd: rstd, rows: rows)
    }

    /// The MLP's activation of `a`'s gate/up values into `mlpActivation`: SiLU- or GELU-gated, or GELU.
    func activationForward(_ a: BlockActivations) {
        let count = rows * model.config.intermediateSize
        switch (model.config.architecture.mlp, model.config.architecture.activation) {
        case (.plain, .geluTanh):
            GELU.forward(x: a.up.pointer, y: mlpActivation.pointer, count: count)
        case (.gated, .silu), (.fusedGated, .silu):
            SwiGLU.forward(gate: a.gate.pointer, up: a.up.pointer, out: mlpActivation.pointer, count: count)
        case (.gated, .geluTanh), (.fusedGated, .geluTanh):
            GeGLU.forward(gate: a.gate.pointer, up: a.up.pointer, out: mlpActivation.pointer, count: count)
        case (.plain, .silu):
            preconditionFailure("an ungated SiLU MLP is not a registered architecture")
        }
    }

    /// The forward passes of projections that all read `x` (q, k, v; gate, up), writing each one's output; their
    /// LoRA down-projections are computed together (`LoRAInputGroup`).
    func forwardSharingInput(_ x: UnsafePointer<Float>, _ projections: [(Linear, UnsafeMutablePointer<Float>)]) {
        let group = LoRAInputGroup(forwardOf: projections.map(\.0))
        group?.forward(input: x, rows: rows)
        for (projection, y) in projections {
            projection.forward(x, rows: rows, into: y, training: training,
                               loraHiddenAdopted: group?.contains(projection) ?? false)
        }
    }
}

/// A fused projection's output rows are its parts side by side (`[q | k | v]`, `[gate | up]`): these copy the
/// parts out to their own `[rows, width]` buffers, and the parts' gradients back in.
enum FusedColumns {
    static func split(_ fused: UnsafePointer<Float>, rows: Int, widths: [Int], into parts: [UnsafeMutablePointer<Float>]) {
        let total = widths.reduce(0, +)
        ThreadPool.shared.parallelFor(rows, grain: max(1, 16384 / max(total, 1))) { range in
            for r in range {
                var offset = 0
                for (width, part) in zip(widths, parts) {
                    (part + r * width).update(from: fused + r * total + offset, count: width)
                    offset += width
                }
            }
        }
    }

    static func merge(_ parts: [UnsafePointer<Float>], widths: [Int], rows: Int, into fused: UnsafeMutablePointer<Float>) {
        let total = widths.reduce(0, +)
        ThreadPool.shared.parallelFor(rows, grain: max(1, 16384 / max(total, 1))) { range in
            for r in range {
                var offset = 0
                for (width, part) in zip(widths, parts) {
                    (fused + r * total + offset).update(from: part + r * width, count: width)
                    offset += width
                }
            }
        }
    }
}

extension LayerForward {
    /// The same forward without training-time behaviour (LoRA dropout), for a training pass's scoring entry points.
    var inference: LayerForward {
        LayerForward(model: model, batch: batch, tokens: tokens, startPosition: startPosition, attention: attention,
                     fused: fused, projectionOutput: projectionOutput, mlpActivation: mlpActivation, training: false)
    }
}
