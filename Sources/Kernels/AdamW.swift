import Foundation

/// The AdamW optimiser exactly as `torch.optim.AdamW` (single-tensor path, `amsgrad=False`, `maximize=False`)
/// computes it, so that a run here and one in PyTorch move the same weights the same way:
///
/// ```
/// param *= 1 - lr * weight_decay                  // decoupled weight decay, applied first
/// m = lerp(m, g, 1 - beta1)                         // m + (1 - beta1) * (g - m)
/// v = beta2 * v + (1 - beta2) * g * g
/// denom = sqrt(v) / sqrt(1 - beta2^t) + eps         // eps outside the square root
/// param -= lr / (1 - beta1^t) * m / denom
/// ```
/// `t` counts steps from 1. Bias-correction scalars are computed in `Double`, as Python floats are.
public struct AdamW: Sendable, Equatable {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public var weightDecay: Float

    /// Defaults are PyTorch's: `lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2`.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                weightDecay: Float = 1e-2) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
    }

    /// Applies step number `step` (1-based) to `count` parameters in place, updating the moment buffers `m` and `v`
    /// (zero-initialised before the first step). All five buffers are `[count]`.
    public func step(step: Int, params: UnsafeMutablePointer<Float>, grads: UnsafePointer<Float>,
                     m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, count: Int) {
        precondition(step >= 1, "AdamW steps count from 1")
        let decay = 1 - learningRate * weightDecay
        let bc1 = 1 - Foundation.pow(Double(beta1), Double(step))
        let bc2 = 1 - Foundation.pow(Double(beta2), Double(step))
        let stepSize = Float(Double(learningRate) / bc1)
        let bc2Sqrt = Float(bc2.squareRoot())
        let b1 = beta1, b2 = beta2, eps = eps
        let w1 = 1 - b1, w2 = 1 - b2
        ThreadPool.shared.parallelFor(count, grain: 1 << 14) { range in
            for i in range {
                let g = grads[i]
                let p = params[i] * decay
                // torch.lerp with weight < 0.5: start + weight * (end - start)
                let mi = w1 < 0.5 ? m[i] + w1 * (g - m[i]) : g - (g - m[i]) * (1 - w1)
                let vi = v[i] * b2 + w2 * g * g
                m[i] = mi
                v[i] = vi
                let denom = vi.squareRoot() / bc2Sqrt + eps
                params[i] = p - stepSize * (mi / denom)
            }
        }
    }
}
