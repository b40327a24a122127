import Foundation

/// Rotary position embeddings in Hugging Face Llama's "rotate_half" convention:
/// `out = x * cos + rotate_half(x) * sin` with `rotate_half(x) = cat(-x[half...], x[..<half])`, applied to each
/// head of a row-major `[tokens, heads * headDim]` buffer (the natural output of a q/k projection).
public enum RoPE {
    /// Rotates `x` in place. `x` is `[tokens, heads * headDim]`; token `t` uses row `positions[t]` of the table
    /// (`positions == nil` means token `t` is at position `startPosition + t`, the usual case, with `startPosition`
    /// the length of a KV cache during generation).
    /// `headDim` is the head's full size when only its first `table.headDim` dimensions rotate (partial rotary
    /// embeddings, as Phi-3's `partial_rotary_factor`); the rest pass through unchanged.
    public static func forward(_ x: UnsafeMutablePointer<Float>, tokens: Int, heads: Int, headDim: Int? = nil,
                               table: RoPETable, startPosition: Int = 0) {
        apply(x, tokens: tokens, heads: heads, stride: headDim ?? table.headDim, table: table,
              startPosition: startPosition, sign: 1)
    }

    /// Gradient of `forward`, in place on `dx` (the rotation's transpose: the same rotation with `-sin`).
    public static func backward(_ dx: UnsafeMutablePointer<Float>, tokens: Int, heads: Int, headDim: Int? = nil,
                                table: RoPETable, startPosition: Int = 0) {
        apply(dx, tokens: tokens, heads: heads, stride: headDim ?? table.headDim, table: table,
              startPosition: startPosition, sign: -1)
    }

    static func apply(_ x: UnsafeMutablePointer<Float>, tokens: Int, heads: Int, stride: Int, table: RoPETable,
                      startPosition: Int, sign: Float) {
        let d = table.headDim, half = d / 2
        precondition(stride >= d, "the rotary part is wider than the head")
        precondition(startPosition + tokens <= table.positions, "RoPE table too short for the sequence")
        guard tokens > 0 && heads > 0 else { return }
        table.cos.withUnsafeBufferPointer { cosBuffer in
            table.sin.withUnsafeBufferPointer { sinBuffer in
                let cosBase = cosBuffer.baseAddress!, sinBase = sinBuffer.baseAddress!
                ThreadPool.shared.parallelFor(tokens, grain: max(1, 8192 / max(heads * stride, 1))) { range in
                    for t in range {
                        let c = cosBase + (startPosition + t) * d, s = sinBase + (startPosition + t) * d
                        for h in 0..<heads {
                            let v = x + (t * heads + h) * stride
                            for i in 0..<half {
                                let x1 = v[i], x2 = v[i + half]
                                v[i] = x1 * c[i] - sign * x2 * s[i]
                                v[i + half] = x2 * c[i + half] + sign * x1 * s[i + half]
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The cos/sin tables of RoPE for positions `0..<positions`, each row-major `[positions, headDim]` with the
/// Hugging Face layout `cat(freqs, freqs)`, where `freqs[p, i] = p * invFreq[i]` and, unscaled,
/// `invFreq[i] = theta^(-2i/headDim)`; computed in f32 as `LlamaRotaryEmbedding` does, times the attention factor
/// (YaRN's; 1 otherwise).
public struct RoPETable: Sendable {
    public let positions: Int
    public let headDim: Int
    public let cos: [Float]
    public let sin: [Float]

    /// `headDim` must be even; `theta` is the config's `rope_theta` (10000 for Llama 2, 500000 for Llama 3, …).
    public init(positions: Int, headDim: Int, theta: Float) {
        let inverse = (0..<headDim / 2).map { 1 / powf(theta, Float(2 * $0) / Float(headDim)) }
        self.init(positions: positions, headDim: headDim, inverseFrequencies: inverse)
    }

    /// A table from the inverse frequencies of each rotated pair (a scaled rope's), `headDim / 2` of them.
    public init(positions: Int, headDim: Int, inverseFrequencies invFreq: [Float], attentionFactor: Float = 1) {
        precondition(headDim % 2 == 0 && headDim > 0 && positions >= 0, "RoPE needs an even head dimension")
        precondition(invFreq.count == headDim / 2, "one inverse frequency per rotated pair")
        self.positions = positions
        self.headDim = headDim
        let half = headDim / 2
        var c = [Float](repeating: 0, count: positions * headDim)
        var s = [Float](repeating: 0, count: positions * headDim)
        for p in 0..<positions {
            for i in 0..<half {
                let angle = Float(p) * invFreq[i]
                let cv = Foundation.cos(angle) * attentionFactor, sv = Foundation.sin(angle) * attentionFactor
                c[p * headDim + i] = cv; c[p * headDim + i + half] = cv
                s[p * headDim + i] = sv; s[p * headDim + i + half] = sv
            }
        }
        cos = c
        sin = s
    }
}
