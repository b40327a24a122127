/// `x.multiplyAdd(a, b)` = x + a·b, fused (one rounding, `addingProduct`) in the kernel sets compiled with FMA
/// (`LOOM_FMA` defined: AVX-512, AVX2), and a multiply then an add elsewhere: without an FMA instruction Swift
/// lowers `addingProduct` to a call to libm's `fmaf` per lane, about 100× slower than the two vector instructions.
extension SIMD16 where Scalar == Float {
    @_transparent
    func multiplyAdd(_ a: Self, _ b: Self) -> Self {
        #if LOOM_FMA
        return addingProduct(a, b)
        #else
        return self + a * b
        #endif
    }
}

extension SIMD8 where Scalar == Float {
    @_transparent
    func multiplyAdd(_ a: Self, _ b: Self) -> Self {
        #if LOOM_FMA
        return addingProduct(a, b)
        #else
        return self + a * b
        #endif
    }
}

extension SIMD4 where Scalar == Float {
    @_transparent
    func multiplyAdd(_ a: Self, _ b: Self) -> Self {
        #if LOOM_FMA
        return addingProduct(a, b)
        #else
        return self + a * b
        #endif
    }
}
