/// Gemma 3, text only (`Gemma3ForCausalLM`, model_type `gemma3_text`: the 270M and 1B checkpoints): Gemma 2's block
/// with per-head q/k RMSNorms (`1 + weight`) instead of attention soft-capping, five sliding-window layers to one
/// global by default (`layer_types`, or `sliding_window_pattern`), and separate RoPE for the two kinds: the local
/// layers' base `rope_local_base_freq` (10,000), the global layers' `rope_theta` (1,000,000) with `rope_scaling`,
/// or transformers 5's `rope_parameters.sliding_attention` / `.full_attention`.
extension ModelFamily {
    public static let gemma3 = ModelFamily(rawValue: "gemma3_text")
}

extension ModelFamilyDescription {
    static let gemma3 = ModelFamilyDescription(
        family: .gemma3, modelTypes: ["gemma3_text"], architecture: .gemma(queryKeyNorm: true)
    ) { r, modelType in
        var config = try r.gemmaShape(family: .gemma3, modelType: modelType, maxPositions: 131_072)
        // transformers' Gemma 3 attention does not pass `attn_logit_softcapping` on, so neither does Loom.
        config.logitSoftcap = try r.optionalSoftcap("final_logit_softcapping", default: nil)
        let global = try r.rotaryEmbedding(default: 1_000_000, nested: "full_attention")
        let local = try r.rotaryEmbedding(default: 10000, thetaKey: "rope_local_base_freq", nested: "sliding_attention",
                                          legacyScaling: false)
        config.ropeTheta = Float(global.theta)
        config.ropeScaling = global.scaling
        config.localRotary = local
        let window = try r.int("sliding_window", default: 4096)
        let pattern = try r.optionalInt("sliding_window_pattern") ?? r.int("_sliding_window_pattern", default: 6)
        guard pattern > 0 else { throw r.fail("sliding_window_pattern", "\(pattern) must be positive") }
        let kinds = try r.layerTypes(count: config.layerCount) { ($0 + 1) % pattern != 0 ? "sliding_attention" : "full_attention" }
        config.layerAttention = kinds.map {
            $0 == "sliding_attention" ? LayerAttention(window: window, rotary: .local) : LayerAttention(rotary: .global)
        }
        return config
    }
}
