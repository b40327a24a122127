import Kernels

/// How the trainer updates weights.
public struct TrainerSettings: Sendable, Equatable {
    public var optimizer: AdamW
    /// Clip the global gradient norm to this (torch's `clip_grad_norm_`), or nil for no clipping.
    public var maxGradientNorm: Double?

    public init(optimizer: AdamW = AdamW(), maxGradientNorm: Double? = 1.0) {
        self.optimizer = optimizer
        self.maxGradientNorm = maxGradientNorm
    }
}

/// What one optimizer step did.
public struct StepReport: Sendable, Equatable {
    /// Steps taken so far, this one included when it was applied.
    public var step: Int
    /// Mean of the micro-batches' mean losses.
    public var loss: Float
    /// Global gradient norm before clipping.
    public var gradientNorm: Double
    public var countedTargets: Int
    /// False when the loss or the gradient norm was not finite: the weights and moments were left as they were.
    public var applied: Bool
}

/// The training step, the only one: runs, pretraining, estimates and `loom bench train` all take their steps
/// here, so the benchmarked path is the shipped path. Top to bottom: zero the gradients; forward and backward
/// over each micro-batch (gradients scaled by 1/count, so the step sees their mean); refuse a non-finite loss or
/// gradient norm without touching the weights; clip and AdamW.
public final class Trainer: @unchecked Sendable {
    public let model: TransformerModel
    public let pass: TrainingPass
    /// Made for the model's trainable weights; made again before the first step if they changed since (LoRA
    /// added after the trainer, as a checkpoint restore or a test may do).
    public private(set) var optimizer: Optimizer

    public init(model: TransformerModel, batch: Int, sequenceLength: Int, settings: TrainerSettings = TrainerSettings()) {
        self.model = model
        pass = TrainingPass(model: model, batch: batch, sequenceLength: sequenceLength)
        optimizer = Optimizer(parameters: model.trainableParameters, settings: settings.optimizer,
                              maxGradientNorm: settings.maxGradientNorm)
    }

    public var stepCount: Int { optimizer.stepCount }

    /// One step over `count` micro-batches that `next` supplies, at `learningRate` (the settings' when nil).
    @discardableResult
    public func step(microBatches count: Int, learningRate: Double? = nil,
                     next: () throws -> TokenBatch) rethrows -> StepReport {
        precondition(count > 0, "a step needs at least one micro-batch")
        let trainable = model.trainableParameters
        if optimizer.stepCount == 0, !trainable.elementsEqual(optimizer.parameters, by: ===) {
            optimizer = Optimizer(parameters: trainable, settings: optimizer.settings, maxGradientNorm: optimizer.maxGradientNorm)
        }
        optimizer.zeroGradients()
        var lossSum: Float = 0
        var counted = 0
        for _ in 0..<count {
            let loss = pass.lossAndGradients(try next(), lossScale: 1 / Float(count))
            lossSum += loss.mean
            counted += loss.counted
        }
        let loss = lossSum / Float(count)
        guard loss.isFinite else {
            return StepReport(step: stepCount, loss: loss, gradientNorm: .nan, countedTargets: counted, applied: false)
        }
        let norm = optimizer.step(learningRate: learningRate)
        return StepReport(step: stepCount, loss: loss, gradientNorm: norm, countedTargets: counted, applied: norm.isFinite)
    }

    /// One step over these micro-batches.
    @discardableResult
    public func step(_ microBatches: [TokenBatch], learningRate: Double? = nil) -> StepReport {
        var index = 0
        return step(microBatches: microBatches.count, learningRate: learningRate) {
            defer { index += 1 }
            return microBatches[index]
        }
    }
}
