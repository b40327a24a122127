import Engine
import Foundation

/// Turns a loaded model into a GGUF file for llama.cpp: the whole model (after `AdapterMerger` has folded any
/// adapter in), or only its LoRA branches as a llama.cpp adapter for the base model's GGUF.
public enum GGUFExporter {
    /// `general.file_type` (llama.cpp's `llama_ftype`: all f32, mostly f16, mostly q8_0).
    static func fileType(_ type: GGUFTensorType) -> UInt32 {
        switch type {
        case .f32: 0
        case .f16: 1
        case .q8_0: 7
        }
    }

    /// The type a base tensor is stored in: norms, biases and other 1-D tensors stay f32 (llama.cpp's kernels
    /// expect them so); a matrix whose rows are not whole Q8_0 blocks falls back to f16, as convert_hf_to_gguf does.
    static func storedType(dimensions: [Int], requested: GGUFTensorType) -> GGUFTensorType {
        guard dimensions.count > 1 else { return .f32 }
        return requested.canStore(rowLength: dimensions[0]) ? requested : .f16
    }

    /// The model as a GGUF writer (nothing written yet). `model` must have no LoRA branch left: merge it first.
    public static func model(_ model: TransformerModel, tokenizerFolder: URL, name: String, type: GGUFTensorType,
                             tokenizerPre: String? = nil, path: String) throws -> GGUFWriter {
        if model.blocks.contains(where: { $0.projections.contains { $0.linear.lora != nil } }) {
            throw GGUFExportError(path: path, reason: "the model still has LoRA branches; merge them before a model export")
        }
        let layout = try GGUFModelLayout(config: model.config, path: path)
        var writer = GGUFWriter()
        writer.set("general.architecture", .string(layout.architecture))
        writer.set("general.type", .string("model"))
        writer.set("general.name", .string(name))
        for (key, value) in layout.metadata { writer.set(key, value) }
        writer.set("general.file_type", .uint32(fileType(type)))
        writer.set("general.quantization_version", .uint32(2))
        for (key, value) in try GGUFTokenizerMetadata.read(folder: tokenizerFolder, vocabSize: model.config.vocabSize,
                                                           preOverride: tokenizerPre) {
            writer.set(key, value)
        }
        for entry in layout.entries(of: model) {
            let shape = entry.tensor.shape, tensor = entry.tensor, rows = entry.rows
            // ggml counts dimensions innermost first: a row-major [out, in] weight is [in, out].
            let dimensions = rows == .transposed ? shape : Array(shape.reversed())
            try writer.add(GGUFTensor(name: entry.name, dimensions: dimensions,
                                      type: storedType(dimensions: dimensions, requested: type)) {
                rows.apply(tensor.value.array, rows: shape[0])
            })
        }
        return writer
    }

    /// The model's LoRA branches as a llama.cpp LoRA adapter: `<base tensor>.lora_a` (A, `[r, in]`) and `.lora_b`
    /// (B, `[out, r]`, its rows in the base tensor's order), and `adapter.lora.alpha` such that llama.cpp's
    /// alpha / r is the branch's scale (alpha·√r for rsLoRA).
    public static func adapter(_ model: TransformerModel, name: String, type: GGUFTensorType, path: String) throws -> GGUFWriter {
        guard type != .q8_0 else {
            throw GGUFExportError(path: path, reason: "an adapter is stored as f32 or f16 (lora_b's rows of r values are not whole Q8_0 blocks)")
        }
        let layout = try GGUFModelLayout(config: model.config, path: path)
        let adapted = layout.projections(of: model).filter { $0.linear.lora != nil }
        guard let first = adapted.first?.linear.lora else {
            throw GGUFExportError(path: path, reason: "the model has no LoRA branch to export; give --adapter or --run")
        }
        let alpha = first.scale * Float(first.rank)
        if let other = adapted.first(where: { $0.linear.lora!.scale * Float($0.linear.lora!.rank) != alpha }) {
            throw GGUFExportError(path: other.name, reason: "its LoRA scale differs from the first branch's; a GGUF adapter has one alpha")
        }
        var writer = GGUFWriter()
        writer.set("general.architecture", .string(layout.architecture))
        writer.set("general.type", .string("adapter"))
        writer.set("general.name", .string(name))
        writer.set("general.file_type", .uint32(fileType(type)))
        writer.set("general.quantization_version", .uint32(2))
        writer.set("adapter.type", .string("lora"))
        writer.set("adapter.lora.alpha", .float32(alpha))
        for projection in adapted {
            let lora = projection.linear.lora!, r = lora.rank
            let inF = projection.linear.inFeatures, outF = projection.linear.outFeatures
            let a = lora.a, b = lora.b
            let bRows: GGUFRowOrder = if case .rotaryPairs = projection.rows { projection.rows } else { .same }
            try writer.add(GGUFTensor(name: projection.name + ".lora_a", dimensions: [inF, r], type: type) { a.value.array })
            try writer.add(GGUFTensor(name: projection.name + ".lora_b", dimensions: [r, outF], type: type) {
                bRows.apply(b.value.array, rows: outF)
            })
        }
        return writer
    }
}
