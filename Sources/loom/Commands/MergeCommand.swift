import ArgumentParser
import Engine
import Foundation
import Runs

/// `loom merge`: folds a LoRA adapter into its base model and writes a full Hugging Face model folder.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a PEFT LoRA adapter into its base model and write a Hugging Face model folder.",
        discussion: """
            W += (alpha / r) · B·A for every adapted projection (PEFT's merge_and_unload), then model.safetensors \
            is written with the base checkpoint's tensor names, beside copies of the base folder's config.json, \
            generation_config.json and tokenizer files. transformers' AutoModelForCausalLM.from_pretrained loads it.
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: "The folder to write.")
    var out: String

    @Option(name: .long, help: "Stored precision: f32, bf16 or f16.")
    var dtype = "f32"

    func validate() throws {
        guard let adapter = modelOptions.adapter else { throw ValidationError("--adapter is required") }
        try OutputFolderCheck.refuseOverlap(output: out, outputOption: "--out",
                                            inputs: [(modelOptions.model, "--model"), (adapter, "--adapter")])
        guard TensorDType(rawValue: dtype.uppercased()) != nil, ["f32", "bf16", "f16"].contains(dtype.lowercased()) else {
            throw ValidationError("--dtype must be f32, bf16 or f16")
        }
    }

    func run() throws {
        let model = try modelOptions.load()
        let merged = AdapterMerger.merge(model)
        try ModelFolderWriter.write(model: model, copyingFilesFrom: URL(fileURLWithPath: modelOptions.model),
                                    to: URL(fileURLWithPath: out), dtype: TensorDType(rawValue: dtype.uppercased())!)
        print("merged \(merged) projections; wrote \(out)")
    }
}
