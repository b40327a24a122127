/// Conversions between the storage precisions of model files (bf16, f16) and the f32 the kernels compute in.
/// Inputs are raw 16-bit patterns as read from a safetensors file (little-endian, already loaded as `UInt16`).
public enum Conversion {
    /// bf16 → f32: the bf16 bits are the high half of the f32 bits, so this is exact.
    public static func bf16ToFloat(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 16) { range in
            for i in range { dst[i] = Float(bitPattern: UInt32(src[i]) << 16) }
        }
    }

    /// f32 → bf16 with round-to-nearest-even (as `torch.Tensor.to(torch.bfloat16)`); NaNs stay NaN (quiet).
    public static func floatToBF16(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<UInt16>, count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 16) { range in
            for i in range { dst[i] = bf16Bits(src[i]) }
        }
    }

    /// One f32 → bf16 conversion, round-to-nearest-even.
    @inline(__always)
    public static func bf16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let rounding = 0x7FFF + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }

    /// f16 (IEEE binary16) → f32, exact, subnormals and infinities included.
    public static func f16ToFloat(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 16) { range in
            #if os(Linux) || arch(arm64)
            // The hardware conversion (F16C's vcvtph2ps on x86, fcvt on ARM); exact, like `f16Value`.
            for i in range { dst[i] = Float(Float16(bitPattern: src[i])) }
            #else
            for i in range { dst[i] = f16Value(src[i]) }
            #endif
        }
    }

    /// One f16 → f32 conversion, by bit manipulation so it does not depend on the platform's `Float16` support.
    @inline(__always)
    public static func f16Value(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        if exponent == 0 {
            // zero or subnormal: value = mantissa * 2^-24
            let magnitude = Float(mantissa) * (1.0 / 16_777_216.0)
            return sign != 0 ? -magnitude : magnitude
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    /// One f32 → f16 conversion, round-to-nearest-even (as `torch.Tensor.to(torch.float16)`): overflow becomes
    /// infinity, tiny values become f16 subnormals, NaNs stay NaN.
    public static func f16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        if value.isNaN { return sign | 0x7E00 }
        let magnitude = abs(value)
        if magnitude >= 65520 { return sign | 0x7C00 }
        if magnitude < Float(sign: .plus, exponent: -14, significand: 1) {
            // Subnormal range: quantum 2^-24, round to nearest even.
            let scaled = magnitude * Float(sign: .plus, exponent: 24, significand: 1)
            return sign | UInt16(scaled.rounded(.toNearestOrEven))
        }
        let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
        var mantissa = bits & 0x7F_FFFF
        var half = UInt32(exponent) << 10 | (mantissa >> 13)
        mantissa &= 0x1FFF
        if mantissa > 0x1000 || (mantissa == 0x1000 && (half & 1) == 1) { half += 1 }
        return sign | UInt16(half)
    }
}
