import Testing
@testable import Kernels

@Test(arguments: [HalfFormat.bf16, .f16])
func halfPrecisionBMatchesF32OnConvertedValues(format: HalfFormat) {
    var rng = SeededGenerator(seed: 5)
    let shapes = [(7, 33, 19), (64, 300, 576), (1, 1200, 900), (40, 9, 5000)]
    for (index, (m, n, k)) in shapes.enumerated() {
        for (ta, tb) in [(Transpose.none, Transpose.none), (.none, .transposed), (.transposed, .none),
                         (.transposed, .transposed)] {
            let lda = (ta == .none ? k : m) + 1, ldb = (tb == .none ? n : k) + 2
            let aRows = ta == .none ? m : k, bRows = tb == .none ? k : n
            let a = randomFloats(aRows * lda, &rng)
            let bFloats = randomFloats(bRows * ldb, &rng).map { $0 < 0 ? $0 - 0.01 : $0 + 0.01 }  // f16-normal
            let bits: [UInt16] = bFloats.map { format == .bf16 ? Conversion.bf16Bits($0) : f16Bits($0) }
            var widened = [Float](repeating: 0, count: bits.count)
            if format == .bf16 { Conversion.bf16ToFloat(bits, &widened, count: bits.count) }
            else { Conversion.f16ToFloat(bits, &widened, count: bits.count) }
            let c0 = randomFloats(m * n, &rng)
            var viaHalf = c0, reference = c0
            let beta: Float = index % 2 == 0 ? 0 : 0.5
            sgemm(ta, tb, m: m, n: n, k: k, alpha: 1.5, a: a, lda: lda, b: bits, format: format, ldb: ldb,
                  beta: beta, c: &viaHalf, ldc: n)
            sgemm(ta, tb, m: m, n: n, k: k, alpha: 1.5, a: a, lda: lda, b: widened, ldb: ldb,
                  beta: beta, c: &reference, ldc: n)
            #expect(relativeError(viaHalf, reference) < 1e-5, "\(format) \(ta) \(tb) m=\(m) n=\(n) k=\(k)")
        }
    }
}

/// f32 → f16 bits, round to nearest even, for normal-range test values only.
func f16Bits(_ value: Float) -> UInt16 {
    let bits = value.bitPattern
    let sign = UInt16((bits >> 16) & 0x8000)
    if value == 0 { return sign }
    var exponent = Int((bits >> 23) & 0xFF) - 127 + 15
    var mantissa = (bits & 0x7F_FFFF) >> 13
    let rest = bits & 0x1FFF
    if rest > 0x1000 || (rest == 0x1000 && mantissa & 1 == 1) { mantissa += 1 }
    if mantissa == 0x400 { mantissa = 0; exponent += 1 }
    precondition(exponent > 0 && exponent < 31, "test value outside f16's normal range")
    return sign | UInt16(exponent << 10) | UInt16(mantissa)
}
