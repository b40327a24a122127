/// Whether a matrix operand of `sgemm` is used as stored or transposed.
public enum Transpose: Sendable {
    case none
    case transposed
}

/// Single-precision matrix multiply on row-major buffers, with BLAS's contract:
/// `C = alpha * op(A) * op(B) + beta * C`, where `op(A)` is `m × k`, `op(B)` is `k × n`, and `C` is `m × n`.
///
/// Leading dimensions are the row strides of the buffers as stored (for a transposed `A`, the stored matrix is
/// `k × m`, so `lda ≥ m`). When `beta` is zero, `C` is overwritten and may hold garbage on entry.
///
/// This is the single entry point that the engine uses for every matrix product; its internals (packing,
/// register blocking, threading) are free to change behind it.
public func sgemm(
    _ transA: Transpose, _ transB: Transpose,
    m: Int, n: Int, k: Int,
    alpha: Float,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    referenceSgemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                   beta: beta, c: c, ldc: ldc)
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
