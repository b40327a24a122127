import Foundation
import Kernels

/// Settings of a LoRA adapter, as PEFT's `LoraConfig` names them.
public struct LoRAConfig: Sendable, Equatable {
    public var rank: Int
    public var alpha: Float
    public var dropout: Float
    /// rsLoRA scales by `alpha / sqrt(rank)` instead of `alpha / rank`.
    public var useRSLoRA: Bool
    /// Module names to adapt (`q_proj`, …, `down_proj`; GPT-2: `c_attn`, `c_proj`, `c_fc`).
    public var targetModules: [String]

    public init(rank: Int = 8, alpha: Float = 16, dropout: Float = 0, useRSLoRA: Bool = false,
                targetModules: [String] = LoRAConfig.llamaAllProjections) {
        self.rank = rank
        self.alpha = alpha
        self.dropout = dropout
        self.useRSLoRA = useRSLoRA
        self.targetModules = targetModules
    }

    public static let llamaAllProjections = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    public static let gpt2AllProjections = ["c_attn", "c_proj", "c_fc"]

    /// The factor the LoRA branch's output is multiplied by.
    public var scale: Float { useRSLoRA ? alpha / Float(rank).squareRoot() : alpha / Float(rank) }
}

/// The LoRA branch of a projection: `scale · dropout(x)·Aᵀ·Bᵀ`, with `A` `[rank, in]` and `B` `[out, rank]` as
/// PEFT stores them (for Conv1D layers too).
///
/// Initialised as PEFT does by default: `A` Kaiming-uniform with `a = sqrt(5)` (uniform in ±1/sqrt(in), what
/// `torch.nn.init.kaiming_uniform_` gives), `B` zero, so that a fresh adapter leaves the model unchanged.
public final class LoRALinear: @unchecked Sendable {
    public let a: ParameterTensor
    public let b: ParameterTensor
    public let rank: Int
    public let scale: Float
    public let dropout: Float
    let inFeatures: Int
    let outFeatures: Int
    private var generator: SeededGenerator
    /// Saved by `forward`: `h = dropout(x)·Aᵀ`, this branch's `rank` columns from `hiddenColumn` of a
    /// `[rows, hiddenStride]` buffer (its own, or the stacked one of a `LoRAInputGroup`); with dropout also the
    /// kept-input scale `[rows, in]`.
    private var hidden = FloatBuffer(count: 0)
    private var hiddenStride = 0
    private var hiddenColumn = 0
    private var keep = FloatBuffer(count: 0)
    private var dropped = FloatBuffer(count: 0)

    public init(path: String, inFeatures: Int, outFeatures: Int, config: LoRAConfig, seed: UInt64) {
        rank = config.rank
        scale = config.scale
        dropout = config.dropout
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        a = ParameterTensor(name: path + ".lora_A.weight", shape: [config.rank, inFeatures])
        b = ParameterTensor(name: path + ".lora_B.weight", shape: [outFeatures, config.rank])
        generator = SeededGenerator(seed: seed)
        let bound = 1 / Float(inFeatures).squareRoot()
        for i in 0..<a.count { a.value[i] = (2 * generator.nextUniform() - 1) * bound }
        a.setTrainable(true)
        b.setTrainable(true)
    }

    private func reserve(rows: Int) {
        if hiddenStride != rank || hidden.count < rows * rank {
            hidden = FloatBuffer(count: rows * rank)
            hiddenStride = rank
            hiddenColumn = 0
        }
        if dropout > 0, keep.count < rows * inFeatures {
            keep = FloatBuffer(count: rows * inFeatures)
            dropped = FloatBuffer(count: rows * inFeatures)
        }
    }

    /// `h` of the latest forward pass, `hiddenStride` floats per row.
    private var savedHidden: UnsafeMutablePointer<Float> { hidden.pointer + hiddenColumn }

    /// Makes columns `column ..< column + rank` of `stacked` (`[rows, stride]`) this branch's `h`: a
    /// `LoRAInputGroup` has just computed them with those of the other branches that read the same input.
    func adoptHidden(_ stacked: FloatBuffer, stride: Int, column: Int) {
        hidden = stacked
        hiddenStride = stride
        hiddenColumn = column
    }

    /// A buffer of `floats` for the stacked `h` of `group` (which includes this branch): the one the group's
    /// branches already share when it is large enough, so that each layer's group allocates once.
    func hiddenBuffer(sharedBy group: [LoRALinear], floats: Int) -> FloatBuffer {
        if hidden.count >= floats && group.allSatisfy({ $0.hidden === hidden }) { return hidden }
        return FloatBuffer(count: floats)
    }

