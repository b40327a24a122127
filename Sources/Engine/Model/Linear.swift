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

    /// `y[rows, out] = x[rows, in]·Wᵀ + b`, plus the LoRA branch when there is one (its rank-r up-projection is
    /// the last slice of the same product, so it costs no extra pass over `y`). `loraHiddenAdopted`: a
    /// `LoRAInputGroup` has already computed the branch's down-projection.
    func forward(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>, training: Bool,
                 loraHiddenAdopted: Bool = false) {
        var slices = [layout == .outIn
            ? SgemmSlice(.none, .transposed, k: inFeatures, a: x, lda: inFeatures, b: weight.value.pointer, ldb: inFeatures)
            : SgemmSlice(.none, .none, k: inFeatures, a: x, lda: inFeatures, b: weight.value.pointer, ldb: outFeatures)]
        if let lora {
            slices.append(lora.forwardSlice(x, rows: rows, training: training, hiddenAdopted: loraHiddenAdopted))
        }
        sgemm(m: rows, n: outFeatures, slices: slices, beta: 0, c: y, ldc: outFeatures)
        if let bias { Elementwise.addRowVector(bias.value.pointer, to: y, rows: rows, cols: outFeatures) }
    }

    /// Whether `backward` reads its input `x`: for a trainable weight's gradient or the LoRA branch's `dA`.
    var backwardReadsInput: Bool { weight.gradientPointer != nil || (lora?.readsInput ?? false) }

    /// Gradients of `forward` given its input `x` and output gradient `dy`: writes (or, with `accumulate`, adds)
    /// `dx`, and adds into the gradients of whichever of W, b and the LoRA weights are trainable. Pass `dx: nil`
    /// when nothing upstream needs it. `x` may be nil when the weight is frozen: the LoRA branch's `dA` then waits
    /// for `lora.addInputGradientProduct`, or for its group's product when `loraHiddenGradient` (the branch's
    /// columns of the group's stacked dh) is given.
    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>?, rows: Int,
                  dx: UnsafeMutablePointer<Float>?, accumulate: Bool, scratch: BackwardScratch,
                  loraHiddenGradient: LoRALinear.HiddenGradient? = nil) {
        precondition(x != nil || weight.gradientPointer == nil, "a trainable weight's gradient needs the input")
        if let dW = weight.gradientPointer, let x {
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
        guard let dx else {
            _ = lora?.backward(dy, input: x, rows: rows, dx: nil, scratch: scratch, hiddenGradient: loraHiddenGradient)
            return
        }
        var slices = [layout == .outIn
            ? SgemmSlice(.none, .none, k: outFeatures, a: dy, lda: outFeatures, b: weight.value.pointer, ldb: inFeatures)
            : SgemmSlice(.none, .transposed, k: outFeatures, a: dy, lda: outFeatures, b: weight.value.pointer, ldb: outFeatures)]
        if let lora {
            if lora.dropout > 0 {
                // The branch's masked input gradient is added after the base product has written dx.
                sgemm(m: rows, n: inFeatures, slices: slices, beta: accumulate ? 1 : 0, c: dx, ldc: inFeatures)
                _ = lora.backward(dy, input: x, rows: rows, dx: dx, scratch: scratch, hiddenGradient: loraHiddenGradient)
                return
            }
            if let loraSlice = lora.backward(dy, input: x, rows: rows, dx: dx, scratch: scratch,
                                             hiddenGradient: loraHiddenGradient) {
                slices.append(loraSlice)
            }
        }
        sgemm(m: rows, n: inFeatures, slices: slices, beta: accumulate ? 1 : 0, c: dx, ldc: inFeatures)
    }

    /// The base weight and bias (never the LoRA weights).
    var baseParameters: [ParameterTensor] { [weight] + (bias.map { [$0] } ?? []) }
}

/// Reusable buffers for the backward pass, sized once for the largest projection, shared by all layers.
final class BackwardScratch {
    let loraHidden: FloatBuffer
    let dropout: FloatBuffer
    /// A `LoRAInputGroup`'s stacked dh `[rows, group rank]` and its `dA` product `[group rank, in]`.
    let loraGroupHidden: FloatBuffer
    let loraGroupGradient: FloatBuffer

    init(rows: Int, maxRank: Int, maxGroupRank: Int, maxFeatures: Int, needsDropout: Bool) {
        loraHidden = FloatBuffer(count: rows * max(maxRank, 1))
        dropout = FloatBuffer(count: needsDropout ? rows * maxFeatures : 1)
        loraGroupHidden = FloatBuffer(count: rows * maxGroupRank)
        loraGroupGradient = FloatBuffer(count: maxGroupRank * maxFeatures)
    }
}
