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

/// Folds LoRA branches into their base weights (`W += scale · B·A`, in the weight's own layout) and removes them,
/// as PEFT's `merge_and_unload` does, so the merged model needs no adapter code.
public enum AdapterMerger {
    /// Returns how many projections were merged.
    @discardableResult
    public static func merge(_ model: TransformerModel) -> Int {
        var merged = 0
        for block in model.blocks {
            for (_, linear) in block.projections {
                guard let lora = linear.lora else { continue }
                let r = lora.rank, inF = linear.inFeatures, outF = linear.outFeatures
                switch linear.layout {
                case .outIn:
                    sgemm(.none, .none, m: outF, n: inF, k: r, alpha: lora.scale, a: lora.b.value.pointer, lda: r,
                          b: lora.a.value.pointer, ldb: inF, beta: 1, c: linear.weight.value.pointer, ldc: inF)
                case .inOut:
                    sgemm(.transposed, .transposed, m: inF, n: outF, k: r, alpha: lora.scale, a: lora.a.value.pointer, lda: inF,
                          b: lora.b.value.pointer, ldb: r, beta: 1, c: linear.weight.value.pointer, ldc: outF)
                }
                linear.lora = nil
                merged += 1
            }
        }
        return merged
    }
}
