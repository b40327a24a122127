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
    public var step: Int
    /// Mean of the micro-batches' mean losses.
    public var loss: Float
    /// Global gradient norm before clipping.
    public var gradientNorm: Double
    public var countedTargets: Int
}

/// Optimizer steps over a model's trainable weights: gradients of one or more micro-batches (accumulated),
/// clipping by global norm, then AdamW on every trainable weight. Frozen weights have no gradient and no moments.
public final class Trainer: @unchecked Sendable {
    public let model: TransformerModel
    public let pass: TrainingPass
    public var settings: TrainerSettings
    public private(set) var stepCount = 0

    public init(model: TransformerModel, batch: Int, sequenceLength: Int, settings: TrainerSettings = TrainerSettings()) {
        self.model = model
        self.settings = settings
        pass = TrainingPass(model: model, batch: batch, sequenceLength: sequenceLength)
    }

    public func zeroGradients() {
        for parameter in model.trainableParameters { parameter.gradient?.zero() }
    }

    /// Accumulates the gradients of `microBatches` (each scaled by 1/count, so the step sees their mean), clips,
    /// and applies one AdamW step.
    @discardableResult
    public func step(_ microBatches: [TokenBatch]) -> StepReport {
        precondition(!microBatches.isEmpty, "a step needs at least one micro-batch")
        zeroGradients()
        var lossSum: Float = 0
        var counted = 0
        for batch in microBatches {
            let loss = pass.lossAndGradients(batch, lossScale: 1 / Float(microBatches.count))
            lossSum += loss.mean
            counted += loss.counted
        }
        let norm = applyGradients()
        return StepReport(step: stepCount, loss: lossSum / Float(microBatches.count), gradientNorm: norm,
                          countedTargets: counted)
    }

    /// Clips the accumulated gradients and applies AdamW; returns the norm before clipping.
    @discardableResult
    public func applyGradients() -> Double {
        let parameters = model.trainableParameters
        let buffers = parameters.compactMap { $0.gradient?.buffer }
        let norm: Double
        if let maxNorm = settings.maxGradientNorm {
            norm = GradientClipping.clip(buffers, maxNorm: maxNorm)
        } else {
            norm = GradientClipping.globalNorm(buffers.map { UnsafeBufferPointer($0) })
        }
        stepCount += 1
        for parameter in parameters {
            guard let gradient = parameter.gradient else { continue }
            if parameter.firstMoment == nil {
                parameter.firstMoment = FloatBuffer(count: parameter.count)
                parameter.secondMoment = FloatBuffer(count: parameter.count)
            }
            var optimizer = settings.optimizer
            if !parameter.decays { optimizer.weightDecay = 0 }
            optimizer.step(step: stepCount, params: parameter.value.pointer, grads: gradient.pointer,
                           m: parameter.firstMoment!.pointer, v: parameter.secondMoment!.pointer, count: parameter.count)
        }
        return norm
    }
}
