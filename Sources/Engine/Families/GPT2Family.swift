/// GPT-2: learned positions, LayerNorm with bias, fused `c_attn`, GELU-tanh MLP, `Conv1D` weights stored
/// `[in, out]` (PEFT's `fan_in_fan_out`).
extension ModelFamily {
    public static let gpt2 = ModelFamily(rawValue: "gpt2")
}

extension TensorNames {
    static let gpt2 = TensorNames(
        prefix: "transformer.", layers: "h", embedding: "wte", positionEmbedding: "wpe", finalNorm: "ln_f",
        outputProjection: "lm_head", attentionNorm: "ln_1", mlpNorm: "ln_2", attentionModule: "attn", mlpModule: "mlp",
        attentionInputs: ["c_attn"], attentionOutput: "c_proj", mlpInputs: ["c_fc"], mlpOutput: "c_proj")
}

extension ModelFamilyDescription {
    static let gpt2 = ModelFamilyDescription(
        family: .gpt2, modelTypes: ["gpt2"],
        architecture: ModelArchitecture(norm: .layer, attention: .fused, mlp: .plain, activation: .geluTanh,
                                        positions: .learned, weightLayout: .inOut, embeddingPadding: .none,
                                        names: .gpt2)
    ) { r, _ in
        let hidden = try r.int("n_embd")
        let heads = try r.int("n_head")
        if let activation = r.optionalString("activation_function"), activation != "gelu_new", activation != "gelu_pytorch_tanh" {
            throw r.fail("activation_function", "'\(activation)' is not supported; only gelu_new (GELU-tanh)")
        }
        for flag in ["scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn", "add_cross_attention"] where r.bool(flag, default: false) {
            throw r.fail(flag, "is not supported; set it to false")
        }
        if !r.bool("scale_attn_weights", default: true) {
            throw r.fail("scale_attn_weights", "unscaled attention is not supported")
        }
        return ModelConfig(
            family: .gpt2, modelType: "gpt2", vocabSize: try r.int("vocab_size"), hiddenSize: hidden,
            intermediateSize: try r.optionalInt("n_inner") ?? 4 * hidden, layerCount: try r.int("n_layer"),
            headCount: heads, kvHeadCount: heads, maxPositions: try r.int("n_positions", default: 1024),
            normEpsilon: Float(try r.double("layer_norm_epsilon", default: 1e-5)),
            tiedEmbeddings: r.bool("tie_word_embeddings", default: true),
            attentionBias: true, attentionOutputBias: true, mlpBias: true)
    }
}
