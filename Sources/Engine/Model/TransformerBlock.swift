/// The weights of one transformer layer, for both families.
///
/// Llama: RMSNorm → q,k,v (RoPE) → attention → o → residual; RMSNorm → gate, up → SwiGLU → down → residual.
/// GPT-2: LayerNorm → c_attn (fused q,k,v) → attention → c_proj → residual; LayerNorm → c_fc → GELU → c_proj.
public final class TransformerBlock: @unchecked Sendable {
    public let attentionNorm: ParameterTensor
    public let attentionNormBias: ParameterTensor?
    public let mlpNorm: ParameterTensor
    public let mlpNormBias: ParameterTensor?
    /// Llama's separate projections, or nil for GPT-2.
    public let q: Linear?, k: Linear?, v: Linear?
    /// GPT-2's fused `c_attn`, or nil for Llama.
    public let qkv: Linear?
    public let o: Linear
    /// Llama's gate projection, or nil for GPT-2.
    public let gate: Linear?
    /// `up_proj` (Llama) or `mlp.c_fc` (GPT-2).
    public let up: Linear
    /// `down_proj` (Llama) or `mlp.c_proj` (GPT-2).
    public let down: Linear

    init(config c: ModelConfig, index: Int, prefix: String) {
        let h = c.hiddenSize, qd = c.headCount * c.headDim, kvd = c.kvHeadCount * c.headDim
        switch c.family {
        case .llama:
            let p = "\(prefix)layers.\(index)."
            attentionNorm = ParameterTensor(name: p + "input_layernorm.weight", shape: [h])
            mlpNorm = ParameterTensor(name: p + "post_attention_layernorm.weight", shape: [h])
            attentionNormBias = nil
            mlpNormBias = nil
            q = Linear(path: p + "self_attn.q_proj", inFeatures: h, outFeatures: qd, bias: c.attentionBias)
            k = Linear(path: p + "self_attn.k_proj", inFeatures: h, outFeatures: kvd, bias: c.attentionBias)
            v = Linear(path: p + "self_attn.v_proj", inFeatures: h, outFeatures: kvd, bias: c.attentionBias)
            qkv = nil
            o = Linear(path: p + "self_attn.o_proj", inFeatures: qd, outFeatures: h, bias: false)
            gate = Linear(path: p + "mlp.gate_proj", inFeatures: h, outFeatures: c.intermediateSize, bias: c.mlpBias)
            up = Linear(path: p + "mlp.up_proj", inFeatures: h, outFeatures: c.intermediateSize, bias: c.mlpBias)
            down = Linear(path: p + "mlp.down_proj", inFeatures: c.intermediateSize, outFeatures: h, bias: c.mlpBias)
        case .gpt2:
            let p = "\(prefix)h.\(index)."
            attentionNorm = ParameterTensor(name: p + "ln_1.weight", shape: [h])
            attentionNormBias = ParameterTensor(name: p + "ln_1.bias", shape: [h])
            mlpNorm = ParameterTensor(name: p + "ln_2.weight", shape: [h])
            mlpNormBias = ParameterTensor(name: p + "ln_2.bias", shape: [h])
            q = nil; k = nil; v = nil
            qkv = Linear(path: p + "attn.c_attn", inFeatures: h, outFeatures: 3 * h, layout: .inOut, bias: true)
            o = Linear(path: p + "attn.c_proj", inFeatures: h, outFeatures: h, layout: .inOut, bias: true)
            gate = nil
            up = Linear(path: p + "mlp.c_fc", inFeatures: h, outFeatures: c.intermediateSize, layout: .inOut, bias: true)
            down = Linear(path: p + "mlp.c_proj", inFeatures: c.intermediateSize, outFeatures: h, layout: .inOut, bias: true)
        }
    }

    /// Every projection with the short module name PEFT matches `target_modules` against.
    public var projections: [(name: String, linear: Linear)] {
        var out: [(String, Linear)] = []
        if let q, let k, let v { out += [("q_proj", q), ("k_proj", k), ("v_proj", v), ("o_proj", o)] }
        if let qkv { out += [("c_attn", qkv), ("c_proj", o)] }
        if let gate { out += [("gate_proj", gate), ("up_proj", up), ("down_proj", down)] } else { out += [("c_fc", up), ("c_proj", down)] }
        return out
    }

    /// The base weights of the layer (norms and projections), not the LoRA weights.
    public var baseParameters: [ParameterTensor] {
        var out = [attentionNorm]
        if let attentionNormBias { out.append(attentionNormBias) }
        out.append(mlpNorm)
        if let mlpNormBias { out.append(mlpNormBias) }
        for (_, linear) in projections { out += linear.baseParameters }
        return out
    }
}
