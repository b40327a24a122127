/// The weights of one transformer layer, made from the architecture's description of a layer: norms (with bias
/// for LayerNorm), the attention's input projections (q, k, v or one fused qkv), optional per-head q/k norms, the
/// output projection, the MLP's input projections (gate and up, one fused gate_up, or up alone) and down, and
/// optional norms on the attention's and MLP's outputs.
public final class TransformerBlock: @unchecked Sendable {
    public let attentionNorm: ParameterTensor
    public let attentionNormBias: ParameterTensor?
    public let mlpNorm: ParameterTensor
    public let mlpNormBias: ParameterTensor?
    /// Qwen3's per-head RMSNorm weights on q and k (`[head_dim]`), or nil.
    public let queryNorm: ParameterTensor?
    public let keyNorm: ParameterTensor?
    /// Gemma's norms on the attention's and the MLP's outputs, or nil.
    public let attentionOutputNorm: ParameterTensor?
    public let mlpOutputNorm: ParameterTensor?
    /// `[q, k, v]`, or one fused projection whose output rows are `[q | k | v]`.
    public let attentionInputs: [Linear]
    public let o: Linear
    /// `[gate, up]`, one fused `[gate | up]` projection, or `[up]`.
    public let mlpInputs: [Linear]
    public let down: Linear
    /// Every projection with the short module name PEFT matches `target_modules` against, in forward order.
    public let projections: [(name: String, linear: Linear)]

    init(config c: ModelConfig, index: Int, prefix: String? = nil) {
        let path = c.layerPath(index, prefix: prefix), a = c.architecture
        func norm(_ spec: NormSpec) -> (ParameterTensor, ParameterTensor?) {
            let tensors = spec.tensors(prefix: path)
            return (ParameterTensor(name: tensors[0].name, shape: tensors[0].shape),
                    tensors.count > 1 ? ParameterTensor(name: tensors[1].name, shape: tensors[1].shape) : nil)
        }
        let norms = c.layerNorms
        func weight(_ role: NormSpec.Role) -> ParameterTensor? { norms.first { $0.role == role }.map { norm($0).0 } }
        (attentionNorm, attentionNormBias) = norm(norms[0])
        (mlpNorm, mlpNormBias) = norm(norms[1])
        queryNorm = weight(.query)
        keyNorm = weight(.key)
        attentionOutputNorm = weight(.attentionOutput)
        mlpOutputNorm = weight(.mlpOutput)
        var attentionInputs: [Linear] = [], mlpInputs: [Linear] = []
        var o: Linear?, down: Linear?
        var projections: [(String, Linear)] = []
        for spec in c.layerProjections {
            let linear = Linear(path: path + spec.module, inFeatures: spec.inFeatures, outFeatures: spec.outFeatures,
                                layout: a.weightLayout, bias: spec.bias)
            projections.append((spec.name, linear))
            switch spec.role {
            case .attentionInput: attentionInputs.append(linear)
            case .attentionOutput: o = linear
            case .mlpInput: mlpInputs.append(linear)
            case .mlpOutput: down = linear
            }
        }
        self.attentionInputs = attentionInputs
        self.o = o!
        self.mlpInputs = mlpInputs
        self.down = down!
        self.projections = projections
    }

    /// Llama's separate q projection (tests and tools that reach into a layer); nil when fused.
    public var q: Linear? { attentionInputs.count == 3 ? attentionInputs[0] : nil }

    /// The base weights of the layer (norms and projections), not the LoRA weights, in checkpoint order.
    public var baseParameters: [ParameterTensor] {
        var out = [attentionNorm]
        if let attentionNormBias { out.append(attentionNormBias) }
        out.append(mlpNorm)
        if let mlpNormBias { out.append(mlpNormBias) }
        if let queryNorm { out.append(queryNorm) }
        if let keyNorm { out.append(keyNorm) }
        if let attentionOutputNorm { out.append(attentionOutputNorm) }
        if let mlpOutputNorm { out.append(mlpOutputNorm) }
        for (_, linear) in projections { out += linear.baseParameters }
        return out
    }
}
