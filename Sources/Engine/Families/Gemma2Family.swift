import Foundation

/// Gemma 2 (`Gemma2ForCausalLM`): embeddings × √hidden; RMSNorm that scales by `1 + weight`, before and after
/// both attention and MLP (`input_layernorm`, `post_attention_layernorm` on the attention's output,
/// `pre_feedforward_layernorm`, `post_feedforward_layernorm`); GeGLU (tanh GELU); scores scaled by
/// `query_pre_attn_scalar`^-½ and soft-capped; alternating sliding-window and global layers; a head_dim of its own;
/// final logits soft-capped.
extension ModelFamily {
    public static let gemma2 = ModelFamily(rawValue: "gemma2")
}

extension TensorNames {
    /// Gemma's layer norms around Llama's projection names.
    static let gemma: TensorNames = {
        var names = TensorNames.llama
        names.mlpNorm = "pre_feedforward_layernorm"
        names.attentionOutputNorm = "post_attention_layernorm"
        names.mlpOutputNorm = "post_feedforward_layernorm"
        return names
    }()
}

extension ModelArchitecture {
    /// Gemma 2's block; Gemma 3 adds q/k norms.
    static func gemma(queryKeyNorm: Bool) -> ModelArchitecture {
        var names = TensorNames.gemma
        if queryKeyNorm { (names.queryNorm, names.keyNorm) = ("q_norm", "k_norm") }
        var architecture = ModelArchitecture(norm: .rms, attention: .separate, mlp: .gated, activation: .geluTanh,
                                             positions: .rotary, queryKeyNorm: queryKeyNorm, names: names)
        architecture.normWeightOffset = 1
        architecture.postNorms = true
        architecture.scaledEmbedding = true
        architecture.embeddingPadding = .padToken(default: 0)  // Gemma2Config's and Gemma3TextConfig's pad_token_id
        return architecture
    }
}

extension ModelFamilyDescription {
    static let gemma2 = ModelFamilyDescription(
        family: .gemma2, modelTypes: ["gemma2"], architecture: .gemma(queryKeyNorm: false)
    ) { r, modelType in
        var config = try r.gemmaShape(family: .gemma2, modelType: modelType, maxPositions: 8192)
        let rotary = try r.rotaryEmbedding(default: 10000)
        config.ropeTheta = Float(rotary.theta)
        config.ropeScaling = rotary.scaling
        config.attentionSoftcap = try r.optionalSoftcap("attn_logit_softcapping", default: 50)
        config.logitSoftcap = try r.optionalSoftcap("final_logit_softcapping", default: 30)
        let window = try r.int("sliding_window", default: 4096)
        let kinds = try r.layerTypes(count: config.layerCount) { ($0 + 1) % 2 != 0 ? "sliding_attention" : "full_attention" }
        config.layerAttention = kinds.map { LayerAttention(window: $0 == "sliding_attention" ? window : nil) }
        return config
    }
}

extension ConfigReader {
    /// What Gemma 2 and 3 read alike: sizes, the GELU, biases, the scale from `query_pre_attn_scalar`.
    func gemmaShape(family: ModelFamily, modelType: String, maxPositions: Int) throws -> ModelConfig {
        let hidden = try int("hidden_size"), heads = try int("num_attention_heads")
        let key = object["hidden_activation"] is String ? "hidden_activation" : "hidden_act"
        if let activation = optionalString(key), activation != "gelu_pytorch_tanh", activation != "gelu_new" {
            throw fail(key, "'\(activation)' is not supported; only gelu_pytorch_tanh (GeGLU)")
        }
        try requireZero(["attention_dropout"])
        if bool("use_bidirectional_attention", default: false) {
            throw fail("use_bidirectional_attention", "bidirectional attention is not supported; set it to false")
        }
        let scalar = try double("query_pre_attn_scalar", default: 256)
        guard scalar > 0 else { throw fail("query_pre_attn_scalar", "\(scalar) must be positive") }
        let bias = bool("attention_bias", default: false)
        var config = ModelConfig(
            family: family, modelType: modelType, vocabSize: try int("vocab_size"), hiddenSize: hidden,
            intermediateSize: try int("intermediate_size"), layerCount: try int("num_hidden_layers"),
            headCount: heads, kvHeadCount: try int("num_key_value_heads", default: heads),
            headDim: try int("head_dim", default: 256), maxPositions: try int("max_position_embeddings", default: maxPositions),
            normEpsilon: Float(try double("rms_norm_eps", default: 1e-6)),
            tiedEmbeddings: bool("tie_word_embeddings", default: true),
            attentionBias: bias, attentionOutputBias: bias, mlpBias: false)
        config.attentionScale = Float(pow(scalar, -0.5))
        return config
    }

    /// A soft-cap: its value, nil when the config sets it to null, `fallback` when it is absent.
    func optionalSoftcap(_ key: String, default fallback: Double?) throws -> Float? {
        guard let raw = object[key] else { return fallback.map(Float.init) }
        if raw is NSNull { return nil }
        let value = try double(key, default: 0)
        guard value > 0 else { throw fail(key, "\(value) must be positive, or null for none") }
        return Float(value)
    }
}
