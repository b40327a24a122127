/// The entry points of one kernel set: every set module (vectorKernelsAVX512, vectorKernelsAVX2, vectorKernelsGeneric) compiles the
/// same sources (Sources/KernelSets/Shared) with its own `-target-cpu` and its own generated micro-kernel, and
/// conforms one type to this protocol; `Kernels` calls the chosen set through it. Only the hot kernels whose speed
/// depends on the vector unit are here (the SGEMM family and attention); what they compute is the same in every
/// set, up to rounding (the generic set does not fuse multiply-adds).
public protocol KernelSet {
    static var isa: KernelISA { get }
    /// Rows × columns of C that the SGEMM micro-kernel computes per call.
    static var tile: (rows: Int, columns: Int) { get }
    /// The blocking chosen from `CacheSizes.current`, for the benchmarks' header.
    static var blockingSummary: String { get }

    static func sgemm(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int)
    static func sgemm(m: Int, n: Int, slices: [SgemmSlice], beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int)
    static func attentionForward(_ shape: CausalAttention, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                                 v: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
                                 probs: UnsafeMutablePointer<Float>?, scoresTanh: UnsafeMutablePointer<Float>?)
    static func attentionBackward(_ shape: CausalAttention, dout: UnsafePointer<Float>, q: UnsafePointer<Float>,
                                  k: UnsafePointer<Float>, v: UnsafePointer<Float>, probs: UnsafePointer<Float>,
                                  dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                                  dv: UnsafeMutablePointer<Float>, scoresTanh: UnsafePointer<Float>?)
}
