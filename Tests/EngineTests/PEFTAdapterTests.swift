import Foundation
import Testing
@testable import Engine

@Suite struct PEFTAdapterTests {
    @Test func savesAndReloadsInPEFTLayout() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        let fixture = try ReferenceFixture("llama_tied_rslora")
        let model = try TransformerModel.load(folder: fixture.modelFolder)
        let config = try PEFTAdapter.load(folder: fixture.adapterFolder, into: model)
        #expect(config.useRSLoRA && config.rank == 2 && config.targetModules.sorted() == ["down_proj", "q_proj", "v_proj"])
        try PEFTAdapter.save(model: model, config: config, to: folder.url)
        let file = try SafetensorsFile(url: folder.file("adapter_model.safetensors"))
        #expect(file.names.contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"))
        let original = try SafetensorsFile(url: fixture.adapterFolder.appendingPathComponent("adapter_model.safetensors"))
        #expect(Set(file.names) == Set(original.names))
        for name in original.names { #expect(try file.floats(name) == original.floats(name)) }
        let reloaded = try TransformerModel.load(folder: fixture.modelFolder)
        #expect(try PEFTAdapter.load(folder: folder.url, into: reloaded) == config)
    }

    @Test func aMissingAdapterTensorIsNamed() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        let fixture = try ReferenceFixture("llama_tied_rslora")
        let original = try SafetensorsFile(url: fixture.adapterFolder.appendingPathComponent("adapter_model.safetensors"))
        let missing = "base_model.model.model.layers.1.mlp.down_proj.lora_B.weight"
        let kept = try original.names.filter { $0 != missing }.map {
            SafetensorsWriter.Tensor(name: $0, shape: original.info($0)!.shape, values: try original.floats($0))
        }
        try SafetensorsWriter(tensors: kept, metadata: [:]).write(to: folder.file("adapter_model.safetensors"))
        try FileManager.default.copyItem(at: fixture.adapterFolder.appendingPathComponent("adapter_config.json"),
                                         to: folder.file("adapter_config.json"))
        do {
            try PEFTAdapter.load(folder: folder.url, into: try TransformerModel.load(folder: fixture.modelFolder))
            Issue.record("an adapter without \(missing) loaded")
        } catch let error as SafetensorsError {
            #expect(error.tensor == missing, "\(error)")
        }
    }

    @Test func refusesUnsupportedAdapterFeatures() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        for (json, field) in [(#"{"peft_type":"IA3","r":8}"#, "peft_type"),
                              (#"{"peft_type":"LORA","r":8,"use_dora":true,"target_modules":["q_proj"]}"#, "use_dora"),
                              (#"{"peft_type":"LORA","r":8,"target_modules":".*proj"}"#, "target_modules"),
                              (#"{"peft_type":"LORA","r":0,"target_modules":["q_proj"]}"#, "r"),
                              (#"{"peft_type":"LORA","r":8,"lora_alpha":-16,"target_modules":["q_proj"]}"#, "lora_alpha"),
                              (#"{"peft_type":"LORA","r":8,"lora_alpha":0,"target_modules":["q_proj"]}"#, "lora_alpha"),
                              (#"{"peft_type":"LORA","r":8,"lora_bias":true,"target_modules":["q_proj"]}"#, "lora_bias")] {
            try Data(json.utf8).write(to: folder.file("adapter_config.json"))
            do {
                _ = try PEFTAdapter.readConfig(folder: folder.url)
                Issue.record("accepted \(json)")
            } catch let error as AdapterError {
                #expect(error.field == field, "\(error)")
            }
        }
    }

    /// An adapter_config.json that is a FIFO is refused at once (it was read with `Data(contentsOf:)`, which waits for
    /// a writer forever). If the read blocks, the test opens the FIFO for writing after a while so that it ends.
    @Test func aFIFOAdapterConfigIsRefusedWithoutHanging() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        let path = folder.file("adapter_config.json").path
        #expect(mkfifo(path, 0o600) == 0)
        let done = DispatchSemaphore(value: 0)
        final class Outcome: @unchecked Sendable { var message = "" } // written before `done` is signalled
        let outcome = Outcome()
        Thread.detachNewThread {
            do { _ = try PEFTAdapter.readConfig(folder: folder.url); outcome.message = "accepted" } catch {
                outcome.message = "\(error)"
            }
            done.signal()
        }
        if done.wait(timeout: .now() + 20) == .timedOut {
            Issue.record("reading a FIFO adapter_config.json blocked")
            let writer = open(path, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            done.wait()
        }
        #expect(outcome.message.contains("not a regular file"), "\(outcome.message)")
    }
}
