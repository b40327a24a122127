import ArgumentParser
import Engine
import Foundation
import Runs
import Support

/// `loom export-gguf`: writes a model (with an adapter merged in) or only its adapter as a GGUF file that
/// llama.cpp and its front ends (Ollama, LM Studio) load, without llama.cpp's converter.
struct ExportGGUFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-gguf",
        abstract: "Write a model (adapter merged) or a LoRA adapter as a GGUF file for llama.cpp.",
        discussion: """
            The model comes from --model DIR (a Hugging Face folder), with --adapter DIR (a PEFT LoRA adapter) \
            merged into it, or from --run RUN_DIR (the run's base model and final adapter, or a full fine-tune's \
            model). With --adapter-only, only the LoRA branches are written, as a llama.cpp LoRA adapter \
            (llama-cli -m BASE.gguf --lora FILE.gguf) for the base model's GGUF. Exported families: \
            \(GGUFModelLayout.exportableModelTypes.joined(separator: ", ")); the tokenizer must be byte-level BPE \
            (GPT-2, Llama 3, Qwen2, SmolLM). Norms and biases stay f32; --type sets the matrices' type. \
            Scripts/export/check_gguf.py reads a file back with gguf-py and compares it with the checkpoint and, \
            with llama.cpp, its log-probabilities with loom score's.
            """
    )

    @Option(name: .long, help: "A Hugging Face model folder (the base model with --adapter).")
    var model: String?

    @Option(name: .long, help: "A PEFT LoRA adapter folder to merge (or, with --adapter-only, to export).")
    var adapter: String?

    @Option(name: .customLong("run"), help: "A run folder: its base model and final adapter, or a full fine-tune's model.")
    var runFolder: String?

    @Option(name: .long, help: "The GGUF file to write.")
    var out: String

    @Option(name: .long, help: "Type of the weight matrices: f32, f16 or q8_0.")
    var type = "f16"

    @Flag(name: .long, help: "Write only the adapter (a llama.cpp LoRA adapter GGUF).")
    var adapterOnly = false

    @Option(name: .long, help: "llama.cpp's pre-tokenizer name, when Loom does not recognise the tokenizer's.")
    var tokenizerPre: String?

    @Option(name: .long, help: "general.name (default: the model or run folder's name).")
    var name: String?

    func validate() throws {
        if runFolder != nil, model != nil || adapter != nil { throw ValidationError("give --run alone, or --model with an optional --adapter") }
        if runFolder == nil, model == nil { throw ValidationError("give --model DIR (with an optional --adapter DIR) or --run RUN_DIR") }
        if adapterOnly, runFolder == nil, adapter == nil { throw ValidationError("--adapter-only needs --adapter or --run") }
        guard GGUFTensorType.allCases.map({ "\($0)" }).contains(type) else {
            throw ValidationError("--type must be f32, f16 or q8_0")
        }
        let inputs = [(model, "--model"), (adapter, "--adapter"), (runFolder, "--run")].compactMap { path, option in path.map { ($0, option) } }
        try OutputFolderCheck.refuseOverlap(output: out, outputOption: "--out", inputs: inputs)
    }

    /// The folders the export reads: the model (its weights), an adapter to load, and the tokenizer's folder.
    private func sources() throws -> (model: String, adapter: String?, tokenizer: URL, name: String) {
        guard let run = runFolder else {
            return (model!, adapter, URL(fileURLWithPath: model!), URL(fileURLWithPath: model!).lastPathComponent)
        }
        let folder = RunFolder(path: run)
        let config = try folder.config()
        if config.training.method == .lora {
            guard FileManager.default.fileExists(atPath: folder.adapterURL.appendingPathComponent("adapter_config.json").path) else {
                throw ValidationError("\(folder.adapterURL.path): the run has no final adapter yet; write a checkpoint's with `loom export \(run) --out DIR` and pass --model \(config.baseModelURL.path) --adapter DIR")
            }
            return (config.baseModelURL.path, folder.adapterURL.path, config.tokenizerFolderURL, folder.name)
        }
        guard FileManager.default.fileExists(atPath: folder.modelURL.appendingPathComponent("config.json").path) else {
            throw ValidationError("\(folder.modelURL.path): the full fine-tune has not written its model yet")
        }
        let tokenizer = FileManager.default.fileExists(atPath: folder.modelURL.appendingPathComponent("tokenizer.json").path)
            ? folder.modelURL : config.tokenizerFolderURL
        return (folder.modelURL.path, nil, tokenizer, folder.name)
    }

    func run() throws {
        let tensorType = GGUFTensorType.allCases.first { "\($0)" == type }!
        do {
            let source = try sources()
            let options = try ModelOptions.parse(["--model", source.model] + (source.adapter.map { ["--adapter", $0] } ?? []))
            let loaded = try options.load()
            let writer: GGUFWriter
            var merged = 0
            if adapterOnly {
                // A standalone adapter is named after its folder (or its run), not after the base model.
                let adapterName = runFolder == nil ? URL(fileURLWithPath: source.adapter!).standardizedFileURL.lastPathComponent : source.name
                writer = try GGUFExporter.adapter(loaded, name: name ?? adapterName, type: tensorType, path: source.adapter ?? source.model)
            } else {
                merged = AdapterMerger.merge(loaded)
                writer = try GGUFExporter.model(loaded, tokenizerFolder: source.tokenizer, name: name ?? source.name,
                                                type: tensorType, tokenizerPre: tokenizerPre, path: source.model)
            }
            try writer.write(to: URL(fileURLWithPath: out))
            let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            var architecture = ""
            if case .string(let a)? = writer.value("general.architecture") { architecture = a }
            let what = adapterOnly ? "LoRA adapter" : merged > 0 ? "model with \(merged) adapted projections merged" : "model"
            print("wrote \(out): \(architecture) \(what), \(writer.tensors.count) tensors, \(type), \(size) bytes")
        } catch let error as GGUFExportError {
            throw ValidationError(error.description)
        } catch let error as RunConfigError {
            throw ValidationError(error.description)
        } catch let error as RunFolderError {
            throw ValidationError(error.description)
        } catch let error as AtomicFileError {
            throw ValidationError(error.description)
        }
    }
}
