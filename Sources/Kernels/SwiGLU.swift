/// The gated feed-forward activation of Llama-family MLPs: `out = silu(gate) * up`, elementwise over `count`
/// contiguous values (`gate` and `up` are the outputs of `gate_proj` and `up_proj`, same layout `[tokens, intermediate]`).
/// Fusing the two saves a pass over memory compared to SiLU then multiply.
public enum SwiGLU {
    /// `out = silu(gate) * up`; `out` may equal `gate` or `up` only if the caller no longer needs them for backward.
    public static func forward(gate: UnsafePointer<Float>, up: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
                               count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            VectorMath.forEachChunk(range) { i, lanes in
                let g = VectorMath.load(gate + i, lanes: lanes), u = VectorMath.load(up + i, lanes: lanes)
                VectorMath.store(g * VectorMath.sigmoid(g) * u, out + i, lanes: lanes)
            }
        }
    }

    /// Gradients of `forward`: `dgate = dout * up * silu'(gate)`, `dup = dout * silu(gate)` (both overwritten).
    /// `dgate` may alias `gate` and `dup` may alias `up` (each element is read before it is written).
    ///
    /// With `out`, also writes the forward's output `silu(gate) * up` there, from the sigmoid already at hand: a
    /// training step that does not keep the activation (it recomputes it from gate and up) gets it for a store
    /// instead of a separate pass.
    public static func backward(dout: UnsafePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                                dgate: UnsafeMutablePointer<Float>, dup: UnsafeMutablePointer<Float>, count: Int,
                                out: UnsafeMutablePointer<Float>? = nil) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            VectorMath.forEachChunk(range) { i, lanes in
                let g = VectorMath.load(gate + i, lanes: lanes), u = VectorMath.load(up + i, lanes: lanes)
                let d = VectorMath.load(dout + i, lanes: lanes)
                let s = VectorMath.sigmoid(g)
                let silu = g * s
                if let out { VectorMath.store(silu * u, out + i, lanes: lanes) }
                VectorMath.store(d * u * s * (1 + g * (1 - s)), dgate + i, lanes: lanes)
                VectorMath.store(d * silu, dup + i, lanes: lanes)
            }
        }
    }
}
