/// Single-precision matrix multiply on row-major buffers, with BLAS's contract:
/// `C = alpha * op(A) * op(B) + beta * C`, where `op(A)` is `m × k`, `op(B)` is `k × n`, and `C` is `m × n`.
///
/// Leading dimensions are the row strides of the buffers as stored (for a transposed `A`, the stored matrix is
/// `k × m`, so `lda ≥ m`). When `beta` is zero, `C` is overwritten and may hold garbage on entry.
///
/// This is the single entry point that the engine uses for every matrix product. It runs in the kernel set chosen
/// for this CPU (`KernelDispatch.active`; the blocked product, its micro-kernel and the skinny paths are described
/// in Sources/KernelSets/Shared/Sgemm.swift), on `ThreadPool.shared`; called from inside a pool job (or while
/// another thread is using the pool) it runs on the calling thread alone.
///
/// Performance notes for callers: every call packs op(B) afresh, so prefer one call over many row chunks of the
/// same wide B (the vocabulary projection); work below ~2 MFLOP runs on the calling thread alone.
public func sgemm(
    _ transA: Transpose, _ transB: Transpose,
    m: Int, n: Int, k: Int,
    alpha: Float,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    KernelDispatch.active.sgemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                                beta: beta, c: c, ldc: ldc)
}

/// `C = Σ alpha_s · op(A_s) · op(B_s) + beta · C`: a sum of products that share C, computed as ONE product over the
/// concatenated k dimension, `[A_1 | A_2 | …] · [B_1; B_2; …]`.
///
/// Why: a LoRA projection adds a rank-r product to the base one (`y = x·Wᵀ + s·h·Bᵀ`, `dx = dy·W + dh·A`). As a
/// separate call, that rank-8 term reads and writes all of C again for a few FLOPs per element; as the last 8 steps
/// of the base product's last k block it costs almost nothing.
public func sgemm(m: Int, n: Int, slices: [SgemmSlice], beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    KernelDispatch.active.sgemm(m: m, n: n, slices: slices, beta: beta, c: c, ldc: ldc)
}

/// The plain triple loop that defines what `sgemm` computes; tests compare the fast path against it.
public func referenceSgemm(
    _ transA: Transpose, _ transB: Transpose,
    m: Int, n: Int, k: Int,
    alpha: Float,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: Float = 0
            for p in 0..<k {
                let av = transA == .none ? a[i * lda + p] : a[p * lda + i]
                let bv = transB == .none ? b[p * ldb + j] : b[j * ldb + p]
                sum += av * bv
            }
            let prior = beta == 0 ? 0 : beta * c[i * ldc + j]
            c[i * ldc + j] = alpha * sum + prior
        }
    }
}
