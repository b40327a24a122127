import Foundation
import Support

/// Why an adapter folder cannot be used.
public struct AdapterError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let field: String?
    public let reason: String
    public var description: String { field.map { "\(path), field '\($0)': \(reason)" } ?? "\(path): \(reason)" }
}

/// A LoRA adapter in Hugging Face PEFT's layout: `adapter_config.json` and `adapter_model.safetensors` with
/// tensor names such as `base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight`, so that adapters trained
/// in Loom load in PEFT and the other way round.
public enum PEFTAdapter {
    static let namePrefix = "base_model.model."

    /// Reads an adapter's settings, refusing PEFT features the engine does not implement (naming the field).
    /// The file is read through `RegularFile`, so a FIFO or device in its place is refused rather than waited on.
    public static func readConfig(folder: URL) throws -> LoRAConfig {
        let url = folder.appendingPathComponent("adapter_config.json")
        let data: Data
        do { data = try RegularFile.read(url.path, limit: 10_000_000) } catch let error as RegularFileError {
            throw AdapterError(path: url.path, field: nil, reason: "\(error.reason); is this a PEFT adapter folder?")
        }
        return try config(json: data, path: url.path)
    }

    /// An adapter's settings from the bytes of its `adapter_config.json` (`path` names it in errors).
    public static func config(json data: Data, path: String) throws -> LoRAConfig {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw AdapterError(path: path, field: nil, reason: "not a JSON object; is this a PEFT adapter folder?")
        }
        func fail(_ field: String, _ reason: String) -> AdapterError { AdapterError(path: path, field: field, reason: reason) }
        let type = object["peft_type"] as? String ?? "LORA"
        guard type == "LORA" else { throw fail("peft_type", "'\(type)' is not supported; only LORA") }
        guard let rank = (object["r"] as? NSNumber)?.intValue, rank > 0, rank <= 4096 else { throw fail("r", "missing or not in 1...4096") }
        let alpha = (object["lora_alpha"] as? NSNumber)?.floatValue ?? 8
        guard alpha.isFinite, alpha > 0 else { throw fail("lora_alpha", "\(alpha) must be a positive finite number") }
        let dropout = (object["lora_dropout"] as? NSNumber)?.floatValue ?? 0
        guard dropout >= 0, dropout < 1 else { throw fail("lora_dropout", "must be in [0, 1)") }
        if (object["lora_bias"] as? NSNumber)?.boolValue == true { throw fail("lora_bias", "LoRA biases are not supported") }
        if (object["use_dora"] as? NSNumber)?.boolValue == true { throw fail("use_dora", "DoRA is not supported") }
        if let bias = object["bias"] as? String, bias != "none" { throw fail("bias", "'\(bias)' is not supported; only none") }
        for field in ["rank_pattern", "alpha_pattern"] {
            if let map = object[field] as? [String: Any], !map.isEmpty { throw fail(field, "per-module ranks are not supported") }
        }
        for field in ["modules_to_save", "layers_to_transform"] {
            if let value = object[field], !(value is NSNull) { throw fail(field, "is not supported; it must be null") }
        }
        let targets: [String]
        if let list = object["target_modules"] as? [String] {
            targets = list
        } else if let single = object["target_modules"] as? String, single.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            targets = [single]
        } else {
            throw fail("target_modules", "must be a list of module names (regular expressions are not supported)")
        }
        return LoRAConfig(rank: rank, alpha: alpha, dropout: dropout,
                          useRSLoRA: (object["use_rslora"] as? NSNumber)?.boolValue ?? false, targetModules: targets)
    }

    /// Adds the adapter in `folder` to `model` (which must not have one yet) and loads its weights.
    @discardableResult
    public static func load(folder: URL, into model: TransformerModel) throws -> LoRAConfig {
        let config = try readConfig(folder: folder)
        let file = try SafetensorsFile(url: folder.appendingPathComponent("adapter_model.safetensors"))
        // Every tensor the config implies, named, before anything is allocated.
        for block in model.blocks {
            for (name, linear) in block.projections where config.targetModules.contains(name) {
                for part in ["lora_A", "lora_B"] where !file.contains(namePrefix + linear.path + "." + part + ".weight") {
                    throw SafetensorsError(path: file.path, tensor: namePrefix + linear.path + "." + part + ".weight",
                                           reason: "adapter_config.json targets \(name) but the file has no such tensor; it belongs to another model or is truncated")
                }
            }
        }
        let stored = file.tensors.reduce(0) { $0 + $1.elementCount }
        let needed = model.blocks.reduce(0) { total, block in
            total + block.projections.filter { config.targetModules.contains($0.name) }
                .reduce(0) { $0 + config.rank * ($1.linear.inFeatures + $1.linear.outFeatures) }
        }
        guard needed <= stored else {
            throw AdapterError(path: file.path, field: nil,
                               reason: "adapter_config.json describes \(needed) LoRA weights but the file holds \(stored); it belongs to another model or is truncated")
        }
        do {
            try model.addLoRA(config, seed: 0)
        } catch let error as ModelConfigError {
            throw AdapterError(path: folder.appendingPathComponent("adapter_config.json").path, field: error.field, reason: error.reason)
        }
        var expected = Set<String>()
        for parameter in model.loraParameters {
            let name = namePrefix + parameter.name
            expected.insert(name)
            let values = try file.floats(name, shape: parameter.shape)
            values.withUnsafeBufferPointer { parameter.value.pointer.update(from: $0.baseAddress!, count: values.count) }
        }
        if let extra = file.names.first(where: { !expected.contains($0) }) {
            throw SafetensorsError(path: file.path, tensor: extra,
                                   reason: "the adapter has a tensor this model and adapter_config.json do not use")
        }
        return config
    }

    /// Writes the model's LoRA weights and `config` as a PEFT adapter folder (created if needed), atomically per file.
    public static func save(model: TransformerModel, config: LoRAConfig, to folder: URL,
                            baseModelPath: String? = nil) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tensors = model.loraParameters.map {
            SafetensorsWriter.Tensor(name: namePrefix + $0.name, shape: $0.shape, values: $0.value.array)
        }
        try SafetensorsWriter(tensors: tensors, metadata: ["format": "pt"])
            .write(to: folder.appendingPathComponent("adapter_model.safetensors"))
        let json: [String: Any] = [
            "peft_type": "LORA", "task_type": "CAUSAL_LM", "r": config.rank, "lora_alpha": config.alpha,
            "lora_dropout": config.dropout, "use_rslora": config.useRSLoRA, "target_modules": config.targetModules,
            "bias": "none", "fan_in_fan_out": model.config.architecture.weightLayout == .inOut, "inference_mode": true,
            "init_lora_weights": true, "use_dora": false, "modules_to_save": NSNull(),
            "base_model_name_or_path": baseModelPath ?? NSNull(), "rank_pattern": [String: Any](), "alpha_pattern": [String: Any](),
        ]
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(data, to: folder.appendingPathComponent("adapter_config.json"))
    }
}
