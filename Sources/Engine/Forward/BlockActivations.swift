/// What one layer's forward pass writes: everything its backward pass reads when training, or the working
/// buffers of a scoring or generation step (then `k` and `v` are empty, since the KV cache receives them, and
/// nothing per row is kept for a backward pass).
final class BlockActivations {
    let norm1, mean1, rstd1: FloatBuffer
    /// q after its norm and rotary embedding; k and v, unless a KV cache is the destination.
    let q, k, v: FloatBuffer
    /// q and k as projected, before the per-head norm, and that norm's per-(row, head) reciprocal deviation
    /// (architectures with q/k norms only).
    let qProjected, kProjected, qRstd, kRstd: FloatBuffer
    let attention, mid, norm2, mean2, rstd2: FloatBuffer
    /// The MLP's input projections: gate (gated MLPs) and up.
    let gate, up: FloatBuffer
    /// The attention's and the MLP's output projections before their post-norms, and those norms' reciprocal
    /// deviations (architectures with post-norms only).
    let attentionOutput, attentionOutputRstd, mlpOutput, mlpOutputRstd: FloatBuffer
    var probs: FloatBuffer
    /// `tanh(score / cap)` of a soft-capped attention, beside `probs` (sized by the pass, like it).
    var scoresTanh: FloatBuffer

    /// `saving`: keep what the backward pass reads (norm statistics); `keyValues`: own k and v buffers (no cache).
    init(config c: ModelConfig, rows n: Int, saving: Bool = true, keyValues: Bool = true, probs: Int = 0) {
        let sizes = Self.floatCounts(config: c, rows: n, saving: saving, keyValues: keyValues)
        func buffer(_ name: String) -> FloatBuffer { FloatBuffer(count: sizes[name] ?? 0) }
        norm1 = buffer("norm1"); mean1 = buffer("mean1"); rstd1 = buffer("rstd1")
        q = buffer("q"); k = buffer("k"); v = buffer("v")
        qProjected = buffer("qProjected"); kProjected = buffer("kProjected")
        qRstd = buffer("qRstd"); kRstd = buffer("kRstd")
        attention = buffer("attention"); mid = buffer("mid")
        norm2 = buffer("norm2"); mean2 = buffer("mean2"); rstd2 = buffer("rstd2")
        gate = buffer("gate"); up = buffer("up")
        attentionOutput = buffer("attentionOutput"); attentionOutputRstd = buffer("attentionOutputRstd")
        mlpOutput = buffer("mlpOutput"); mlpOutputRstd = buffer("mlpOutputRstd")
        self.probs = FloatBuffer(count: probs)
        scoresTanh = FloatBuffer(count: c.attentionSoftcap == nil ? 0 : probs)
    }

    /// The floats of each buffer: one table that the allocation above and the run's memory estimate both read.
    static func floatCounts(config c: ModelConfig, rows n: Int, saving: Bool = true, keyValues: Bool = true) -> [String: Int] {
        let h = c.hiddenSize, qd = c.queryDim, kvd = c.keyValueDim, i = c.intermediateSize
        let qkNorm = c.architecture.queryKeyNorm, post = c.architecture.postNorms
        let layerNorm = c.architecture.norm == .layer && saving, stats = saving ? n : 0
        return [
            "norm1": n * h, "mean1": layerNorm ? n : 0, "rstd1": stats,
            "q": n * qd, "k": keyValues ? n * kvd : 0, "v": keyValues ? n * kvd : 0,
            "qProjected": qkNorm ? n * qd : 0, "kProjected": qkNorm ? n * kvd : 0,
            "qRstd": qkNorm ? stats * c.headCount : 0, "kRstd": qkNorm ? stats * c.kvHeadCount : 0,
            "attention": n * qd, "mid": n * h, "norm2": n * h, "mean2": layerNorm ? n : 0, "rstd2": stats,
            "gate": c.architecture.mlp == .plain ? 0 : n * i, "up": n * i,
            "attentionOutput": post ? n * h : 0, "attentionOutputRstd": post ? stats : 0,
            "mlpOutput": post ? n * h : 0, "mlpOutputRstd": post ? stats : 0,
        ]
    }
}
