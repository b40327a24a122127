import ArgumentParser
import Foundation
import Runs

/// `loom export-run`: hands a run to another training engine as a self-contained folder (today: Hugging Face
/// Trainer + PEFT under accelerate), with Loom's own tokens and masks, so it can move to GPUs without a second
/// template renderer, and be followed from the workbench through the run folder its callback writes.
struct ExportRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-run",
        abstract: "Export a run for transformers + peft on GPUs (accelerate: one GPU, DDP, FSDP, DeepSpeed).",
        discussion: """
            Writes DIR/examples.jsonl (the sequences Loom's trainer consumes: input_ids, labels with -100 where not \
            learned), train_order.json, config.toml, initial_adapter/ (Loom's LoRA initialisation), train.py, \
            accelerate/*.yaml, requirements.txt and README.md. On the cluster: accelerate launch --config_file \
            accelerate/single_gpu.yaml train.py --base MODEL. The run folder train.py writes (metrics.jsonl, \
            status.json) is followed by the workbench's Runs section once synced into runs/.
            """
    )

    @Argument(help: "The run configuration (TOML).")
    var config: String

    @Option(name: .long, help: "The engine to export for (trl: transformers Trainer + peft + accelerate).")
    var to: String = "trl"

    @Option(name: .long, help: "The folder to write (new or empty).")
    var out: String

    @Option(name: .long, help: "The base model as train.py should load it: a path on the cluster or a Hugging Face Hub id (default: the config's local path).")
    var base: String?

    func run() throws {
        guard to == "trl" else { throw ValidationError("--to \(to): the engines are: trl") }
        do {
            let loaded = try RunConfig.load(path: config)
            let resolved = loaded.resolved()
            try OutputFolderCheck.refuseOverlap(output: out, outputOption: "--out", inputs:
                [(resolved.baseModelURL.path, "model.base")] + resolved.trainFileURLs.map { ($0.path, "data.train") })
            let summary = try TRLExport.write(config: loaded, configPath: config, to: URL(fileURLWithPath: out), base: base)
            print("wrote \(out): \(summary.trainSequences) train / \(summary.evalSequences) eval sequences of \(summary.sequenceLength) tokens, "
                + "\(summary.totalSteps) steps" + (summary.skippedRecords > 0 ? ", \(summary.skippedRecords) records skipped" : ""))
            print("on the GPU machine: cd \(out) && pip install -r requirements.txt && accelerate launch --config_file accelerate/single_gpu.yaml train.py"
                + (base == nil ? " [--base ITS_PATH_OR_HUB_ID]" : ""))
        } catch let error as RunConfigError {
            throw ValidationError(error.description)
        } catch let error as RunFolderError {
            throw ValidationError(error.description)
        }
    }
}
