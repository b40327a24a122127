/// How a weight's rows go from the Hugging Face checkpoint into a GGUF tensor.
public enum GGUFRowOrder: Sendable, Equatable {
    /// As stored.
    case same
    /// llama.cpp's Llama architecture rotates adjacent pairs (rope type NORM) where HF's Llama rotates the two
    /// halves of each head: q and k rows (and a bias, and an adapter's lora_B) are reordered per head so that row
    /// `2i + j` of a head is HF's row `j·headDim/2 + i` (convert_hf_to_gguf's `LlamaModel.permute`).
    case rotaryPairs(heads: Int)
    /// GPT-2's Conv1D keeps `[in, out]`; GGUF wants `[out, in]` rows.
    case transposed

    /// `values` holds `rows` rows of `values.count / rows` columns (for `.transposed`, the stored `[in, out]`).
    public func apply(_ values: [Float], rows: Int) -> [Float] {
        switch self {
        case .same:
            return values
        case .rotaryPairs(let heads):
            let columns = values.count / rows, headDim = rows / heads, half = headDim / 2
            var out = [Float](repeating: 0, count: values.count)
            for head in 0..<heads {
                for i in 0..<half {
                    for j in 0..<2 {
                        let target = (head * headDim + 2 * i + j) * columns
                        let source = (head * headDim + j * half + i) * columns
                        for c in 0..<columns { out[target + c] = values[source + c] }
                    }
                }
            }
            return out
        case .transposed:
            let columns = values.count / rows
            var out = [Float](repeating: 0, count: values.count)
            for r in 0..<rows {
                for c in 0..<columns { out[c * rows + r] = values[r * columns + c] }
            }
            return out
        }
    }
}
