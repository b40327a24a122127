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
        let h = model.hiddenSize, inter = model.intermediateSize
        let q = model.headCount * model.headDim, kv = model.kvHeadCount * model.headDim
        switch config.training.method {
        case .full:
            trainableParameters = totalParameters
        case .lora:
            let r = config.lora.rank
            var perLayer = 0
            let shapes: [String: (Int, Int)] = model.family == .llama
                ? ["q_proj": (h, q), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (q, h),
                   "gate_proj": (h, inter), "up_proj": (h, inter), "down_proj": (inter, h)]
                : ["c_attn": (h, 3 * h), "c_proj": (h, h), "c_fc": (h, inter)]
            for target in config.lora.targets { if let (i, o) = shapes[target] { perLayer += r * (i + o) } }
            trainableParameters = perLayer * model.layerCount
        }
        weightBytes = 4 * totalParameters
        optimizerBytes = 4 * 3 * trainableParameters
        let rows = config.training.batchSize * config.data.sequenceLength
        // Per layer (as TrainingPass saves them): residual, norms, q/k/v, attention output, MLP in/out, and the
        // attention probabilities; plus gradient buffers of about twice one layer and the loss chunk of logits.
        let perLayer = rows * (6 * h + 2 * q + 2 * kv + 3 * inter)
            + config.training.batchSize * model.headCount * config.data.sequenceLength * config.data.sequenceLength
        let backward = 2 * rows * (4 * h + q + 2 * kv + 2 * inter)
        activationBytes = 4 * (model.layerCount * perLayer + backward + min(rows * model.vocabSize, TrainingPass.lossChunkFloats) + rows * h * 2)
        self.totalSteps = totalSteps
    }

    /// Loads the base model, runs `steps` optimizer steps on random tokens of the run's shape (after one warm-up
    /// step), and returns the estimate with the measured seconds per optimizer step. Nothing is written.
    public static func measure(config: RunConfig, steps: Int = 2, totalSteps: Int? = nil) throws -> RunEstimate {
        let model = try TransformerModel.load(folder: config.baseModelURL)
        if config.training.method == .lora {
            try model.addLoRA(LoRAConfig(rank: config.lora.rank, alpha: Float(config.lora.alpha), dropout: Float(config.lora.dropout),
                                         useRSLoRA: config.lora.rslora, targetModules: config.lora.targets), seed: 0)
        } else {
            model.setBaseTrainable(true)
        }
        let batch = config.training.batchSize, length = min(config.data.sequenceLength, model.config.maxPositions)
        let pass = TrainingPass(model: model, batch: batch, sequenceLength: length)
        let optimizer = RunOptimizer(parameters: model.trainableParameters, settings: .init(learningRate: 0), maxGradientNorm: 1)
        var generator = SeededGenerator(seed: 1)
        let tokens = (0..<(batch * length)).map { _ in Int32(generator.next() % UInt64(model.config.vocabSize)) }
        let input = try TokenBatch.causal(tokens: tokens, batch: batch, sequenceLength: length,
                                          vocabSize: model.config.vocabSize, maxPositions: model.config.maxPositions)
        func oneStep() {
            optimizer.zeroGradients()
            for _ in 0..<config.training.gradientAccumulation {
                _ = pass.lossAndGradients(input, lossScale: 1 / Float(config.training.gradientAccumulation))
            }
            optimizer.step(learningRate: 0)
        }
        oneStep()
        let start = Date()
        for _ in 0..<max(1, steps) { oneStep() }
        var estimate = RunEstimate(model: model.config, config: config, totalSteps: totalSteps)
        estimate.trainableParameters = model.trainableParameterCount
        estimate.secondsPerStep = Date().timeIntervalSince(start) / Double(max(1, steps))
        return estimate
    }
}
