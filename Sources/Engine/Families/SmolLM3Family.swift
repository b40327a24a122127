import Foundation

/// SmolLM3 (`SmolLM3ForCausalLM`): Llama's block, with some layers using no positions at all (NoPE): those
/// `no_rope_layers` marks 0 (its 1 means "uses RoPE"), or by default every `no_rope_layer_interval`-th layer.
/// Sliding-window attention, where `use_sliding_window` is set, applies to the layers `layer_types` calls sliding.
extension ModelFamily {
    public static let smolLM3 = ModelFamily(rawValue: "smollm3")
}

extension ModelFamilyDescription {
    static let smolLM3 = ModelFamilyDescription(
        family: .smolLM3, modelTypes: ["smollm3"],
        architecture: ModelArchitecture(norm: .rms, attention: .separate, mlp: .gated, activation: .silu,
                                        positions: .rotary, embeddingPadding: .padToken(default: 128004),
                                        names: .llama)
    ) { r, modelType in
        let hidden = try r.int("hidden_size"), heads = try r.int("num_attention_heads")
        let layers = try r.int("num_hidden_layers")
        if let activation = r.optionalString("hidden_act"), activation != "silu" {
            throw r.fail("hidden_act", "'\(activation)' is not supported; only silu (SwiGLU)")
        }
        try r.requireZero(["attention_dropout"])
        let usesRope: [Bool]
        if let raw = r.object["no_rope_layers"], !(raw is NSNull) {
            guard let flags = raw as? [NSNumber], flags.count == layers else {
                throw r.fail("no_rope_layers", "must list 0 or 1 for each of the \(layers) layers")
            }
            usesRope = flags.map { $0.intValue != 0 }
        } else {
            let interval = try r.int("no_rope_layer_interval", default: 4)
            guard interval > 0 else { throw r.fail("no_rope_layer_interval", "\(interval) must be positive") }
            usesRope = (0..<layers).map { ($0 + 1) % interval != 0 }
        }
        let sliding = r.bool("use_sliding_window", default: false)
        let window = try r.slidingWindow(used: sliding)
        let kinds = try r.layerTypes(count: layers) { sliding && window != nil && !usesRope[$0] ? "sliding_attention" : "full_attention" }
        let bias = r.bool("attention_bias", default: false)
        let rotary = try r.rotaryEmbedding(default: 2_000_000)
        var config = ModelConfig(
            family: .smolLM3, modelType: modelType, vocabSize: try r.int("vocab_size"),
            hiddenSize: hidden, intermediateSize: try r.int("intermediate_size"), layerCount: layers,
            headCount: heads, kvHeadCount: try r.int("num_key_value_heads", default: heads),
            headDim: try r.optionalInt("head_dim"), maxPositions: try r.int("max_position_embeddings", default: 32768),
            normEpsilon: Float(try r.double("rms_norm_eps", default: 1e-6)), ropeTheta: Float(rotary.theta),
            tiedEmbeddings: r.bool("tie_word_embeddings", default: true),
            attentionBias: bias, attentionOutputBias: bias, mlpBias: r.bool("mlp_bias", default: false))
        config.ropeScaling = rotary.scaling
        config.layerAttention = (0..<layers).map {
            LayerAttention(window: sliding && kinds[$0] == "sliding_attention" ? window : nil,
                           rotary: usesRope[$0] ? .global : .none)
        }
        return config
    }
}
