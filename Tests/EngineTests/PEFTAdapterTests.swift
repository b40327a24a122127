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

    @Test func refusesUnsupportedAdapterFeatures() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        for (json, field) in [(#"{"peft_type":"IA3","r":8}"#, "peft_type"),
                              (#"{"peft_type":"LORA","r":8,"use_dora":true,"target_modules":["q_proj"]}"#, "use_dora"),
                              (#"{"peft_type":"LORA","r":8,"target_modules":".*proj"}"#, "target_modules"),
                              (#"{"peft_type":"LORA","r":0,"target_modules":["q_proj"]}"#, "r")] {
            try Data(json.utf8).write(to: folder.file("adapter_config.json"))
            do {
                _ = try PEFTAdapter.readConfig(folder: folder.url)
                Issue.record("accepted \(json)")
            } catch let error as AdapterError {
                #expect(error.field == field, "\(error)")
            }
        }
    }
}
