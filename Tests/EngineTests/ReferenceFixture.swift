import Foundation
import Testing
@testable import Engine
import Kernels

/// One case written by Scripts/engine/make_fixtures.py: a tiny Hugging Face model folder, a PEFT adapter, and what
/// transformers + peft computed on fixed tokens (logits, loss, gradients, weights after 3 AdamW steps).
struct ReferenceFixture {
    let name: String
    let folder: URL
    let expected: SafetensorsFile
    let settings: [String: Any]

    static let names = ["llama_gqa_untied", "llama_tied_rslora", "qwen2_bias", "gpt2", "phi3_fused", "qwen3_qknorm",
                        "llama3_rope", "llama_yarn", "smollm3_nope", "gemma2_softcap", "gemma3_text", "llama_pad_untied"]
    static let fullFineTuneNames = ["llama_gqa_untied", "gpt2", "phi3_fused", "qwen3_qknorm", "llama3_rope",
                                    "smollm3_nope", "gemma2_softcap", "gemma3_text", "llama_pad_untied"]

    init(_ name: String) throws {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw TokenBatchError(reason: "Fixtures folder missing from the test bundle")
        }
        self.name = name
        folder = root.appendingPathComponent(name)
        expected = try SafetensorsFile(url: folder.appendingPathComponent("expected.safetensors"))
        let data = try Data(contentsOf: folder.appendingPathComponent("train.json"))
        settings = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    var modelFolder: URL { folder.appendingPathComponent("model") }
    var adapterFolder: URL { folder.appendingPathComponent("adapter") }

    func batch(for model: TransformerModel) throws -> TokenBatch {
        let ids = try expected.floats("input_ids").map { Int32($0) }
        let targets = try expected.floats("targets").map { Int32($0) }
        let shape = expected.info("input_ids")!.shape
        return try TokenBatch(tokens: ids, targets: targets, batch: shape[0], sequenceLength: shape[1],
                              vocabSize: model.config.vocabSize, maxPositions: model.config.maxPositions)
    }

    func number(_ key: String) -> Double { (settings[key] as? NSNumber)?.doubleValue ?? .nan }

    var trainerSettings: TrainerSettings {
        TrainerSettings(optimizer: AdamW(learningRate: Float(number("lr")), beta1: Float(number("beta1")),
                                         beta2: Float(number("beta2")), eps: Float(number("eps")),
                                         weightDecay: Float(number("weight_decay"))),
                        maxGradientNorm: number("max_grad_norm"))
    }

    var steps: Int { Int(number("steps")) }
}

/// Asserts max|a − b| / max|b| ≤ tolerance, naming what was compared.
func expectClose(_ actual: [Float], _ expected: [Float], tolerance: Float = 1e-4, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.count == expected.count else {
        Issue.record("\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    let error = maxRelativeError(actual, expected)
    #expect(error <= tolerance, "\(what): max relative error \(error)", sourceLocation: sourceLocation)
}
