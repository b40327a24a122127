import Foundation
import Testing
@testable import Engine
import Kernels

/// `pad_token_id` as the embedding's `padding_idx`, read as transformers reads it: an explicit value or null wins,
/// an absent key takes the config class's default, GPT-2 has none. (The gradient itself is checked against
/// transformers by the `llama_pad_untied` reference fixture.)
@Suite struct PaddingIndexTests {
    private func config(_ fields: [String: Any]) throws -> ModelConfig {
        var object: [String: Any] = ["vocab_size": 96, "hidden_size": 32, "intermediate_size": 64,
                                     "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                                     "max_position_embeddings": 64, "rms_norm_eps": 1e-5]
        for (key, value) in fields { object[key] = value }
        return try ModelConfig(json: JSONSerialization.data(withJSONObject: object))
    }

    @Test func eachFamilyTakesItsConfigClassDefault() throws {
        #expect(try config(["model_type": "llama"]).paddingIndex == nil)
        #expect(try config(["model_type": "qwen2"]).paddingIndex == nil)
        #expect(try config(["model_type": "gemma2", "head_dim": 8]).paddingIndex == 0)
        #expect(try config(["model_type": "gemma3_text", "head_dim": 8]).paddingIndex == 0)
        // Phi3Config's default (32000) is outside a 96-token vocabulary: no padding index, as no HF model would load.
        #expect(try config(["model_type": "phi3"]).paddingIndex == nil)
        #expect(try config(["model_type": "phi3", "vocab_size": 32064]).paddingIndex == 32000)
        let gpt2 = try ModelConfig(json: JSONSerialization.data(withJSONObject: [
            "model_type": "gpt2", "vocab_size": 96, "n_embd": 32, "n_layer": 2, "n_head": 4, "n_positions": 64,
            "pad_token_id": 5]))
        #expect(gpt2.paddingIndex == nil)
    }

    @Test func anExplicitValueOrNullWins() throws {
        #expect(try config(["model_type": "llama", "pad_token_id": 7]).paddingIndex == 7)
        #expect(try config(["model_type": "gemma2", "head_dim": 8, "pad_token_id": NSNull()]).paddingIndex == nil)
        #expect(try config(["model_type": "llama", "pad_token_id": -1]).paddingIndex == 95)
    }

    @Test func aPadTokenOutsideTheVocabularyIsRefusedByName() {
        for bad: Any in [96, -97, 1.5, "3"] {
            #expect {
                try config(["model_type": "llama", "pad_token_id": bad])
            } throws: { error in
                (error as? ModelConfigError)?.field == "pad_token_id"
            }
        }
    }

    @Test func theEmbeddingGradientSkipsThePaddingRow() {
        let dim = 3, tokens: [Int32] = [2, 5, 2, 1]
        let dout = (0..<tokens.count * dim).map { Float($0 + 1) }
        var table = [Float](repeating: 0, count: 6 * dim)
        Embedding.scatterAdd(dout: dout, dim: dim, tokens: tokens, count: tokens.count, dtable: &table, skipping: 2)
        #expect(Array(table[2 * dim..<3 * dim]) == [0, 0, 0])
        #expect(Array(table[5 * dim..<6 * dim]) == [4, 5, 6])
        #expect(Array(table[1 * dim..<2 * dim]) == [10, 11, 12])
    }
}