    /// The forward pass's down-projection `h = dropout(x)·Aᵀ` `[rows, rank]`, saved for the backward pass (unless
    /// `hiddenAdopted`: a `LoRAInputGroup` computed it); returns the up-projection `scale · h·Bᵀ` as a slice that the
    /// base projection adds in the same product.
    func forwardSlice(_ x: UnsafePointer<Float>, rows: Int, training: Bool, hiddenAdopted: Bool = false) -> SgemmSlice {
        if hiddenAdopted {
            precondition(dropout == 0 || !training, "a LoRA branch with dropout computes its own h")
            return SgemmSlice(.none, .transposed, k: rank, alpha: scale, a: savedHidden, lda: hiddenStride,
                              b: b.value.pointer, ldb: rank)
        }
        reserve(rows: rows)
        var input = x
        if training && dropout > 0 {
            let keepScale = 1 / (1 - dropout)
            let n = rows * inFeatures
            for i in 0..<n {
                let k: Float = generator.nextUniform() < dropout ? 0 : keepScale
                keep[i] = k
                dropped[i] = x[i] * k
            }
            input = UnsafePointer(dropped.pointer)
        }
        sgemm(.none, .transposed, m: rows, n: rank, k: inFeatures, alpha: 1, a: input, lda: inFeatures,
              b: a.value.pointer, ldb: inFeatures, beta: 0, c: hidden.pointer, ldc: rank)
        return SgemmSlice(.none, .transposed, k: rank, alpha: scale, a: hidden.pointer, lda: rank,
                          b: b.value.pointer, ldb: rank)
    }

    /// Whether `backward` reads the projection's input (for `dA`): not with dropout, which saved its own.
    var readsInput: Bool { dropout == 0 && a.gradientPointer != nil }

    /// Where `backward` writes `dh = scale·dy·B` `[rows, rank]`: `pointer`, `stride` floats per row (the branch's
    /// columns of a `LoRAInputGroup`'s stacked buffer, or its own `[rows, rank]` scratch).
    struct HiddenGradient {
        let pointer: UnsafeMutablePointer<Float>
        let stride: Int
    }

    /// The weight gradients of the branch (`dB += scale·dyᵀ·h`, `dA += dhᵀ·dropout(x)` with `dh = scale·dy·B`),
    /// and its part of the input gradient, `dh·A` (masked by the dropout): returned as a slice for the base
    /// projection's input-gradient product when there is no dropout, otherwise added into `dx` here.
    ///
    /// With `x` nil where `readsInput`, `dA` is left for `addInputGradientProduct` (or the group's), which must follow
    /// before anything else writes `dh`'s buffer (the input may not exist yet: the MLP's activation is rebuilt later).
    /// `dh` goes to `hiddenGradient`, by default the shared `scratch.loraHidden`.
    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>?, rows: Int,
                  dx: UnsafeMutablePointer<Float>?, scratch: BackwardScratch,
                  hiddenGradient: HiddenGradient? = nil) -> SgemmSlice? {
        let usesDropout = dropout > 0
        let input: UnsafePointer<Float>? = usesDropout ? UnsafePointer(dropped.pointer) : x
        let target = hiddenGradient ?? HiddenGradient(pointer: scratch.loraHidden.pointer, stride: rank)
        let dh = target.pointer
        if let dB = b.gradientPointer {
            sgemm(.transposed, .none, m: outFeatures, n: rank, k: rows, alpha: scale, a: dy, lda: outFeatures,
                  b: savedHidden, ldb: hiddenStride, beta: 1, c: dB, ldc: rank)
        }
        sgemm(.none, .none, m: rows, n: rank, k: outFeatures, alpha: scale, a: dy, lda: outFeatures,
              b: b.value.pointer, ldb: rank, beta: 0, c: dh, ldc: target.stride)
        if let input {
            precondition(hiddenGradient == nil, "a group's branch leaves dA to the group's product")
            addInputGradientProduct(input: input, rows: rows, scratch: scratch)
        }
        guard let dx else { return nil }
        guard usesDropout else {
            return SgemmSlice(.none, .none, k: rank, a: dh, lda: target.stride, b: a.value.pointer, ldb: inFeatures)
        }
        let temp = scratch.dropout.pointer
        sgemm(.none, .none, m: rows, n: inFeatures, k: rank, alpha: 1, a: dh, lda: target.stride,
              b: a.value.pointer, ldb: inFeatures, beta: 0, c: temp, ldc: inFeatures)
        for i in 0..<(rows * inFeatures) { dx[i] += temp[i] * keep[i] }
        return nil
    }

    /// `dA += dhᵀ·x`, with `dh` from the latest `backward` (still in `scratch`).
    func addInputGradientProduct(input x: UnsafePointer<Float>, rows: Int, scratch: BackwardScratch) {
        guard let dA = a.gradientPointer else { return }
        sgemm(.transposed, .none, m: rank, n: inFeatures, k: rows, alpha: 1, a: scratch.loraHidden.pointer, lda: rank,
              b: x, ldb: inFeatures, beta: 1, c: dA, ldc: inFeatures)
    }

    public var parameters: [ParameterTensor] { [a, b] }

    /// Restarts the dropout masks from `seed`. A training run reseeds every step from its seed and the step number,
    /// so that after a resume from a checkpoint the masks are those an uninterrupted run would have drawn.
    public func reseedDropout(_ seed: UInt64) { generator = SeededGenerator(seed: seed) }
}
