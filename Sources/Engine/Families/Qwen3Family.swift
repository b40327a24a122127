/// Qwen3 (`Qwen3ForCausalLM`): Llama's block with a per-head RMSNorm on q and on k (`q_norm`, `k_norm`, weights of
/// head_dim) before the rotary embedding, and a head_dim that need not be hidden / heads.
extension ModelFamily {
    public static let qwen3 = ModelFamily(rawValue: "qwen3")
}

extension ModelFamilyDescription {
    static let qwen3 = ModelFamilyDescription(
        family: .qwen3, modelTypes: ["qwen3"],
        architecture: ModelArchitecture(
            norm: .rms, attention: .separate, mlp: .gated, activation: .silu, positions: .rotary, queryKeyNorm: true,
            names: {
                var names = TensorNames.llama
                names.queryNorm = "q_norm"
                names.keyNorm = "k_norm"
                return names
            }())
    ) { r, modelType in
        let hidden = try r.int("hidden_size"), heads = try r.int("num_attention_heads")
        if let activation = r.optionalString("hidden_act"), activation != "silu" {
            throw r.fail("hidden_act", "'\(activation)' is not supported; only silu (SwiGLU)")
        }
        try r.requireZero(["attention_dropout"])
        // Qwen3 windows only the layers from `max_window_layers` on, and only with `use_sliding_window`.
        if r.bool("use_sliding_window", default: false) {
            throw r.fail("use_sliding_window", "per-layer sliding-window attention is not supported; set it to false")
        }
        if let kinds = r.object["layer_types"] as? [String], let other = kinds.first(where: { $0 != "full_attention" }) {
            throw r.fail("layer_types", "'\(other)' layers are not supported; only full_attention")
        }
        let bias = r.bool("attention_bias", default: false)
        let rotary = try r.rotaryEmbedding(default: 10000)
        var config = ModelConfig(
            family: .qwen3, modelType: modelType, vocabSize: try r.int("vocab_size"),
            hiddenSize: hidden, intermediateSize: try r.int("intermediate_size"),
            layerCount: try r.int("num_hidden_layers"), headCount: heads,
            kvHeadCount: try r.int("num_key_value_heads", default: heads), headDim: try r.int("head_dim", default: 128),
            maxPositions: try r.int("max_position_embeddings", default: 32768),
            normEpsilon: Float(try r.double("rms_norm_eps", default: 1e-6)),
            ropeTheta: Float(rotary.theta),
            tiedEmbeddings: r.bool("tie_word_embeddings", default: false),
            attentionBias: bias, attentionOutputBias: bias, mlpBias: false)
        config.ropeScaling = rotary.scaling
        return config
    }
}
