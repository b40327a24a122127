import Engine
import Foundation
import Testing
@testable import Runs

/// An adapter that Loom trained and exported, as `peft.PeftModel.from_pretrained` scores it on the same base
/// (fixture written by Scripts/runs/check_peft.py), and Loom's merge of that adapter.
@Suite struct PEFTRoundTripTests {
    struct Expected: Decodable {
        var ids: [Int32]
        var logprobs: [Double]
        var last_logits: [Double]
    }

    static let sampleModel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples/models/loom-shakespeare")

    func fixture() throws -> (adapter: URL, expected: Expected) {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("peft")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: root.appendingPathComponent("expected.json")))
        return (root.appendingPathComponent("adapter"), expected)
    }

    func maxRelativeError(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) / max(abs($1), 1e-6) }.max() ?? .infinity
    }

    @Test func loomScoresTheExportedAdapterAsPEFTDoes() throws {
        let (adapter, expected) = try fixture()
        let model = try TransformerModel.load(folder: Self.sampleModel)
        try PEFTAdapter.load(folder: adapter, into: model)
        let logprobs = try TextGenerator(model: model).score(expected.ids).map(Double.init)
        #expect(logprobs.count == expected.logprobs.count)
        let error = maxRelativeError(logprobs, expected.logprobs)
        #expect(error <= 1e-4, "max relative error \(error)")
    }

    @Test func theMergedModelGivesPEFTsLogits() throws {
        let (adapter, expected) = try fixture()
        let model = try TransformerModel.load(folder: Self.sampleModel)
        try PEFTAdapter.load(folder: adapter, into: model)
        #expect(AdapterMerger.merge(model) == 28)
        #expect(model.loraParameters.isEmpty)
        // Written and read back as a Hugging Face folder, as `loom merge` does.
        let folder = try RunsTestSupport.temporaryFolder("merge")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ModelFolderWriter.write(model: model, copyingFilesFrom: Self.sampleModel, to: folder)
        let merged = try TransformerModel.load(folder: folder)
        let session = InferenceSession(model: merged, capacity: expected.ids.count)
        let hidden = try session.append(expected.ids)
        let logits = session.logits(hidden: hidden, row: expected.ids.count - 1).map(Double.init)
        let largest = expected.last_logits.map(abs).max() ?? 1
        let error = zip(logits, expected.last_logits).map { abs($0 - $1) }.max()! / largest
        #expect(error <= 1e-4, "max error relative to the largest logit \(error)")
        for name in ["config.json", "tokenizer.json", "tokenizer_config.json"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path))
        }
    }

    @Test func aLoomRunsAdapterFromACheckpointMatchesTheFinalOne() throws {
        let folder = try RunsTestSupport.temporaryFolder("export")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 8)
        let run = try TrainingRun.create(config: RunsTestSupport.runConfig(model: model, data: data), out: folder.appendingPathComponent("run"))
        run.start()
        #expect(run.waitUntilFinished(timeout: 300))
        let exported = folder.appendingPathComponent("exported")
        let used = try RunExporter.exportAdapter(from: run.folder, to: exported)
        #expect(used.step == 6)
        let a = try SafetensorsFile(url: exported.appendingPathComponent("adapter_model.safetensors"))
        let b = try SafetensorsFile(url: run.folder.adapterURL.appendingPathComponent("adapter_model.safetensors"))
        #expect(a.names == b.names)
        for name in a.names { #expect(try a.floats(name) == b.floats(name), "\(name)") }
    }
}
