/// Root-mean-square layer normalisation (Llama, Qwen2, Mistral): `y = x / sqrt(mean(x²) + eps) * weight`,
/// computed in f32 as Hugging Face's `LlamaRMSNorm` does.
///
/// Layouts: `x`, `y`, `dy`, `dx` are row-major `[rows, cols]` with rows contiguous; `weight`/`dweight` are `[cols]`;
/// `rstd` is `[rows]` and holds `1 / sqrt(mean(x²) + eps)` per row, saved by `forward` for `backward`.
public enum RMSNorm {
    /// Normalises every row of `x` into `y` (`y` may equal `x`). Pass `rstd` to keep the per-row reciprocal
    /// standard deviation for the backward pass, or `nil` at inference.
    public static func forward(
        x: UnsafePointer<Float>, weight: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
        rstd: UnsafeMutablePointer<Float>?, rows: Int, cols: Int, eps: Float
    ) {
        ThreadPool.shared.parallelFor(rows, grain: max(1, 16384 / max(cols, 1))) { range in
            for r in range {
                let xr = x + r * cols, yr = y + r * cols
                let ss = VectorMath.dot(xr, xr, cols)
                let s = 1 / (ss / Float(cols) + eps).squareRoot()
                rstd?[r] = s
                for j in 0..<cols { yr[j] = xr[j] * s * weight[j] }
            }
        }
    }

    /// Gradients of `forward`: writes `dx` (overwriting, or adding to it with `accumulate`; may not alias `dy` or
    /// `x`) and ADDS into `dweight`, so that weight gradients accumulate over micro-batches. Pass `dweight: nil` for
    /// a frozen weight. `accumulate` is for a norm on a residual branch: its input gradient adds to the residual
    /// stream's in the same pass, instead of a second pass over both.
    public static func backward(
        dy: UnsafePointer<Float>, x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        rstd: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, accumulate: Bool = false,
        dweight: UnsafeMutablePointer<Float>?, rows: Int, cols: Int
    ) {
        ThreadPool.shared.parallelFor(rows, grain: max(1, 16384 / max(cols, 1))) { range in
            for r in range {
                let xr = x + r * cols, dyr = dy + r * cols, dxr = dx + r * cols
                let s = rstd[r]
                // dot = sum_j dy_j * w_j * xhat_j
                let c = VectorMath.dot3(dyr, weight, xr, cols) * s / Float(cols)
                for j in 0..<cols {
                    let xhat = xr[j] * s
                    let g = s * (dyr[j] * weight[j] - xhat * c)
                    dxr[j] = accumulate ? dxr[j] + g : g
                }
            }
        }
        if let dweight {
            accumulateColumnSums(rows: rows, cols: cols, into: dweight) { r, j in dy[r * cols + j] * x[r * cols + j] * rstd[r] }
        }
    }
}

/// Adds `sum over rows of term(r, j)` into `out[j]`, splitting columns over the pool so that no two threads
/// write the same element (deterministic: each column is summed in row order by one thread).
@inline(__always)
func accumulateColumnSums(rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>,
                          _ term: (Int, Int) -> Float) {
    ThreadPool.shared.parallelFor(cols, grain: 64) { range in
        for r in 0..<rows {
            for j in range { out[j] += term(r, j) }
        }
    }
}
