/// Llama and the families that share its block: Mistral, Qwen2 (q/k/v bias), SmolLM, TinyLlama. RMSNorm before
/// attention and MLP, separate q/k/v with GQA, RoPE, SwiGLU.
extension ModelFamily {
    public static let llama = ModelFamily(rawValue: "llama")
}

extension ModelFamilyDescription {
    static let llama = ModelFamilyDescription(
        family: .llama, modelTypes: ["llama", "mistral", "qwen2"],
        architecture: ModelArchitecture(norm: .rms, attention: .separate, mlp: .gated, activation: .silu,
                                        positions: .rotary, names: .llama)
    ) { r, modelType in
        let hidden = try r.int("hidden_size"), heads = try r.int("num_attention_heads")
        if let activation = r.optionalString("hidden_act"), activation != "silu" {
            throw r.fail("hidden_act", "'\(activation)' is not supported; only silu (SwiGLU)")
        }
        if try r.double("partial_rotary_factor", default: 1) != 1 {
            throw r.fail("partial_rotary_factor", "partial rotary embeddings are not supported for \(modelType)")
        }
        // Mistral uses its window whenever one is set; Qwen2 only when `use_sliding_window` is true.
        let windowed = modelType == "mistral" || (modelType == "qwen2" && r.bool("use_sliding_window", default: false))
        let attentionBias = modelType == "qwen2" ? true : r.bool("attention_bias", default: false)
        let rotary = try r.rotaryEmbedding(default: 10000)
        var config = ModelConfig(
            family: .llama, modelType: modelType, vocabSize: try r.int("vocab_size"),
            hiddenSize: hidden, intermediateSize: try r.int("intermediate_size"),
            layerCount: try r.int("num_hidden_layers"), headCount: heads,
            kvHeadCount: try r.int("num_key_value_heads", default: heads), headDim: try r.optionalInt("head_dim"),
            maxPositions: try r.int("max_position_embeddings", default: 2048),
            attentionWindow: try r.slidingWindow(used: windowed),
            normEpsilon: Float(try r.double("rms_norm_eps", default: 1e-6)),
            ropeTheta: Float(rotary.theta),
            tiedEmbeddings: r.bool("tie_word_embeddings", default: false),
            attentionBias: attentionBias, attentionOutputBias: modelType == "qwen2" ? false : attentionBias,
            mlpBias: r.bool("mlp_bias", default: false))
        config.ropeScaling = rotary.scaling
        return config
    }
}
