/// One projection of a layer as the architecture describes it: its PEFT module name, its path inside the layer,
/// its sizes and how its output splits (fused projections).
public struct ProjectionSpec: Sendable, Equatable {
    public enum Role: Sendable, Equatable { case attentionInput, attentionOutput, mlpInput, mlpOutput }

    /// The short module name PEFT matches `target_modules` against (`q_proj`, `qkv_proj`, `c_attn`, …).
    public var name: String
    /// The module path inside the layer (`self_attn.q_proj`).
    public var module: String
    public var role: Role
    public var inFeatures: Int
    public var outFeatures: Int
    public var bias: Bool
    /// Column groups of the output, in order: `[q, k, v]` sizes for a fused qkv, `[intermediate, intermediate]`
    /// for a fused gate/up, `[outFeatures]` otherwise.
    public var outputSplit: [Int]

    func tensors(prefix: String, layout: WeightLayout) -> [(name: String, shape: [Int])] {
        let path = prefix + module
        var out = [(path + ".weight", layout == .outIn ? [outFeatures, inFeatures] : [inFeatures, outFeatures])]
        if bias { out.append((path + ".bias", [outFeatures])) }
        return out
    }
}

/// A norm's weight (and bias, for LayerNorm).
public struct NormSpec: Sendable, Equatable {
    /// Where the norm sits in a layer.
    public enum Role: Sendable, Equatable { case attention, mlp, query, key, attentionOutput, mlpOutput, final }

    public var module: String
    public var size: Int
    public var kind: ModelArchitecture.Norm
    public var role: Role
    var weightSuffix = "weight", biasSuffix = "bias"

    init(module: String, size: Int, kind: ModelArchitecture.Norm, role: Role, names: TensorNames) {
        self.module = module
        self.size = size
        self.kind = kind
        self.role = role
        weightSuffix = names.normWeight
        biasSuffix = names.normBias
    }

    func tensors(prefix: String) -> [(name: String, shape: [Int])] {
        var out = [(prefix + module + "." + weightSuffix, [size])]
        if kind == .layer { out.append((prefix + module + "." + biasSuffix, [size])) }
        return out
    }
}

extension ModelConfig {
    public var queryDim: Int { headCount * headDim }
    public var keyValueDim: Int { kvHeadCount * headDim }

    /// `model.layers.3.`, `transformer.h.3.`.
    public func layerPath(_ layer: Int, prefix: String? = nil) -> String {
        "\(prefix ?? architecture.names.prefix)\(architecture.names.layers).\(layer)."
    }

    /// Every projection of one layer, in the order the forward pass runs them.
    public var layerProjections: [ProjectionSpec] {
        let a = architecture, n = a.names, h = hiddenSize, i = intermediateSize
        var out: [ProjectionSpec] = []
        func add(_ name: String, _ module: String, _ role: ProjectionSpec.Role, _ inputs: Int, _ split: [Int], _ bias: Bool) {
            out.append(ProjectionSpec(name: name, module: module + "." + name, role: role, inFeatures: inputs,
                                      outFeatures: split.reduce(0, +), bias: bias, outputSplit: split))
        }
        switch a.attention {
        case .separate:
            for (name, size) in zip(n.attentionInputs, [queryDim, keyValueDim, keyValueDim]) {
                add(name, n.attentionModule, .attentionInput, h, [size], attentionBias)
            }
        case .fused:
            add(n.attentionInputs[0], n.attentionModule, .attentionInput, h, [queryDim, keyValueDim, keyValueDim], attentionBias)
        }
        add(n.attentionOutput, n.attentionModule, .attentionOutput, queryDim, [h], attentionOutputBias)
        switch a.mlp {
        case .gated:
            for name in n.mlpInputs { add(name, n.mlpModule, .mlpInput, h, [i], mlpBias) }
        case .fusedGated:
            add(n.mlpInputs[0], n.mlpModule, .mlpInput, h, [i, i], mlpBias)
        case .plain:
            add(n.mlpInputs[0], n.mlpModule, .mlpInput, h, [i], mlpBias)
        }
        add(n.mlpOutput, n.mlpModule, .mlpOutput, i, [h], mlpBias)
        return out
    }

    /// The norms of one layer: before attention, before the MLP, the per-head q/k norms and the post-norms on the
    /// attention's and MLP's outputs when there are.
    public var layerNorms: [NormSpec] {
        let a = architecture, n = a.names
        var out = [NormSpec(module: n.attentionNorm, size: hiddenSize, kind: a.norm, role: .attention, names: n),
                   NormSpec(module: n.mlpNorm, size: hiddenSize, kind: a.norm, role: .mlp, names: n)]
        if a.queryKeyNorm, let q = n.queryNorm, let k = n.keyNorm {
            out += [NormSpec(module: n.attentionModule + "." + q, size: headDim, kind: .rms, role: .query, names: n),
                    NormSpec(module: n.attentionModule + "." + k, size: headDim, kind: .rms, role: .key, names: n)]
        }
        if a.postNorms, let attention = n.attentionOutputNorm, let mlp = n.mlpOutputNorm {
            out += [NormSpec(module: attention, size: hiddenSize, kind: a.norm, role: .attentionOutput, names: n),
                    NormSpec(module: mlp, size: hiddenSize, kind: a.norm, role: .mlpOutput, names: n)]
        }
        return out
    }

    /// LoRA weights per layer for these target modules at this rank: `r × (in + out)` per adapted projection.
    public func loraParameterCount(rank: Int, targets: [String]) -> Int {
        layerCount * layerProjections.filter { targets.contains($0.name) }
            .reduce(0) { $0 + rank * ($1.inFeatures + $1.outFeatures) }
    }
}
