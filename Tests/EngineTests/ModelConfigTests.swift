import Foundation
import Testing
@testable import Engine

@Suite struct ModelConfigTests {
    private func parse(_ json: String) throws -> ModelConfig { try ModelConfig(json: Data(json.utf8)) }

    private func expectRefused(_ json: String, field: String) {
        do {
            _ = try parse(json)
            Issue.record("accepted \(json)")
        } catch let error as ModelConfigError {
            #expect(error.field == field, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    private let llama = #""model_type":"llama","vocab_size":100,"hidden_size":64,"intermediate_size":128,"num_hidden_layers":2,"num_attention_heads":4"#

    @Test func readsLlamaWithDefaults() throws {
        let c = try parse("{\(llama)}")
        #expect(c.family == .llama)
        #expect(c.kvHeadCount == 4)
        #expect(c.headDim == 16)
        #expect(c.ropeTheta == 10000)
        #expect(!c.tiedEmbeddings)
        #expect(!c.attentionBias)
    }

    @Test func readsGQARopeThetaAndTying() throws {
        let c = try parse(#"{\#(llama),"num_key_value_heads":2,"rope_theta":500000,"tie_word_embeddings":true,"rms_norm_eps":1e-6}"#)
        #expect(c.kvHeadCount == 2)
        #expect(c.ropeTheta == 500000)
        #expect(c.tiedEmbeddings)
        #expect(c.normEpsilon == 1e-6)
        #expect(try parse(#"{\#(llama),"eos_token_id":[2,7]}"#).endOfSequenceIds == [2, 7])
    }

    @Test func readsTransformers5RopeParameters() throws {
        let c = try parse(#"{\#(llama),"rope_parameters":{"rope_theta":100000.0,"rope_type":"default"}}"#)
        #expect(c.ropeTheta == 100000)
    }

    @Test func qwen2HasQKVBias() throws {
        let c = try parse(#"{"model_type":"qwen2","vocab_size":100,"hidden_size":64,"intermediate_size":128,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"sliding_window":32,"use_sliding_window":false}"#)
        #expect(c.attentionBias)
    }

    @Test func readsGPT2() throws {
        let c = try parse(#"{"model_type":"gpt2","vocab_size":100,"n_embd":64,"n_layer":2,"n_head":4,"n_positions":128}"#)
        #expect(c.family == .gpt2)
        #expect(c.intermediateSize == 256)
        #expect(c.tiedEmbeddings)
        #expect(c.maxPositions == 128)
    }

    @Test func refusesWhatIsNotImplemented() {
        expectRefused(#"{"model_type":"falcon"}"#, field: "model_type")
        expectRefused(#"{\#(llama),"rope_scaling":{"type":"longrope","factor":2}}"#, field: "rope_scaling")
        expectRefused(#"{\#(llama),"rope_scaling":{"rope_type":"llama3","factor":8}}"#, field: "rope_scaling")
        expectRefused(#"{\#(llama),"rope_parameters":{"rope_type":"linear","factor":0.5}}"#, field: "rope_parameters")
        expectRefused(#"{\#(llama),"hidden_act":"gelu"}"#, field: "hidden_act")
        expectRefused(#"{\#(llama),"num_key_value_heads":3}"#, field: "num_key_value_heads")
        expectRefused(#"{\#(llama),"hidden_size":-1}"#, field: "hidden_size")
        expectRefused(#"{"model_type":"llama","vocab_size":100}"#, field: "hidden_size")
        expectRefused(#"{"model_type":"gpt2","vocab_size":100,"n_embd":64,"n_layer":2,"n_head":4,"scale_attn_by_inverse_layer_idx":true}"#, field: "scale_attn_by_inverse_layer_idx")
    }

    @Test func aSlidingWindowBecomesTheUsableContext() throws {
        // Windowed attention equals full causal attention on sequences up to the window, so the window caps the
        // positions the engine accepts instead of the model being refused.
        let c = try parse(#"{"model_type":"mistral","vocab_size":100,"hidden_size":64,"intermediate_size":128,"num_hidden_layers":2,"num_attention_heads":4,"max_position_embeddings":32768,"sliding_window":4096}"#)
        #expect(c.maxPositions == 4096)
        #expect(c.attentionWindow == 4096)
    }

    @Test func readsPhi3FusedProjectionsAndPartialRotary() throws {
        let c = try parse(#"{"model_type":"phi3","vocab_size":100,"hidden_size":64,"intermediate_size":96,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"max_position_embeddings":4096,"sliding_window":2047,"rope_parameters":{"rope_type":"default","rope_theta":10000.0,"partial_rotary_factor":0.75}}"#)
        #expect(c.family == .phi3)
        #expect(c.rotaryDim == 12)
        #expect(c.maxPositions == 2047)
        #expect(c.layerProjections.map(\.name) == ["qkv_proj", "o_proj", "gate_up_proj", "down_proj"])
        #expect(c.layerProjections[0].outputSplit == [64, 32, 32])
        #expect(c.layerProjections[2].outputSplit == [96, 96])
        expectRefused(#"{"model_type":"phi3","vocab_size":100,"hidden_size":64,"intermediate_size":96,"num_hidden_layers":2,"num_attention_heads":4,"rope_scaling":{"type":"longrope","short_factor":[1],"long_factor":[1]}}"#, field: "rope_scaling")
        expectRefused(#"{"model_type":"phi3","vocab_size":100,"hidden_size":64,"intermediate_size":96,"num_hidden_layers":2,"num_attention_heads":4,"resid_pdrop":0.1}"#, field: "resid_pdrop")
    }

    @Test func readsQwen3HeadDimAndQueryKeyNorms() throws {
        let c = try parse(#"{"model_type":"qwen3","vocab_size":100,"hidden_size":64,"intermediate_size":96,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":24,"max_position_embeddings":512}"#)
        #expect(c.family == .qwen3)
        #expect(c.headDim == 24 && c.queryDim == 96)
        #expect(c.layerNorms.map(\.module) == ["input_layernorm", "post_attention_layernorm", "self_attn.q_norm", "self_attn.k_norm"])
        expectRefused(#"{"model_type":"qwen3","vocab_size":100,"hidden_size":64,"intermediate_size":96,"num_hidden_layers":2,"num_attention_heads":4,"use_sliding_window":true,"sliding_window":64}"#, field: "use_sliding_window")
    }

    @Test func parameterCountFollowsTheDescription() throws {
        // Llama with attention_bias has biases on q, k, v and o, as transformers' LlamaAttention builds them.
        let c = try parse(#"{\#(llama),"attention_bias":true}"#)
        let h = 64, perLayer = 4 * (h * h + h) + 3 * h * 128 + 2 * h
        #expect(c.parameterCount == 2 * perLayer + 100 * h + h + 100 * h)
    }

    @Test func acceptsMistralWithoutWindow() throws {
        let c = try parse(#"{"model_type":"mistral","vocab_size":100,"hidden_size":64,"intermediate_size":128,"num_hidden_layers":2,"num_attention_heads":4,"sliding_window":null}"#)
        #expect(c.modelType == "mistral")
    }

    @Test func smolLM2ShapeHas135MParameters() {
        let count = ModelConfig.smolLM2_135M.parameterCount
        #expect(count > 134_000_000 && count < 136_000_000, "\(count)")
    }
}
