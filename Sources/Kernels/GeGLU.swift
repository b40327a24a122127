/// Gemma's gated feed-forward activation: `out = gelu_tanh(gate) * up`, elementwise over `count` contiguous values
/// (`gate_proj` and `up_proj` outputs, `[tokens, intermediate]`), the GELU as in `GELU` (`gelu_pytorch_tanh`).
public enum GeGLU {
    static let c = GELU.c

    /// `out = gelu(gate) * up`.
    public static func forward(gate: UnsafePointer<Float>, up: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
                               count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            VectorMath.forEachChunk(range) { i, lanes in
                let g = VectorMath.load(gate + i, lanes: lanes), u = VectorMath.load(up + i, lanes: lanes)
                let t = VectorMath.tanh(c * (g + 0.044715 * g * g * g))
                VectorMath.store(0.5 * g * (1 + t) * u, out + i, lanes: lanes)
            }
        }
    }

    /// Gradients of `forward`: `dgate = dout * up * gelu'(gate)`, `dup = dout * gelu(gate)` (both overwritten;
    /// `dgate` may alias `gate`, `dup` may alias `up`). With `out`, also writes the forward's output there (see
    /// `SwiGLU.backward`).
    public static func backward(dout: UnsafePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                                dgate: UnsafeMutablePointer<Float>, dup: UnsafeMutablePointer<Float>, count: Int,
                                out: UnsafeMutablePointer<Float>? = nil) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            VectorMath.forEachChunk(range) { i, lanes in
                let g = VectorMath.load(gate + i, lanes: lanes), u = VectorMath.load(up + i, lanes: lanes)
                let d = VectorMath.load(dout + i, lanes: lanes)
                let t = VectorMath.tanh(c * (g + 0.044715 * g * g * g))
                let gelu = 0.5 * g * (1 + t)
                let dt = c * (1 + 3 * 0.044715 * g * g) * (1 - t * t)
                if let out { VectorMath.store(gelu * u, out + i, lanes: lanes) }
                VectorMath.store(d * u * (0.5 * (1 + t) + 0.5 * g * dt), dgate + i, lanes: lanes)
                VectorMath.store(d * gelu, dup + i, lanes: lanes)
            }
        }
    }
}
