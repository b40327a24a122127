import Foundation
import Testing
@testable import Engine

/// What the SmolLM3, Gemma 2 and Gemma 3 families read from a config, in the spellings the released checkpoints
/// use (older `rope_theta` / `rope_scaling` / `rope_local_base_freq`) and transformers 5's, and what they refuse.
@Suite struct NewFamilyConfigTests {
    private func parse(_ json: String) throws -> ModelConfig { try ModelConfig(json: Data(json.utf8)) }

    private func expectRefused(_ json: String, field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try parse(json)
            Issue.record("accepted \(json)", sourceLocation: sourceLocation)
        } catch let error as ModelConfigError {
            #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    private let shape = #""vocab_size":100,"hidden_size":64,"intermediate_size":96,"num_attention_heads":4,"num_key_value_heads":2"#

    @Test func smolLM3SkipsRopeWhereItsConfigSays() throws {
        // The released SmolLM3-3B spelling: an explicit list, 1 = uses RoPE.
        let listed = try parse(#"{"model_type":"smollm3",\#(shape),"num_hidden_layers":4,"no_rope_layers":[1,1,1,0],"rope_theta":5000000.0}"#)
        #expect(listed.family == .smolLM3)
        #expect((0..<4).map { listed.attention(ofLayer: $0).rotary } == [.global, .global, .global, .none])
        #expect(listed.ropeTheta == 5_000_000)
        #expect(listed.tiedEmbeddings)
        // Without the list: every no_rope_layer_interval-th layer (default 4).
        let interval = try parse(#"{"model_type":"smollm3",\#(shape),"num_hidden_layers":6,"no_rope_layer_interval":3}"#)
        #expect((0..<6).map { interval.attention(ofLayer: $0).rotary } == [.global, .global, .none, .global, .global, .none])
        // Sliding windows on the NoPE layers when use_sliding_window is set.
        let windowed = try parse(#"{"model_type":"smollm3",\#(shape),"num_hidden_layers":4,"use_sliding_window":true,"sliding_window":16}"#)
        #expect((0..<4).map { windowed.attention(ofLayer: $0).window } == [nil, nil, nil, 16])
        expectRefused(#"{"model_type":"smollm3",\#(shape),"num_hidden_layers":4,"no_rope_layers":[1,0]}"#, field: "no_rope_layers")
    }

    @Test func gemma2DefaultsAndItsPublishedSpelling() throws {
        // As google/gemma-2-2b's config.json spells it (no layer_types: sliding on even layers).
        let c = try parse(#"{"model_type":"gemma2",\#(shape),"num_hidden_layers":4,"head_dim":24,"hidden_act":"gelu_pytorch_tanh","hidden_activation":"gelu_pytorch_tanh","query_pre_attn_scalar":144,"rope_theta":10000.0,"sliding_window":4096,"cache_implementation":"hybrid"}"#)
        #expect(c.family == .gemma2)
        #expect(c.headDim == 24 && c.queryDim == 96)
        #expect(c.attentionScale == Float(1.0 / 12.0))
        #expect(c.attentionSoftcap == 50 && c.logitSoftcap == 30)
        #expect((0..<4).map { c.attention(ofLayer: $0).window } == [4096, nil, 4096, nil])
        #expect(c.maxPositions == 8192)
        #expect(c.tiedEmbeddings)
        #expect(c.layerNorms.map(\.module) == ["input_layernorm", "pre_feedforward_layernorm", "post_attention_layernorm", "post_feedforward_layernorm"])
        #expect(c.architecture.normWeightOffset == 1 && c.architecture.scaledEmbedding && c.architecture.activation == .geluTanh)
        // null soft-caps are off.
        let uncapped = try parse(#"{"model_type":"gemma2",\#(shape),"num_hidden_layers":2,"attn_logit_softcapping":null,"final_logit_softcapping":null}"#)
        #expect(uncapped.attentionSoftcap == nil && uncapped.logitSoftcap == nil)
        expectRefused(#"{"model_type":"gemma2",\#(shape),"num_hidden_layers":2,"hidden_activation":"gelu"}"#, field: "hidden_activation")
        expectRefused(#"{"model_type":"gemma2",\#(shape),"num_hidden_layers":2,"layer_types":["sliding_attention","chunked_attention"]}"#, field: "layer_types")
        expectRefused(#"{"model_type":"gemma2",\#(shape),"num_hidden_layers":2,"final_logit_softcapping":-1}"#, field: "final_logit_softcapping")
        expectRefused(#"{"model_type":"gemma2",\#(shape),"num_hidden_layers":2,"use_bidirectional_attention":true}"#, field: "use_bidirectional_attention")
    }

    @Test func gemma3LocalAndGlobalRopeInBothSpellings() throws {
        // The older spelling (google/gemma-3-1b-pt): rope_theta global, rope_local_base_freq local, rope_scaling on
        // the global layers only, five local layers to one global.
        let old = try parse(#"{"model_type":"gemma3_text",\#(shape),"num_hidden_layers":7,"head_dim":32,"query_pre_attn_scalar":256,"rope_theta":1000000.0,"rope_local_base_freq":10000.0,"rope_scaling":{"rope_type":"linear","factor":8.0},"sliding_window":512,"sliding_window_pattern":6}"#)
        #expect(old.family == .gemma3)
        #expect(old.architecture.queryKeyNorm)
        #expect(old.attentionSoftcap == nil && old.logitSoftcap == nil)
        #expect(old.ropeTheta == 1_000_000 && old.ropeScaling == .linear(factor: 8))
        #expect(old.localRotary == RotaryEmbedding(theta: 10000))
        #expect((0..<7).map { old.attention(ofLayer: $0) } == [
            .init(window: 512, rotary: .local), .init(window: 512, rotary: .local), .init(window: 512, rotary: .local),
            .init(window: 512, rotary: .local), .init(window: 512, rotary: .local), .init(rotary: .global),
            .init(window: 512, rotary: .local)])
        // transformers 5: rope_parameters per layer type, layer_types listed.
        let new = try parse(#"{"model_type":"gemma3_text",\#(shape),"num_hidden_layers":3,"head_dim":32,"layer_types":["sliding_attention","full_attention","sliding_attention"],"sliding_window":4,"rope_parameters":{"sliding_attention":{"rope_type":"default","rope_theta":20000.0},"full_attention":{"rope_type":"linear","factor":4.0,"rope_theta":500000.0}}}"#)
        #expect(new.ropeTheta == 500_000 && new.ropeScaling == .linear(factor: 4))
        #expect(new.localRotary == RotaryEmbedding(theta: 20000))
        #expect((0..<3).map { new.attention(ofLayer: $0).window } == [4, nil, 4])
        let model = TransformerModel(config: new)
        #expect(model.rotaryTable(forLayer: 0)?.cos == model.localRope?.cos)
        #expect(model.rotaryTable(forLayer: 1)?.cos == model.rope?.cos)
        #expect(model.localRope?.cos != model.rope?.cos)
        expectRefused(#"{"model_type":"gemma3_text",\#(shape),"num_hidden_layers":2,"rope_parameters":{"sliding_attention":{"rope_type":"longrope"},"full_attention":{"rope_type":"default"}}}"#, field: "rope_parameters.sliding_attention")
    }

    @Test func llama32ReadsLlama3ScalingAndTying() throws {
        // meta-llama/Llama-3.2-1B's rope_scaling (older spelling) with tied embeddings.
        let c = try parse(#"{"model_type":"llama",\#(shape),"num_hidden_layers":2,"max_position_embeddings":131072,"rope_theta":500000.0,"rope_scaling":{"factor":32.0,"high_freq_factor":4.0,"low_freq_factor":1.0,"original_max_position_embeddings":8192,"rope_type":"llama3"},"tie_word_embeddings":true}"#)
        #expect(c.ropeScaling == .llama3(factor: 32, lowFrequencyFactor: 1, highFrequencyFactor: 4, originalMaxPositions: 8192))
        #expect(c.tiedEmbeddings)
    }
}
