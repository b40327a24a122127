import Foundation
import Testing
@testable import Engine

/// Loading real checkpoint layouts: shards with an index, bf16 and f16 weights, wrong shapes.
@Suite struct TransformerModelLoadingTests {
    /// Rewrites a fixture model into `folder`: every tensor as `dtype`, split over `shards` files when > 1.
    private func rewrite(_ fixture: ReferenceFixture, into folder: TemporaryFolder, dtype: TensorDType, shards: Int,
                         reshape: String? = nil) throws {
        try FileManager.default.copyItem(at: fixture.modelFolder.appendingPathComponent("config.json"),
                                         to: folder.file("config.json"))
        let source = try SafetensorsFile(url: fixture.modelFolder.appendingPathComponent("model.safetensors"))
        var parts = Array(repeating: [SafetensorsWriter.Tensor](), count: shards)
        var map: [String: String] = [:]
        for (index, name) in source.names.enumerated() {
            let info = source.info(name)!
            var shape = info.shape
            if name == reshape { shape = [shape.reduce(1, *)] }
            parts[index % shards].append(.init(name: name, shape: shape, values: try source.floats(name), dtype: dtype))
            map[name] = "model-\(index % shards + 1)-of-\(shards).safetensors"
        }
        if shards == 1 {
            try SafetensorsWriter(tensors: parts[0]).write(to: folder.file("model.safetensors"))
        } else {
            for (index, part) in parts.enumerated() {
                try SafetensorsWriter(tensors: part).write(to: folder.file("model-\(index + 1)-of-\(shards).safetensors"))
            }
            let index = try JSONSerialization.data(withJSONObject: ["metadata": [String: Any](), "weight_map": map])
            try index.write(to: folder.file("model.safetensors.index.json"))
        }
    }

    private func logits(_ folder: URL, _ fixture: ReferenceFixture) throws -> [Float] {
        let model = try TransformerModel.load(folder: folder)
        let batch = try fixture.batch(for: model)
        return TrainingPass(model: model, batch: batch.batch, sequenceLength: batch.sequenceLength).logits(batch)
    }

    @Test func shardedCheckpointGivesTheSameLogits() throws {
        let fixture = try ReferenceFixture("llama_gqa_untied")
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        try rewrite(fixture, into: folder, dtype: .f32, shards: 3)
        #expect(try logits(folder.url, fixture) == logits(fixture.modelFolder, fixture))
    }

    @Test(arguments: [TensorDType.bf16, .f16])
    func halfPrecisionCheckpointsLoad(_ dtype: TensorDType) throws {
        let fixture = try ReferenceFixture("gpt2")
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        try rewrite(fixture, into: folder, dtype: dtype, shards: 1)
        let error = maxRelativeError(try logits(folder.url, fixture), try logits(fixture.modelFolder, fixture))
        #expect(error < (dtype == .bf16 ? 5e-2 : 5e-3), "\(dtype) logits differ by \(error)")
        #expect(error > 0)
    }

    @Test func wrongShapeNamesTheTensor() throws {
        let fixture = try ReferenceFixture("qwen2_bias")
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        try rewrite(fixture, into: folder, dtype: .f32, shards: 1, reshape: "model.layers.1.self_attn.k_proj.weight")
        do {
            _ = try TransformerModel.load(folder: folder.url)
            Issue.record("loaded a wrong shape")
        } catch let error as SafetensorsError {
            #expect(error.tensor == "model.layers.1.self_attn.k_proj.weight")
            #expect(error.field == "shape")
        }
    }

    @Test func missingTensorIsReported() throws {
        let fixture = try ReferenceFixture("llama_tied_rslora")
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        try FileManager.default.copyItem(at: fixture.modelFolder.appendingPathComponent("config.json"), to: folder.file("config.json"))
        try SafetensorsWriter(tensors: [.init(name: "model.norm.weight", shape: [32], values: Array(repeating: 1, count: 32))])
            .write(to: folder.file("model.safetensors"))
        #expect(throws: SafetensorsError.self) { try TransformerModel.load(folder: folder.url) }
    }

    @Test func oversizedConfigIsRefusedBeforeAllocating() throws {
        let fixture = try ReferenceFixture("llama_gqa_untied")
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        try FileManager.default.copyItem(at: fixture.modelFolder.appendingPathComponent("model.safetensors"),
                                         to: folder.file("model.safetensors"))
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.modelFolder.appendingPathComponent("config.json"))) as! [String: Any]
        config["vocab_size"] = 4_000_000
        config["hidden_size"] = 1 << 20
        config["head_dim"] = 1 << 18
        try JSONSerialization.data(withJSONObject: config).write(to: folder.file("config.json"))
        #expect(throws: ModelConfigError.self) { try TransformerModel.load(folder: folder.url) }
    }
}

@Suite struct UnusedWeightsTests {
    @Test func tensorsTheConfigDoesNotUseAreListed() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        let fixture = try ReferenceFixture("llama_gqa_untied")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.modelFolder.appendingPathComponent("config.json"))) as! [String: Any]
        #expect(config["num_hidden_layers"] as? Int == 2)
        config["num_hidden_layers"] = 1
        try JSONSerialization.data(withJSONObject: config).write(to: folder.file("config.json"))
        try FileManager.default.copyItem(at: fixture.modelFolder.appendingPathComponent("model.safetensors"), to: folder.file("model.safetensors"))
        let model = try TransformerModel.load(folder: folder.url)
        #expect(!model.unusedTensors.isEmpty)
        #expect(model.unusedTensors.allSatisfy { $0.hasPrefix("model.layers.1.") }, "\(model.unusedTensors)")
        #expect(try TransformerModel.load(folder: fixture.modelFolder).unusedTensors.isEmpty)
    }
}
