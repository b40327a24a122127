import Foundation
import Testing
@testable import Engine

@Suite struct ModelWeightsTests {
    @Test func readsShardsThroughTheIndex() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        try SafetensorsWriter(tensors: [.init(name: "a", shape: [2], values: [1, 2])]).write(to: folder.file("model-00001-of-00002.safetensors"))
        try SafetensorsWriter(tensors: [.init(name: "b", shape: [1], values: [3], dtype: .bf16)]).write(to: folder.file("model-00002-of-00002.safetensors"))
        let index = #"{"metadata":{"total_size":10},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}}"#
        try Data(index.utf8).write(to: folder.file("model.safetensors.index.json"))
        let weights = try ModelWeights(folder: folder.url)
        #expect(weights.names == ["a", "b"])
        #expect(try weights.floats("a", shape: [2]) == [1, 2])
        #expect(try weights.floats("b", shape: [1]) == [3])
        #expect(throws: SafetensorsError.self) { try weights.floats("c", shape: [1]) }
    }

    @Test func refusesShardPathsOutsideTheFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        try Data(#"{"weight_map":{"a":"../evil.safetensors"}}"#.utf8).write(to: folder.file("model.safetensors.index.json"))
        #expect(throws: SafetensorsError.self) { try ModelWeights(folder: folder.url) }
    }

    @Test func refusesPickledCheckpointsWithAConversionHint() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        try Data([0x80, 0x02]).write(to: folder.file("pytorch_model.bin"))
        do {
            _ = try ModelWeights(folder: folder.url)
            Issue.record("loaded a pickle")
        } catch let error as SafetensorsError {
            #expect(error.path.hasSuffix("pytorch_model.bin"))
            #expect(error.reason.contains("safe_serialization=True"))
        }
    }
}
