/// The ggml types an export stores tensors in (ggml.h `ggml_type` codes), and their encodings.
public enum GGUFTensorType: UInt32, Sendable, CaseIterable {
    case f32 = 0
    case f16 = 1
    case q8_0 = 8

    /// Bytes of `count` values (for Q8_0 a multiple of 32).
    public func byteCount(elements count: Int) -> Int {
        switch self {
        case .f32: count * 4
        case .f16: count * 2
        case .q8_0: count / Q8_0Quantizer.blockSize * Q8_0Quantizer.bytesPerBlock
        }
    }

    /// Whether a tensor whose innermost dimension is `rowLength` can be stored in this type (ggml quantises rows
    /// in whole blocks).
    public func canStore(rowLength: Int) -> Bool {
        self != .q8_0 || rowLength % Q8_0Quantizer.blockSize == 0
    }

    /// Appends `values` in this type: f16 rounds to nearest even, as numpy's and ggml's conversions do.
    func encode(_ values: UnsafeBufferPointer<Float>, into out: inout LittleEndianBytes) {
        switch self {
        case .f32: for v in values { out.append(v) }
        case .f16: for v in values { out.append(Float16(v).bitPattern) }
        case .q8_0: Q8_0Quantizer.quantize(values, into: &out)
        }
    }
}
