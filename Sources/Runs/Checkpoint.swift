import Engine
import Foundation

/// Where the run stood when a checkpoint was written: with the weights and optimizer moments, everything a resumed
/// run needs to take exactly the steps an uninterrupted one would.
public struct CheckpointState: Sendable, Equatable, Codable {
    public var format = "loom-checkpoint-1"
    /// Optimizer steps done.
    public var step: Int
    /// Micro-batches consumed: the data position (see `TrainingData`).
    public var microBatch: Int
    /// The run's seed; dropout and the data order are functions of it and of the step.
    public var seed: UInt64
    public var bestEvalLoss: Double?
    public var evaluationsWithoutImprovement: Int
    /// Learned tokens seen so far.
    public var tokens: Int
    public var elapsedSeconds: Double
    /// Training sequences when the run started, to refuse resuming on different data.
    public var trainSequences: Int
    public var lastLoss: Double?
    public var lastEvalLoss: Double?

    enum CodingKeys: String, CodingKey {
        case format, step, seed, tokens
        case microBatch = "micro_batch"
        case bestEvalLoss = "best_eval_loss"
        case evaluationsWithoutImprovement = "evaluations_without_improvement"
        case elapsedSeconds = "elapsed_seconds"
        case trainSequences = "train_sequences"
        case lastLoss = "last_loss"
        case lastEvalLoss = "last_eval_loss"
    }
}

/// A checkpoint file: one safetensors file holding the trainable weights (`weights/<name>`), AdamW's moments
/// (`adam_m/<name>`, `adam_v/<name>`) and the state as JSON in the header's metadata (`loom_state`). It is written
/// atomically (temporary file, fsync, rename, fsync of the folder), so the previous checkpoint stays valid until the
/// new one is complete, and a full disk is an error, never a torn file.
public enum Checkpoint {
    static let stateKey = "loom_state"

    public static func fileName(step: Int) -> String { String(format: "step-%08d.safetensors", step) }

    /// Writes the checkpoint for `state.step`, then removes all but the newest `keep`.
    @discardableResult
    public static func write(state: CheckpointState, optimizer: Optimizer, folder: RunFolder, keep: Int) throws -> CheckpointFile {
        var tensors: [SafetensorsWriter.Tensor] = []
        for (i, parameter) in optimizer.parameters.enumerated() {
            tensors.append(.init(name: "weights/" + parameter.name, shape: parameter.shape, values: parameter.value.array))
            tensors.append(.init(name: "adam_m/" + parameter.name, shape: parameter.shape, values: optimizer.firstMoments[i].array))
            tensors.append(.init(name: "adam_v/" + parameter.name, shape: parameter.shape, values: optimizer.secondMoments[i].array))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let stateJSON = String(decoding: try encoder.encode(state), as: UTF8.self)
        let url = folder.checkpointsURL.appendingPathComponent(fileName(step: state.step))
        try FileManager.default.createDirectory(at: folder.checkpointsURL, withIntermediateDirectories: true)
        do {
            try SafetensorsWriter(tensors: tensors, metadata: [stateKey: stateJSON, "format": "pt"]).write(to: url)
        } catch let error as SafetensorsError {
            throw RunFolderError(path: url.path, reason: "checkpoint not written (\(error.reason)); the previous checkpoint is still valid")
        }
        let all = folder.checkpoints()
        for old in all.dropLast(max(1, keep)) where old.step != state.step { try? FileManager.default.removeItem(at: old.url) }
        return CheckpointFile(step: state.step, url: url)
    }

    /// Reads only the state of a checkpoint.
    public static func readState(_ file: CheckpointFile) throws -> CheckpointState {
        let stored = try openFile(file)
        return try state(of: stored, path: file.url.path)
    }

    /// Loads weights and moments into `optimizer`'s parameters and returns the state; every tensor must be present
    /// with the parameter's shape.
    public static func restore(_ file: CheckpointFile, into optimizer: Optimizer) throws -> CheckpointState {
        let stored = try openFile(file)
        let state = try state(of: stored, path: file.url.path)
        do {
            for (i, parameter) in optimizer.parameters.enumerated() {
                for (prefix, buffer) in [("weights/", parameter.value), ("adam_m/", optimizer.firstMoments[i]),
                                         ("adam_v/", optimizer.secondMoments[i])] {
                    let values = try stored.floats(prefix + parameter.name, shape: parameter.shape)
                    values.withUnsafeBufferPointer { buffer.pointer.update(from: $0.baseAddress!, count: values.count) }
                }
            }
        } catch let error as SafetensorsError {
            throw RunFolderError(path: file.url.path, reason: "\(error.description); the checkpoint does not match this run's model and config")
        }
        optimizer.stepCount = state.step
        return state
    }

    /// Restores the newest checkpoint of `folder` that reads back whole, trying older ones when a newer one is
    /// truncated or corrupt (a disk that filled, a copy cut short); `skipped` hears about each one passed over.
    /// Returns nil when the folder has no checkpoint; throws the newest one's error when none is readable.
    public static func restoreNewestReadable(in folder: RunFolder, into optimizer: Optimizer,
                                             skipped: (CheckpointFile, RunFolderError) -> Void = { _, _ in })
        throws -> (file: CheckpointFile, state: CheckpointState)? {
        let candidates = folder.checkpoints().reversed()
        var firstError: Error?
        for file in candidates {
            do {
                return (file, try restore(file, into: optimizer))
            } catch let error as RunFolderError {
                firstError = firstError ?? error
                skipped(file, error)
            }
        }
        if let firstError { throw firstError }
        return nil
    }

    private static func openFile(_ file: CheckpointFile) throws -> SafetensorsFile {
        do { return try SafetensorsFile(url: file.url) } catch let error as SafetensorsError {
            throw RunFolderError(path: file.url.path, reason: "cannot read the checkpoint: \(error.reason)")
        }
    }

    private static func state(of stored: SafetensorsFile, path: String) throws -> CheckpointState {
        guard let text = stored.metadata[stateKey] else { throw RunFolderError(path: path, reason: "not a Loom checkpoint (no \(stateKey) metadata)") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let state = try? decoder.decode(CheckpointState.self, from: Data(text.utf8)), state.format == "loom-checkpoint-1" else {
            throw RunFolderError(path: path, reason: "the checkpoint state is unreadable or from another version")
        }
        return state
    }
}
