import Foundation

/// Numerically stable softmax over the rows of a row-major `[rows, cols]` matrix (the maximum of each row is
/// subtracted before exponentiating, so large logits do not overflow).
public enum Softmax {
    /// `y[r, :] = softmax(x[r, :])`; `y` may equal `x` (in place).
    public static func forward(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        ThreadPool.shared.parallelFor(rows, grain: max(1, 16384 / max(cols, 1))) { range in
            for r in range { softmaxRow(x + r * cols, y + r * cols, cols) }
        }
    }

    /// Softmax of one row of `count` values: `y` may equal `x`. Exposed for attention and sampling code.
    @inline(__always)
    public static func softmaxRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
        let mx = VectorMath.max(x, count)
        if UnsafePointer(y) != x { y.update(from: x, count: count) }
        let sum = VectorMath.expShiftedInPlace(y, count, shift: mx)
        VectorMath.scale(y, count, by: 1 / sum)
    }

    /// Gradient of `forward` given its output `y`: `dx = y * (dy - sum(dy * y))` per row. `dx` may equal `dy`.
    public static func backward(dy: UnsafePointer<Float>, y: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
                                rows: Int, cols: Int) {
        ThreadPool.shared.parallelFor(rows, grain: max(1, 16384 / max(cols, 1))) { range in
            for r in range {
                let yr = y + r * cols, dyr = dy + r * cols, dxr = dx + r * cols
                let dot = VectorMath.dot(dyr, yr, cols)
                for j in 0..<cols { dxr[j] = yr[j] * (dyr[j] - dot) }
            }
        }
    }
}
