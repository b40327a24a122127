/// Layer normalisation (GPT-2): `y = (x - mean) / sqrt(var + eps) * weight + bias`, with the biased variance as
/// `torch.nn.LayerNorm` uses.
///
/// Layouts: `x`, `y`, `dy`, `dx` are row-major `[rows, cols]`; `weight`, `bias`, `dweight`, `dbias` are `[cols]`;
/// `mean` and `rstd` are `[rows]`, saved by `forward` for `backward`.
public enum LayerNorm {
    /// Normalises every row of `x` into `y` (`y` may equal `x`). `mean`/`rstd` may be `nil` at inference.
    public static func forward(
        x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        y: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>?, rstd: UnsafeMutablePointer<Float>?,
        rows: Int, cols: Int, eps: Float
    ) {
        ThreadPool.shared.parallelFor(rows, grain: max(1, 16384 / max(cols, 1))) { range in
            for r in range {
                let xr = x + r * cols, yr = y + r * cols
                let mu = VectorMath.sum(xr, cols) / Float(cols)
                let ss = VectorMath.squaredDeviation(xr, cols, from: mu)
                let s = 1 / (ss / Float(cols) + eps).squareRoot()
                mean?[r] = mu
                rstd?[r] = s
                if let bias {
                    for j in 0..<cols { yr[j] = (xr[j] - mu) * s * weight[j] + bias[j] }
                } else {
                    for j in 0..<cols { yr[j] = (xr[j] - mu) * s * weight[j] }
                }
            }
        }
    }

    /// Gradients of `forward`: writes `dx` (overwriting, or adding to it with `accumulate`, as `RMSNorm.backward`
    /// does; may not alias `dy` or `x`) and ADDS into `dweight` and `dbias` (pass `nil` for frozen parameters).
    public static func backward(
        dy: UnsafePointer<Float>, x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
        dx: UnsafeMutablePointer<Float>, accumulate: Bool = false,
        dweight: UnsafeMutablePointer<Float>?, dbias: UnsafeMutablePointer<Float>?,
        rows: Int, cols: Int
    ) {
        ThreadPool.shared.parallelFor(rows, grain: max(1, 16384 / max(cols, 1))) { range in
            for r in range {
                let xr = x + r * cols, dyr = dy + r * cols, dxr = dx + r * cols
                let mu = mean[r], s = rstd[r]
                // sum of g = dy*w, and of g * xhat = s * (sum g*x - mu * sum g)
                let sumG = VectorMath.dot(dyr, weight, cols)
                let sumGX = s * (VectorMath.dot3(dyr, weight, xr, cols) - mu * sumG)
                let meanG = sumG / Float(cols), meanGX = sumGX / Float(cols)
                for j in 0..<cols {
                    let xhat = (xr[j] - mu) * s
                    let g = s * (dyr[j] * weight[j] - meanG - xhat * meanGX)
                    dxr[j] = accumulate ? dxr[j] + g : g
                }
            }
        }
        if let dweight {
            accumulateColumnSums(rows: rows, cols: cols, into: dweight) { r, j in
                dy[r * cols + j] * (x[r * cols + j] - mean[r]) * rstd[r]
            }
        }
        if let dbias {
            accumulateColumnSums(rows: rows, cols: cols, into: dbias) { r, j in dy[r * cols + j] }
        }
    }
}
