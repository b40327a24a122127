import Foundation
import Testing
@testable import Engine
import Kernels

/// Rope scaling against transformers' `ROPE_INIT_FUNCTIONS`, on the configs of Fixtures/rope_scaling.json (written
/// by Scripts/engine/make_fixtures.py): each type in both spellings (`rope_parameters`, `rope_scaling`) gives the
/// inverse frequencies and attention factor that transformers computes.
@Suite struct RopeScalingTests {
    struct Case {
        let name: String
        let config: Data
        let inverseFrequencies: [Float]
        let attentionFactor: Float
    }

    static func cases() throws -> [Case] {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw TokenBatchError(reason: "Fixtures folder missing from the test bundle")
        }
        let url = root.appendingPathComponent("rope_scaling.json")
        let list = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]] ?? []
        return try list.map {
            Case(name: $0["name"] as? String ?? "?",
                 config: try JSONSerialization.data(withJSONObject: $0["config"] ?? [:]),
                 inverseFrequencies: ($0["inv_freq"] as? [NSNumber] ?? []).map(\.floatValue),
                 attentionFactor: ($0["attention_factor"] as? NSNumber)?.floatValue ?? .nan)
        }
    }

    @Test func everyTypeInBothSpellingsMatchesTransformers() throws {
        let cases = try Self.cases()
        #expect(cases.count == 14)
        for item in cases {
            let config = try ModelConfig(json: item.config, path: item.name)
            let rotary = RotaryEmbedding(theta: Double(config.ropeTheta), scaling: config.ropeScaling)
            let inverse = rotary.inverseFrequencies(dim: config.rotaryDim)
            #expect(inverse.count == item.inverseFrequencies.count, "\(item.name)")
            let worst = zip(inverse, item.inverseFrequencies).map { abs($0 - $1) / abs($1) }.max() ?? .infinity
            #expect(worst <= 2e-6, "\(item.name): inverse frequencies off by \(worst) relative")
            #expect(abs(rotary.attentionFactor - item.attentionFactor) <= 1e-6, "\(item.name): attention factor")
        }
    }

    @Test func theScaledTableIsWhatTheModelRotatesWith() throws {
        let json = #"{"model_type":"llama","vocab_size":8,"hidden_size":16,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"max_position_embeddings":64,"rope_parameters":{"rope_type":"yarn","rope_theta":10000.0,"factor":4.0,"original_max_position_embeddings":16}}"#
        let model = TransformerModel(config: try ModelConfig(json: Data(json.utf8)))
        let table = try #require(model.rope)
        let rotary = RotaryEmbedding(theta: 10000, scaling: model.config.ropeScaling)
        let inverse = rotary.inverseFrequencies(dim: 8)
        // Position 5, pair 1: cos and sin of 5·invFreq[1], times YaRN's attention factor (0.1 ln 4 + 1).
        let factor: Float = 0.1 * logf(4) + 1
        #expect(abs(table.cos[5 * 8 + 1] - cosf(5 * inverse[1]) * factor) < 1e-6)
        #expect(abs(table.sin[5 * 8 + 5] - sinf(5 * inverse[1]) * factor) < 1e-6)
    }

    @Test func unsupportedTypesAreRefusedByName() {
        for (field, kind) in [("rope_scaling", "longrope"), ("rope_parameters", "proportional"), ("rope_scaling", "su")] {
            let json = #"{"model_type":"llama","vocab_size":8,"hidden_size":16,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"\#(field)":{"rope_type":"\#(kind)","factor":2.0}}"#
            do {
                _ = try ModelConfig(json: Data(json.utf8))
                Issue.record("accepted \(kind)")
            } catch let error as ModelConfigError {
                #expect(error.field == field)
                #expect(error.reason.contains("'\(kind)'"), "\(error.reason)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
