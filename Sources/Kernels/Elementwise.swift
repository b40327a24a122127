/// Elementwise arithmetic over `count` contiguous floats: residual adds, scaling, and `axpy` accumulation.
/// Outputs may alias inputs.
public enum Elementwise {
    /// `out = a + b`.
    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
                           count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 16) { range in
            for i in range { out[i] = a[i] + b[i] }
        }
    }

    /// `x *= alpha`.
    public static func scale(_ x: UnsafeMutablePointer<Float>, by alpha: Float, count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 16) { range in
            for i in range { x[i] *= alpha }
        }
    }

    /// `y += alpha * x` (BLAS `saxpy`), e.g. to add a scaled LoRA branch into a base output or accumulate gradients.
    public static func axpy(alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 16) { range in
            for i in range { y[i] += alpha * x[i] }
        }
    }

    /// `out[r, :] += bias` for each of `rows` rows of a row-major `[rows, cols]` matrix (linear-layer bias).
    public static func addRowVector(_ bias: UnsafePointer<Float>, to out: UnsafeMutablePointer<Float>,
                                    rows: Int, cols: Int) {
        ThreadPool.shared.parallelFor(rows, grain: max(1, 16384 / max(cols, 1))) { range in
            for r in range {
                let o = out + r * cols
                for j in 0..<cols { o[j] += bias[j] }
            }
        }
    }

    /// `dbias[j] += sum over rows of dout[r, j]` (the bias gradient of `addRowVector`).
    public static func accumulateColumnSums(of dout: UnsafePointer<Float>, into dbias: UnsafeMutablePointer<Float>,
                                            rows: Int, cols: Int) {
        Kernels.accumulateColumnSums(rows: rows, cols: cols, into: dbias) { r, j in dout[r * cols + j] }
    }

    /// Sum of squares of `count` values, accumulated in `Double` (for gradient norms and diagnostics).
    public static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var total: Double = 0
        var start = 0
        while start < count {
            let end = min(count, start + 4096)
            var partial: Float = 0
            for i in start..<end { partial += x[i] * x[i] }
            total += Double(partial)
            start = end
        }
        return total
    }
}
