/// ggml's Q8_0 blocks: 32 values share one fp16 scale `d = amax / 127` and are stored as `round(x / d)` in int8,
/// 34 bytes a block. The arithmetic is ggml's reference quantiser's (`quantize_row_q8_0_ref`): the reciprocal
/// `1/d` is taken in f32, each value is multiplied by it, and rounded half away from zero (C's `roundf`), so the
/// blocks are byte-identical to llama.cpp's and gguf-py's.
public enum Q8_0Quantizer {
    public static let blockSize = 32
    public static let bytesPerBlock = 34

    /// Appends the blocks of `values`, whose count must be a multiple of 32 (the caller checks; a tensor's row
    /// length that is not is stored in another type).
    static func quantize(_ values: UnsafeBufferPointer<Float>, into out: inout LittleEndianBytes) {
        precondition(values.count % blockSize == 0, "Q8_0 needs a multiple of \(blockSize) values")
        var block = 0
        while block < values.count {
            var amax: Float = 0
            for j in 0..<blockSize { amax = max(amax, abs(values[block + j])) }
            let d = amax / 127
            let id: Float = d != 0 ? 1 / d : 0
            out.append(Float16(d).bitPattern)
            for j in 0..<blockSize {
                let q = (values[block + j] * id).rounded(.toNearestOrAwayFromZero)
                out.bytes.append(UInt8(bitPattern: Int8(max(-128, min(127, q)))))
            }
            block += blockSize
        }
    }

    /// Dequantises blocks (for tests and read-back checks): `d · q` with d widened from fp16.
    public static func dequantize(_ bytes: [UInt8]) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(bytes.count / bytesPerBlock * blockSize)
        var offset = 0
        while offset + bytesPerBlock <= bytes.count {
            let d = Float(Float16(bitPattern: UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8))
            for j in 0..<blockSize { out.append(d * Float(Int8(bitPattern: bytes[offset + 2 + j]))) }
            offset += bytesPerBlock
        }
        return out
    }
}
