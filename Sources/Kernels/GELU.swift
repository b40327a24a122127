/// GELU with the tanh approximation (`gelu_new` / `gelu_pytorch_tanh`, GPT-2's activation):
/// `gelu(x) = 0.5 * x * (1 + tanh(sqrt(2/π) * (x + 0.044715 x³)))`, elementwise over `count` contiguous values.
public enum GELU {
    static let c: Float = 0.7978845608028654  // sqrt(2/π)

    /// `y = gelu(x)`; `y` may equal `x`.
    public static func forward(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            VectorMath.forEachChunk(range) { i, lanes in
                let v = VectorMath.load(x + i, lanes: lanes)
                let t = VectorMath.tanh(c * (v + 0.044715 * v * v * v))
                VectorMath.store(0.5 * v * (1 + t), y + i, lanes: lanes)
            }
        }
    }

    /// `dx = dy * gelu'(x)`; `dx` may equal `dy`.
    public static func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
                                count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            VectorMath.forEachChunk(range) { i, lanes in
                let v = VectorMath.load(x + i, lanes: lanes), g = VectorMath.load(dy + i, lanes: lanes)
                let t = VectorMath.tanh(c * (v + 0.044715 * v * v * v))
                let dt = c * (1 + 3 * 0.044715 * v * v) * (1 - t * t)
                VectorMath.store(g * (0.5 * (1 + t) + 0.5 * v * dt), dx + i, lanes: lanes)
            }
        }
    }
}
