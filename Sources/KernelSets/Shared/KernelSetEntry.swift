import KernelsCore

/// This module's kernel set, as `Kernels` sees it. The same source is compiled into every set module (vectorKernelsAVX512,
/// vectorKernelsAVX2, vectorKernelsGeneric), each with its own `-target-cpu` and generated micro-kernel; which one this is
/// comes from the module's `LOOM_SET_*` compilation condition.
public enum KernelSetEntry: KernelSet {
    public static var isa: KernelISA {
        #if LOOM_SET_AVX512
        return .avx512
        #elseif LOOM_SET_AVX2
        return .avx2
        #else
        return .generic
        #endif
    }

    public static var tile: (rows: Int, columns: Int) { (sgemmMR, sgemmNR) }

    public static var blockingSummary: String { SgemmBlocking.current.summary }

    public static func sgemm(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        setSgemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta,
              c: c, ldc: ldc)
    }

    public static func sgemm(m: Int, n: Int, slices: [SgemmSlice], beta: Float, c: UnsafeMutablePointer<Float>,
                             ldc: Int) {
        setSgemm(m: m, n: n, slices: slices, beta: beta, c: c, ldc: ldc)
    }

    public static func attentionForward(_ shape: CausalAttention, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                                        v: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
                                        probs: UnsafeMutablePointer<Float>?, scoresTanh: UnsafeMutablePointer<Float>?) {
        shape.forwardKernel(q: q, k: k, v: v, out: out, probs: probs, scoresTanh: scoresTanh)
    }

    public static func attentionBackward(_ shape: CausalAttention, dout: UnsafePointer<Float>, q: UnsafePointer<Float>,
                                         k: UnsafePointer<Float>, v: UnsafePointer<Float>, probs: UnsafePointer<Float>,
                                         dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                                         dv: UnsafeMutablePointer<Float>, scoresTanh: UnsafePointer<Float>?) {
        shape.backwardKernel(dout: dout, q: q, k: k, v: v, probs: probs, dq: dq, dk: dk, dv: dv, scoresTanh: scoresTanh)
    }
}
