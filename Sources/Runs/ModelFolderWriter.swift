import Engine
import Foundation
import Kernels
import Support

/// Writes a model as a Hugging Face model folder: `model.safetensors` with the checkpoint's tensor names (a tied
/// output projection is stored once, as transformers expects) and the base folder's config and tokenizer files
/// copied beside it, so `AutoModelForCausalLM.from_pretrained` loads it.
public enum ModelFolderWriter {
    /// Files copied from the base folder when present.
    public static let copiedFiles = ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
                                     "special_tokens_map.json"]

    public static func write(model: TransformerModel, copyingFilesFrom base: URL?, to folder: URL,
                             dtype: TensorDType = .f32) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let tensors = model.baseParameters.map {
            SafetensorsWriter.Tensor(name: $0.name, shape: $0.shape, values: $0.value.array, dtype: dtype)
        }
        try SafetensorsWriter(tensors: tensors, metadata: ["format": "pt"]).write(to: folder.appendingPathComponent("model.safetensors"))
        guard let base else { return }
        for name in copiedFiles {
            let source = base.appendingPathComponent(name)
            let target = folder.appendingPathComponent(name)
            guard fm.fileExists(atPath: source.path), source.standardizedFileURL != target.standardizedFileURL else { continue }
            try AtomicFile.write(try Data(contentsOf: source), to: target)
        }
    }
}
