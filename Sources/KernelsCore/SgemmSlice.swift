/// One term of a sum of products computed by `sgemm(m:n:slices:beta:c:ldc:)`: `alpha · op(A) · op(B)` with
/// `op(A)` of `m × k` and `op(B)` of `k × n`, in BLAS's row-major conventions.
public struct SgemmSlice {
    public var transA: Transpose
    public var transB: Transpose
    public var k: Int
    public var alpha: Float
    public var a: UnsafePointer<Float>
    public var lda: Int
    public var b: UnsafePointer<Float>
    public var ldb: Int

    public init(_ transA: Transpose, _ transB: Transpose, k: Int, alpha: Float = 1,
                a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int) {
        self.transA = transA; self.transB = transB
        self.k = k; self.alpha = alpha
        self.a = a; self.lda = lda; self.b = b; self.ldb = ldb
    }
}

/// `C *= beta` over an `m × n` block (`beta == 0` writes zeros, whatever C held).
package func scaleMatrix(_ c: UnsafeMutablePointer<Float>, rows: Int, cols: Int, ld: Int, by beta: Float) {
    for i in 0..<rows {
        let row = c + i * ld
        if beta == 0 { row.update(repeating: 0, count: cols) } else { for j in 0..<cols { row[j] *= beta } }
    }
}
