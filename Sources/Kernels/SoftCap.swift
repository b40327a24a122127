/// Soft-capping (Gemma 2's attention and final logits): `x ← cap · tanh(x / cap)`, which bounds values to
/// (−cap, cap) smoothly, in the order transformers computes it (divide, tanh, multiply).
public enum SoftCap {
    /// Caps `count` contiguous values in place; with `tanh`, also writes `tanh(x / cap)` there for `backward`.
    public static func forward(_ x: UnsafeMutablePointer<Float>, count: Int, cap: Float, tanh: UnsafeMutablePointer<Float>?) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            apply(x, range: range, cap: cap, tanh: tanh)
        }
    }

    /// `forward` on `x[range]` on the calling thread (for kernels that already run one row per task).
    @inline(__always)
    public static func apply(_ x: UnsafeMutablePointer<Float>, range: Range<Int>, cap: Float, tanh: UnsafeMutablePointer<Float>?) {
        let capVector = SIMD16<Float>(repeating: cap)
        VectorMath.forEachChunk(range) { i, lanes in
            let t = VectorMath.tanh(VectorMath.load(x + i, lanes: lanes) / capVector)
            if let tanh { VectorMath.store(t, tanh + i, lanes: lanes) }
            VectorMath.store(t * capVector, x + i, lanes: lanes)
        }
    }

    /// The gradient through the cap, in place: `dx ← dx · (1 − t²)` with `t` the saved `tanh(x / cap)`.
    public static func backward(_ dx: UnsafeMutablePointer<Float>, tanh: UnsafePointer<Float>, count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            VectorMath.forEachChunk(range) { i, lanes in
                let t = VectorMath.load(tanh + i, lanes: lanes)
                VectorMath.store(VectorMath.load(dx + i, lanes: lanes) * (1 - t * t), dx + i, lanes: lanes)
            }
        }
    }
}
