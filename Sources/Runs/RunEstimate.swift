import Engine
import Foundation

/// What a run will cost before it starts: parameter counts, a memory estimate from the shapes the training pass
/// allocates, and a time estimate from one measured step (`measureStep`), for the config form and `loom train
/// --estimate`.
public struct RunEstimate: Sendable, Equatable {
    public var totalParameters: Int
    public var trainableParameters: Int
    /// Base weights in f32.
    public var weightBytes: Int
    /// Gradients and two AdamW moments of the trainable weights.
    public var optimizerBytes: Int
    /// Saved activations and scratch of one micro-batch (forward and backward).
    public var activationBytes: Int
    /// Seconds per optimizer step, when measured.
    public var secondsPerStep: Double?
    public var totalSteps: Int?

    public var memoryBytes: Int { weightBytes + optimizerBytes + activationBytes }
    public var totalSeconds: Double? {
        guard let secondsPerStep, let totalSteps else { return nil }
        return secondsPerStep * Double(totalSteps)
    }

    /// An estimate from shapes alone.
    public init(model: ModelConfig, config: RunConfig, totalSteps: Int? = nil) {
        totalParameters = model.parameterCount
        switch config.training.method {
        case .full:
            trainableParameters = totalParameters
        case .lora:
            trainableParameters = model.loraParameterCount(rank: config.lora.rank, targets: config.lora.targets)
        }
        weightBytes = 4 * totalParameters
        optimizerBytes = 4 * 3 * trainableParameters
        // What the training pass allocates for this shape (the same tables it allocates from), plus LoRA's
        // per-branch activations.
        let length = min(config.data.sequenceLength, model.maxPositions)
        let lora = config.training.method == .lora
        activationBytes = 4 * TrainingPass.plannedFloats(config: model, batch: config.training.batchSize, sequenceLength: length,
                                                         loraRank: lora ? config.lora.rank : 0,
                                                         loraTargets: lora ? config.lora.targets : [])
        self.totalSteps = totalSteps
    }

    /// Loads the base model, runs `steps` optimizer steps on random tokens of the run's shape (after one warm-up
    /// step), and returns the estimate with the measured seconds per optimizer step. Nothing is written.
    public static func measure(config: RunConfig, steps: Int = 2, totalSteps: Int? = nil) throws -> RunEstimate {
        let model = try TransformerModel.load(folder: config.baseModelURL)
        if config.training.method == .lora {
            try model.addLoRA(config.lora.engineConfig, seed: 0)
        } else {
            model.setBaseTrainable(true)
        }
        let batch = config.training.batchSize, length = min(config.data.sequenceLength, model.config.maxPositions)
        var settings = config.training.trainerSettings
        settings.optimizer.learningRate = 0
        let trainer = Trainer(model: model, batch: batch, sequenceLength: length, settings: settings)
        var generator = SeededGenerator(seed: 1)
        let tokens = (0..<(batch * length)).map { _ in Int32(generator.next() % UInt64(model.config.vocabSize)) }
        let input = try TokenBatch.causal(tokens: tokens, batch: batch, sequenceLength: length,
                                          vocabSize: model.config.vocabSize, maxPositions: model.config.maxPositions)
        func oneStep() { trainer.step(microBatches: config.training.gradientAccumulation, learningRate: 0) { input } }
        oneStep()
        let start = Date()
        for _ in 0..<max(1, steps) { oneStep() }
        var estimate = RunEstimate(model: model.config, config: config, totalSteps: totalSteps)
        estimate.trainableParameters = model.trainableParameterCount
        estimate.secondsPerStep = Date().timeIntervalSince(start) / Double(max(1, steps))
        return estimate
    }
}
