/// SiLU (swish) activation, `silu(x) = x * sigmoid(x)`, elementwise over `count` contiguous values.
public enum SiLU {
    /// `y = silu(x)`; `y` may equal `x`.
    public static func forward(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            VectorMath.forEachChunk(range) { i, lanes in
                let v = VectorMath.load(x + i, lanes: lanes)
                VectorMath.store(v * VectorMath.sigmoid(v), y + i, lanes: lanes)
            }
        }
    }

    /// `dx = dy * silu'(x)` with `silu'(x) = s * (1 + x * (1 - s))`, `s = sigmoid(x)`; `dx` may equal `dy`.
    public static func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
                                count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            VectorMath.forEachChunk(range) { i, lanes in
                let v = VectorMath.load(x + i, lanes: lanes), s = VectorMath.sigmoid(v)
                let g = VectorMath.load(dy + i, lanes: lanes)
                VectorMath.store(g * s * (1 + v * (1 - s)), dx + i, lanes: lanes)
            }
        }
    }
}
