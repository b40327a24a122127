/// Storage formats of 16-bit floats in model files.
public enum HalfFormat: Sendable {
    /// bfloat16: the high half of an f32.
    case bf16
    /// IEEE binary16.
    case f16
}

/// `sgemm` with the B operand stored as 16-bit floats (bf16 or f16), so that frozen weights can stay in their
/// file's precision (half the memory) while the product is computed in f32. Same contract as `sgemm`:
/// `C = alpha * op(A) * op(B) + beta * C`, row-major, `b`/`ldb` describe the stored 16-bit matrix.
///
/// op(B) is converted to f32 a slab at a time (about 1 M values, so a slab stays in cache between its
/// conversion and its product) and each slab is multiplied with the f32 `sgemm`: for a transposed B (a Linear
/// weight `[out, in]` in `x · Wᵀ`) a slab is a block of B's rows, i.e. a block of C's columns; otherwise it is a
/// block of B's rows along k, accumulated into C.
public func sgemm(
    _ transA: Transpose, _ transB: Transpose,
    m: Int, n: Int, k: Int,
    alpha: Float,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<UInt16>, format: HalfFormat, ldb: Int,
    beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "sgemm: negative dimension")
    precondition(ldb >= (transB == .none ? n : k), "sgemm: ldb smaller than the row width of B")
    if m == 0 || n == 0 { return }
    if k == 0 || alpha == 0 {
        scaleMatrix(c, rows: m, cols: n, ld: ldc, by: beta)
        return
    }
    let slabValues = 1 << 20
    func convert(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        switch format {
        case .bf16: Conversion.bf16ToFloat(src, dst, count: count)
        case .f16: Conversion.f16ToFloat(src, dst, count: count)
        }
    }
    if transB == .transposed {
        // Stored B is n × k: slabs of whole rows of B give whole columns of C.
        let rowsPerSlab = max(1, min(n, slabValues / k))
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: rowsPerSlab * k)
        defer { scratch.deallocate() }
        var j0 = 0
        while j0 < n {
            let rows = min(rowsPerSlab, n - j0)
            for r in 0..<rows { convert(b + (j0 + r) * ldb, scratch + r * k, k) }
            sgemm(transA, .transposed, m: m, n: rows, k: k, alpha: alpha, a: a, lda: lda, b: scratch, ldb: k,
                  beta: beta, c: c + j0, ldc: ldc)
            j0 += rows
        }
    } else {
        // Stored B is k × n: slabs of rows of B are blocks of the k dimension, accumulated into C.
        let rowsPerSlab = max(1, min(k, slabValues / n))
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: rowsPerSlab * n)
        defer { scratch.deallocate() }
        var p0 = 0
        while p0 < k {
            let rows = min(rowsPerSlab, k - p0)
            for r in 0..<rows { convert(b + (p0 + r) * ldb, scratch + r * n, n) }
            let aBlock = transA == .none ? a + p0 : a + p0 * lda
            sgemm(transA, .none, m: m, n: n, k: rows, alpha: alpha, a: aBlock, lda: lda, b: scratch, ldb: n,
                  beta: p0 == 0 ? beta : 1, c: c, ldc: ldc)
            p0 += rows
        }
    }
}
