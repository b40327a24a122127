import Kernels

/// AdamW over a model's trainable weights, the only one: clipping by global norm, then one step of
/// `Kernels.AdamW` (PyTorch's arithmetic) per weight. The moments live here, not in the model, so a checkpoint can
/// save and restore them exactly; frozen weights have none.
public final class Optimizer: @unchecked Sendable {
    public let parameters: [ParameterTensor]
    public var settings: AdamW
    /// Clip the global gradient norm to this (torch's `clip_grad_norm_`); nil: no clipping.
    public var maxGradientNorm: Double?
    /// Steps taken (AdamW's bias correction counts from 1).
    public var stepCount = 0
    public let firstMoments: [FloatBuffer]
    public let secondMoments: [FloatBuffer]

    public init(parameters: [ParameterTensor], settings: AdamW, maxGradientNorm: Double?) {
        self.parameters = parameters
        self.settings = settings
        self.maxGradientNorm = maxGradientNorm
        firstMoments = parameters.map { FloatBuffer(count: $0.count) }
        secondMoments = parameters.map { FloatBuffer(count: $0.count) }
    }

    public func zeroGradients() {
        for parameter in parameters { parameter.gradient?.zero() }
    }

    /// Clips, steps at `learningRate` (the settings' rate when nil), and returns the gradient norm before clipping.
    /// A norm that is not finite (NaN or infinite gradients) is returned without a step: the weights and moments
    /// stay as they were, so the caller can stop with the last good state intact.
    @discardableResult
    public func step(learningRate: Double? = nil) -> Double {
        let buffers = parameters.compactMap { $0.gradient?.buffer }
        let norm = GradientClipping.globalNorm(buffers.map { UnsafeBufferPointer($0) })
        guard norm.isFinite else { return norm }
        if let maxGradientNorm {
            let coefficient = GradientClipping.clipCoefficient(norm: norm, maxNorm: maxGradientNorm)
            if coefficient < 1 {
                for buffer in buffers { Elementwise.scale(buffer.baseAddress!, by: coefficient, count: buffer.count) }
            }
        }
        stepCount += 1
        for (i, parameter) in parameters.enumerated() {
            guard let gradient = parameter.gradient else { continue }
            var optimizer = settings
            if let learningRate { optimizer.learningRate = Float(learningRate) }
            if !parameter.decays { optimizer.weightDecay = 0 }
            optimizer.step(step: stepCount, params: parameter.value.pointer, grads: gradient.pointer,
                           m: firstMoments[i].pointer, v: secondMoments[i].pointer, count: parameter.count)
        }
        return norm
    }
}
