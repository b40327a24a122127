import Engine
import Foundation
import Kernels

/// AdamW over a model's trainable weights, with its moments held here (not in the model) so that a checkpoint can
/// save and restore them exactly: gradients are clipped by global norm, then every trainable weight takes one step
/// of `Kernels.AdamW` (PyTorch's arithmetic) at the schedule's learning rate.
public final class RunOptimizer: @unchecked Sendable {
    public let parameters: [ParameterTensor]
    public var settings: AdamW
    /// Clip the global gradient norm to this; nil: no clipping.
    public var maxGradientNorm: Double?
    /// Steps taken (AdamW's bias correction counts from 1).
    public var stepCount = 0
    let firstMoments: [FloatBuffer]
    let secondMoments: [FloatBuffer]

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

    /// Clips, steps at `learningRate`, and returns the gradient norm before clipping.
    @discardableResult
    public func step(learningRate: Double) -> Double {
        let buffers = parameters.compactMap { $0.gradient?.buffer }
        let norm: Double
        if let maxGradientNorm {
            norm = GradientClipping.clip(buffers, maxNorm: maxGradientNorm)
        } else {
            norm = GradientClipping.globalNorm(buffers.map { UnsafeBufferPointer($0) })
        }
        stepCount += 1
        for (i, parameter) in parameters.enumerated() {
            guard let gradient = parameter.gradient else { continue }
            var optimizer = settings
            optimizer.learningRate = Float(learningRate)
            if !parameter.decays { optimizer.weightDecay = 0 }
            optimizer.step(step: stepCount, params: parameter.value.pointer, grads: gradient.pointer,
                           m: firstMoments[i].pointer, v: secondMoments[i].pointer, count: parameter.count)
        }
        return norm
    }
}
