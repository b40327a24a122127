import Kernels

/// How a projection's weight is stored: `nn.Linear` keeps `[out, in]`; GPT-2's `Conv1D` keeps `[in, out]`.
/// The engine keeps each weight in its checkpoint's layout and picks the matching `sgemm` transposes, so that
/// loading and saving never transpose.
public enum WeightLayout: Sendable {
    case outIn
    case inOut
}

/// A projection `y = x·Wᵀ + b`, optionally with a LoRA branch added to its output.
///
/// One instance belongs to one place in the model (a layer's q_proj, …); it keeps the LoRA branch's activations
/// of the latest forward pass for the backward pass.
public final class Linear: @unchecked Sendable {
    /// Module path in the checkpoint, e.g. `model.layers.0.self_attn.q_proj`.
    public let path: String
    public let inFeatures: Int
    public let outFeatures: Int
    public let layout: WeightLayout
    public let weight: ParameterTensor
    public let bias: ParameterTensor?
    public var lora: LoRALinear?

    public init(path: String, inFeatures: Int, outFeatures: Int, layout: WeightLayout = .outIn, bias: Bool) {
        self.path = path
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.layout = layout
        weight = ParameterTensor(name: path + ".weight",
                                 shape: layout == .outIn ? [outFeatures, inFeatures] : [inFeatures, outFeatures])
        self.bias = bias ? ParameterTensor(name: path + ".bias", shape: [outFeatures]) : nil
    }

    /// `y[rows, out] = x[rows, in]·Wᵀ + b`, plus the LoRA branch when there is one.
    func forward(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>, training: Bool) {
        switch layout {
        case .outIn:
            sgemm(.none, .transposed, m: rows, n: outFeatures, k: inFeatures, alpha: 1,
                  a: x, lda: inFeatures, b: weight.value.pointer, ldb: inFeatures, beta: 0, c: y, ldc: outFeatures)
        case .inOut:
            sgemm(.none, .none, m: rows, n: outFeatures, k: inFeatures, alpha: 1,
                  a: x, lda: inFeatures, b: weight.value.pointer, ldb: outFeatures, beta: 0, c: y, ldc: outFeatures)
        }
        if let bias { Elementwise.addRowVector(bias.value.pointer, to: y, rows: rows, cols: outFeatures) }
        lora?.forward(x, rows: rows, addingTo: y, training: training)
    }

    /// Gradients of `forward` given its input `x` and output gradient `dy`: writes (or, with `accumulate`, adds)
    /// `dx`, and adds into the gradients of whichever of W, b and the LoRA weights are trainable. Pass `dx: nil`
    /// when nothing upstream needs it.
    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, rows: Int,
                  dx: UnsafeMutablePointer<Float>?, accumulate: Bool, scratch: BackwardScratch) {
        if let dx {
            switch layout {
            case .outIn:
                sgemm(.none, .none, m: rows, n: inFeatures, k: outFeatures, alpha: 1, a: dy, lda: outFeatures,
                      b: weight.value.pointer, ldb: inFeatures, beta: accumulate ? 1 : 0, c: dx, ldc: inFeatures)
            case .inOut:
                sgemm(.none, .transposed, m: rows, n: inFeatures, k: outFeatures, alpha: 1, a: dy, lda: outFeatures,
                      b: weight.value.pointer, ldb: outFeatures, beta: accumulate ? 1 : 0, c: dx, ldc: inFeatures)
            }
        }
        if let dW = weight.gradientPointer {
            switch layout {
            case .outIn:
                sgemm(.transposed, .none, m: outFeatures, n: inFeatures, k: rows, alpha: 1, a: dy, lda: outFeatures,
                      b: x, ldb: inFeatures, beta: 1, c: dW, ldc: inFeatures)
            case .inOut:
                sgemm(.transposed, .none, m: inFeatures, n: outFeatures, k: rows, alpha: 1, a: x, lda: inFeatures,
                      b: dy, ldb: outFeatures, beta: 1, c: dW, ldc: outFeatures)
            }
        }
        if let bias, let db = bias.gradientPointer {
            Elementwise.accumulateColumnSums(of: dy, into: db, rows: rows, cols: outFeatures)
        }
        lora?.backward(dy, input: x, rows: rows, dx: dx, scratch: scratch)
    }

    /// The base weight and bias (never the LoRA weights).
    var baseParameters: [ParameterTensor] { [weight] + (bias.map { [$0] } ?? []) }
}

/// Reusable buffers for the backward pass, sized once for the largest projection, shared by all layers.
final class BackwardScratch {
    let loraHidden: FloatBuffer
    let dropout: FloatBuffer

    init(rows: Int, maxRank: Int, maxFeatures: Int, needsDropout: Bool) {
        loraHidden = FloatBuffer(count: rows * max(maxRank, 1))
        dropout = FloatBuffer(count: needsDropout ? rows * maxFeatures : 1)
    }
}
