import Engine
import Foundation

/// Exports what a run made: the adapter of any checkpoint in PEFT layout.
public enum RunExporter {
    /// Loads the base model, adds the run's LoRA, restores the checkpoint of `step` (default: the latest) and writes
    /// the adapter to `out`. Returns the checkpoint used.
    @discardableResult
    public static func exportAdapter(from folder: RunFolder, step: Int? = nil, to out: URL) throws -> CheckpointFile {
        let config = try folder.config()
        guard config.training.method == .lora else {
            throw RunFolderError(path: folder.configURL.path, reason: "the run fine-tuned every weight; its model is in \(folder.modelURL.path)")
        }
        let checkpoints = folder.checkpoints()
        guard let checkpoint = step.map({ s in checkpoints.first { $0.step == s } }) ?? checkpoints.last else {
            throw RunFolderError(path: folder.checkpointsURL.path, reason: step.map { "has no checkpoint of step \($0); have \(checkpoints.map(\.step))" }
                ?? "has no checkpoint yet")
        }
        let model = try TransformerModel.load(folder: config.baseModelURL)
        let lora = config.lora.engineConfig
        try model.addLoRA(lora, seed: UInt64(config.seed))
        let optimizer = Optimizer(parameters: model.trainableParameters, settings: .init(), maxGradientNorm: nil)
        _ = try Checkpoint.restore(checkpoint, into: optimizer)
        try PEFTAdapter.save(model: model, config: lora, to: out, baseModelPath: config.baseModelURL.path)
        return checkpoint
    }
}
