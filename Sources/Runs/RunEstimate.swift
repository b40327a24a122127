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
    /// Saved activations and scratch of one micro-batch (forward and backward), with LoRA dropout's kept inputs.
    public var activationBytes: Int
    /// What the process holds before the run allocates anything: its resident memory when the estimate is made
    /// (the runtime, and in the workbench the open datasets, which stay while the run trains in the same process).
    public var baselineBytes: Int
    /// What a run holds beside its buffers: `runtimeReserveBytes` and a serialised copy of the trainable state
    /// while a checkpoint is written.
    public var runtimeBytes: Int
    /// Seconds per optimizer step, when measured.
    public var secondsPerStep: Double?
    public var totalSteps: Int?

    public var memoryBytes: Int { baselineBytes + weightBytes + optimizerBytes + activationBytes + runtimeBytes }

    /// Engine code paged in, thread-pool stacks and kernel packing buffers, the tokenizer and the tokenized data:
    /// measured as peak RSS minus every other term on the sample run (README, "Checking a run before it starts").
    public static let runtimeReserveBytes = 16 << 20
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
        activationBytes += 4 * Self.loraDropoutFloats(model: model, config: config, rows: config.training.batchSize * length)
        baselineBytes = ProcessMemory.residentBytes() ?? 0
        runtimeBytes = Self.runtimeReserveBytes + 4 * 3 * trainableParameters
        self.totalSteps = totalSteps
    }

    /// LoRA with dropout keeps, per adapted projection, the kept-input scale and the dropped input `[rows, in]`
    /// (`LoRALinear.reserve`), and the backward pass one `[rows, widest input]` scratch (`BackwardScratch`). Not in
    /// `TrainingPass.plannedFloats`, which sizes the pass, not the adapters; on the sample run this is 35 of 141 MiB.
    static func loraDropoutFloats(model: ModelConfig, config: RunConfig, rows: Int) -> Int {
        guard config.training.method == .lora, config.lora.dropout > 0 else { return 0 }
        let adapted = model.layerProjections.filter { config.lora.targets.contains($0.name) }
        let perLayer = adapted.reduce(0) { $0 + 2 * rows * $1.inFeatures }
        return model.layerCount * perLayer + rows * (adapted.map(\.inFeatures).max() ?? 0)
    }

    /// Loads the base model, runs `steps` optimizer steps on random tokens of the run's shape (after one warm-up
    /// step), and returns the estimate with the measured seconds per optimizer step. Nothing is written.
    public static func measure(config: RunConfig, steps: Int = 2, totalSteps: Int? = nil) throws -> RunEstimate {
        // The baseline is what the process held before this measurement loaded anything.
        let baseline = ProcessMemory.residentBytes() ?? 0
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
        estimate.baselineBytes = baseline
        estimate.secondsPerStep = Date().timeIntervalSince(start) / Double(max(1, steps))
        return estimate
    }
}
