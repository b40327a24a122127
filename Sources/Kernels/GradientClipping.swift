/// Gradient clipping by global norm, as `torch.nn.utils.clip_grad_norm_` does it: the norm is taken over all
/// gradient tensors together, and every gradient is multiplied by `min(1, maxNorm / (norm + 1e-6))`.
public enum GradientClipping {
    /// The L2 norm of all buffers together: `sqrt(sum over buffers of sum of squares)`, accumulated in `Double`.
    public static func globalNorm(_ buffers: [UnsafeBufferPointer<Float>]) -> Double {
        var total: Double = 0
        for buffer in buffers {
            guard let base = buffer.baseAddress else { continue }
            total += Elementwise.sumOfSquares(base, count: buffer.count)
        }
        return total.squareRoot()
    }

    /// The factor torch applies to every gradient: `min(1, maxNorm / (norm + 1e-6))`.
    public static func clipCoefficient(norm: Double, maxNorm: Double) -> Float {
        Float(min(1, maxNorm / (norm + 1e-6)))
    }

    /// Computes the global norm of `buffers`, scales them in place when it exceeds `maxNorm`, and returns the norm
    /// measured before clipping (what torch returns and what training logs report as `grad_norm`).
    @discardableResult
    public static func clip(_ buffers: [UnsafeMutableBufferPointer<Float>], maxNorm: Double) -> Double {
        let norm = globalNorm(buffers.map { UnsafeBufferPointer($0) })
        let coefficient = clipCoefficient(norm: norm, maxNorm: maxNorm)
        if coefficient < 1 {
            for buffer in buffers {
                guard let base = buffer.baseAddress else { continue }
                Elementwise.scale(base, by: coefficient, count: buffer.count)
            }
        }
        return norm
    }
}
