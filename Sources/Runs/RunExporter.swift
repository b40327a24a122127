import Engine
import Foundation

/// Exports what a run made: the adapter of any checkpoint in PEFT layout.
public enum RunExporter {
    /// Loads the base model, adds the run's LoRA, restores the checkpoint of `step` (default: the latest) and writes
    /// the adapter to `out`. Returns the checkpoint used.
    @discardableResult
    public static func exportAdapter(from folder: RunFolder, step: Int? = nil, to out: URL,
                                     skipped: (CheckpointFile, RunFolderError) -> Void = { _, _ in }) throws -> CheckpointFile {
        let config = try folder.config()
        guard config.training.method == .lora else {
            throw RunFolderError(path: folder.configURL.path, reason: "the run fine-tuned every weight; its model is in \(folder.modelURL.path)")
        }
        let checkpoints = folder.checkpoints()
        if let step, !checkpoints.contains(where: { $0.step == step }) {
            throw RunFolderError(path: folder.checkpointsURL.path, reason: "has no checkpoint of step \(step); have \(checkpoints.map(\.step))")
        }
        let model = try TransformerModel.load(folder: config.baseModelURL)
        let lora = config.lora.engineConfig
        try model.addLoRA(lora, seed: UInt64(config.seed))
        let optimizer = Optimizer(parameters: model.trainableParameters, settings: .init(), maxGradientNorm: nil)
        let checkpoint: CheckpointFile
        if let step, let chosen = checkpoints.first(where: { $0.step == step }) {
            _ = try Checkpoint.restore(chosen, into: optimizer)
            checkpoint = chosen
        } else {
            // The newest checkpoint that reads back whole: a truncated newest one falls back to the one before.
            guard let restored = try Checkpoint.restoreNewestReadable(in: folder, into: optimizer, skipped: skipped) else {
                throw RunFolderError(path: folder.checkpointsURL.path, reason: "has no checkpoint yet")
            }
            checkpoint = restored.file
        }
        try PEFTAdapter.save(model: model, config: lora, to: out, baseModelPath: config.baseModelURL.path)
        return checkpoint
    }
}
