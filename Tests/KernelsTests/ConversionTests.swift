import Testing
@testable import Kernels

@Test func bf16RoundTripsAndRoundsToNearestEven() {
    let bits: [UInt16] = [0x3F80, 0xC000, 0x0000, 0x8000, 0x7F80, 0x0001, 0x4049]
    var f = [Float](repeating: 0, count: bits.count)
    Conversion.bf16ToFloat(bits, &f, count: bits.count)
    #expect(f[0] == 1 && f[1] == -2 && f[4] == .infinity)
    var back = [UInt16](repeating: 0, count: bits.count)
    Conversion.floatToBF16(f, &back, count: bits.count)
    #expect(back == bits)
    // 1 + 2^-8 is exactly halfway between two bf16 values: ties go to the even one (1.0).
    #expect(Conversion.bf16Bits(1 + 1.0 / 256) == 0x3F80)
    #expect(Conversion.bf16Bits(1 + 3.0 / 256) == 0x3F82)
    #expect(Conversion.bf16Bits(1 + 1.0 / 256 + 1.0 / 65536) == 0x3F81)
    #expect(Float(bitPattern: UInt32(Conversion.bf16Bits(.nan)) << 16).isNaN)
}

@Test func f16ConvertsExactlyIncludingSubnormals() {
    let bits: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x7C00, 0xFC00, 0x8000, 0x3555]
    var f = [Float](repeating: 0, count: bits.count)
    Conversion.f16ToFloat(bits, &f, count: bits.count)
    #expect(f[0] == 1 && f[1] == -2 && f[2] == 65504)
    #expect(f[3] == Float(sign: .plus, exponent: -24, significand: 1))
    #expect(f[4] == Float(1023) * Float(sign: .plus, exponent: -24, significand: 1))
    #expect(f[5] == .infinity && f[6] == -.infinity && f[7] == 0 && f[7].sign == .minus)
    #expect(abs(f[8] - 0.33325195) < 1e-7)
    var nan = [Float](repeating: 0, count: 1)
    Conversion.f16ToFloat([0x7E00], &nan, count: 1)
    #expect(nan[0].isNaN)
}

@Test func f16BitManipulationMatchesTheBulkConversionForEveryPattern() {
    let all = (0...UInt16.max).map { $0 }
    var bulk = [Float](repeating: 0, count: all.count)
    Conversion.f16ToFloat(all, &bulk, count: all.count)
    var mismatches = 0
    for (i, bits) in all.enumerated() {
        let scalar = Conversion.f16Value(bits)
        if scalar.bitPattern != bulk[i].bitPattern && !(scalar.isNaN && bulk[i].isNaN) { mismatches += 1 }
    }
    #expect(mismatches == 0)
}

@Test func f16EncodingRoundsLikeTorchAndRoundTripsEveryFinitePattern() {
    #expect(Conversion.f16Bits(1) == 0x3C00)
    #expect(Conversion.f16Bits(-2) == 0xC000)
    #expect(Conversion.f16Bits(65504) == 0x7BFF)
    #expect(Conversion.f16Bits(1e6) == 0x7C00)
    #expect(Conversion.f16Bits(Float(sign: .plus, exponent: -24, significand: 1)) == 0x0001)
    for bits in stride(from: 0, to: 0x7C00, by: 7) {
        #expect(Conversion.f16Bits(Conversion.f16Value(UInt16(bits))) == UInt16(bits))
    }
}
