/// Phi-3 (`Phi3ForCausalLM`, also Phi-3.5 and Phi-4-mini): Llama's block with one fused `qkv_proj` (GQA sizes,
/// rows `[q | k | v]`), one fused `gate_up_proj` (rows `[gate | up]`), no biases, and rotary embeddings on the
/// first `partial_rotary_factor × head_dim` dimensions of each head. LoRA targets use these fused names, as PEFT's.
extension ModelFamily {
    public static let phi3 = ModelFamily(rawValue: "phi3")
}

extension ModelFamilyDescription {
    static let phi3 = ModelFamilyDescription(
        family: .phi3, modelTypes: ["phi3"],
        architecture: ModelArchitecture(
            norm: .rms, attention: .fused, mlp: .fusedGated, activation: .silu, positions: .rotary,
            embeddingPadding: .padToken(default: 32000),  // Phi3Config's pad_token_id
            names: {
                var names = TensorNames.llama
                names.attentionInputs = ["qkv_proj"]
                names.mlpInputs = ["gate_up_proj"]
                return names
            }())
    ) { r, modelType in
        let hidden = try r.int("hidden_size"), heads = try r.int("num_attention_heads")
        if let activation = r.optionalString("hidden_act"), activation != "silu" {
            throw r.fail("hidden_act", "'\(activation)' is not supported; only silu (SwiGLU)")
        }
        try r.requireZero(["resid_pdrop", "embd_pdrop", "attention_dropout"])
        let headDim = try r.optionalInt("head_dim") ?? hidden / max(heads, 1)
        // transformers 5 also writes the factor inside `rope_parameters`.
        let nested = (r.object["rope_parameters"] as? [String: Any])?["partial_rotary_factor"] as? Double
        let factor = try nested ?? r.double("partial_rotary_factor", default: 1)
        guard factor > 0, factor <= 1 else { throw r.fail("partial_rotary_factor", "\(factor) is not in (0, 1]") }
        let rotary = try r.rotaryEmbedding(default: 10000)
        var config = ModelConfig(
            family: .phi3, modelType: modelType, vocabSize: try r.int("vocab_size"), hiddenSize: hidden,
            intermediateSize: try r.int("intermediate_size"), layerCount: try r.int("num_hidden_layers"),
            headCount: heads, kvHeadCount: try r.int("num_key_value_heads", default: heads), headDim: headDim,
            rotaryDim: Int(Double(headDim) * factor),
            maxPositions: try r.int("max_position_embeddings", default: 4096),
            attentionWindow: try r.slidingWindow(used: true),
            normEpsilon: Float(try r.double("rms_norm_eps", default: 1e-5)),
            ropeTheta: Float(rotary.theta),
            tiedEmbeddings: r.bool("tie_word_embeddings", default: false))
        config.ropeScaling = rotary.scaling
        return config
    }
}
