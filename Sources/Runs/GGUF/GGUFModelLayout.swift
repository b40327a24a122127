import Engine

/// Where a Loom model's weights go in one of llama.cpp's architectures: the architecture name, its `<arch>.*` keys,
/// and each tensor's GGUF name (`token_embd`, `blk.N.attn_q`, …) with the row order it needs. Families that do not
/// map onto an architecture whose loader this code has been checked against are refused by name.
public struct GGUFModelLayout: Sendable {
    /// llama.cpp's `general.architecture`.
    public let architecture: String
    public let config: ModelConfig

    /// One base tensor: its GGUF name (with `.weight` / `.bias`), the model's tensor, and the row order.
    public struct Entry: Sendable {
        public let name: String
        public let tensor: ParameterTensor
        public let rows: GGUFRowOrder
    }

    /// One projection an adapter can change: the GGUF name of its weight and the order of lora_B's rows.
    public struct Projection: Sendable {
        public let name: String
        public let linear: Linear
        public let rows: GGUFRowOrder
    }

    public static let exportableModelTypes = ["llama", "mistral", "qwen2", "qwen3", "gpt2"]

    public init(config: ModelConfig, path: String) throws {
        self.config = config
        func refuse(_ reason: String) -> GGUFExportError { GGUFExportError(path: path, reason: reason) }
        switch (config.family, config.modelType) {
        case (.llama, "llama"), (.llama, "mistral"): architecture = "llama"
        case (.llama, "qwen2"): architecture = "qwen2"
        case (.qwen3, _): architecture = "qwen3"
        case (.gpt2, _): architecture = "gpt2"
        default:
            throw refuse("model_type '\(config.modelType)' cannot be exported to GGUF; exportable: \(Self.exportableModelTypes.joined(separator: ", "))")
        }
        if config.mlpBias, config.family != .gpt2 {
            throw refuse("mlp_bias: llama.cpp's \(architecture) architecture has no MLP biases")
        }
        if config.attentionBias, config.family == .qwen3 {
            throw refuse("attention_bias: llama.cpp's qwen3 architecture has no attention biases")
        }
        switch config.ropeScaling {
        case .none, .linear, .dynamic: break
        default: throw refuse("rope_scaling \(config.ropeScaling) is not written to GGUF; only linear scaling is")
        }
    }

    /// Whether q and k rows are reordered (llama.cpp's rope type NORM).
    public var permutesQueryKey: Bool { architecture == "llama" }

    /// The `<arch>.*` keys, with the types llama.cpp reads them as.
    public var metadata: [(String, GGUFMetadataValue)] {
        let c = config, a = architecture
        func u32(_ v: Int) -> GGUFMetadataValue { .uint32(UInt32(v)) }
        var out: [(String, GGUFMetadataValue)] = [
            ("\(a).context_length", u32(c.maxPositions)),
            ("\(a).embedding_length", u32(c.hiddenSize)),
            ("\(a).block_count", u32(c.layerCount)),
            ("\(a).feed_forward_length", u32(c.intermediateSize)),
            ("\(a).attention.head_count", u32(c.headCount)),
        ]
        if c.architecture.norm == .layer {
            out.append(("\(a).attention.layer_norm_epsilon", .float32(c.normEpsilon)))
        } else {
            out.append(("\(a).attention.head_count_kv", u32(c.kvHeadCount)))
            out.append(("\(a).rope.dimension_count", u32(c.rotaryDim)))
            out.append(("\(a).rope.freq_base", .float32(c.ropeTheta)))
            out.append(("\(a).attention.layer_norm_rms_epsilon", .float32(c.normEpsilon)))
            if c.headDim * c.headCount != c.hiddenSize || c.family == .qwen3 {
                out.append(("\(a).attention.key_length", u32(c.headDim)))
                out.append(("\(a).attention.value_length", u32(c.headDim)))
            }
            if case .linear(let factor) = c.ropeScaling {
                out.append(("\(a).rope.scaling.type", .string("linear")))
                out.append(("\(a).rope.scaling.factor", .float32(Float(factor))))
            }
        }
        out.append(("\(a).vocab_size", u32(c.vocabSize)))
        return out
    }

    private func blockNames(_ block: TransformerBlock) -> [(String, Linear)] {
        if config.family == .gpt2 {
            return [("attn_qkv", block.attentionInputs[0]), ("attn_output", block.o),
                    ("ffn_up", block.mlpInputs[0]), ("ffn_down", block.down)]
        }
        return [("attn_q", block.attentionInputs[0]), ("attn_k", block.attentionInputs[1]),
                ("attn_v", block.attentionInputs[2]), ("attn_output", block.o),
                ("ffn_gate", block.mlpInputs[0]), ("ffn_up", block.mlpInputs[1]), ("ffn_down", block.down)]
    }

    private func rowOrder(_ short: String) -> GGUFRowOrder {
        if config.architecture.weightLayout == .inOut { return .transposed }
        guard permutesQueryKey else { return .same }
        switch short {
        case "attn_q": return .rotaryPairs(heads: config.headCount)
        case "attn_k": return .rotaryPairs(heads: config.kvHeadCount)
        default: return .same
        }
    }

    /// The projections of every layer, in layer order.
    public func projections(of model: TransformerModel) -> [Projection] {
        model.blocks.enumerated().flatMap { layer, block in
            blockNames(block).map { Projection(name: "blk.\(layer).\($0.0).weight", linear: $0.1, rows: rowOrder($0.0)) }
        }
    }

    /// Every base tensor in file order: embeddings, each layer, the final norm, and the output projection unless it
    /// is tied (llama.cpp then reuses token_embd).
    public func entries(of model: TransformerModel) -> [Entry] {
        var out = [Entry(name: "token_embd.weight", tensor: model.embedding, rows: .same)]
        if let positions = model.positionEmbedding { out.append(Entry(name: "position_embd.weight", tensor: positions, rows: .same)) }
        for (layer, block) in model.blocks.enumerated() {
            let p = "blk.\(layer)."
            out.append(Entry(name: p + "attn_norm.weight", tensor: block.attentionNorm, rows: .same))
            if let bias = block.attentionNormBias { out.append(Entry(name: p + "attn_norm.bias", tensor: bias, rows: .same)) }
            var mlpNormAdded = false
            for (short, linear) in blockNames(block) {
                if short.hasPrefix("ffn_"), !mlpNormAdded {
                    out.append(Entry(name: p + "ffn_norm.weight", tensor: block.mlpNorm, rows: .same))
                    if let bias = block.mlpNormBias { out.append(Entry(name: p + "ffn_norm.bias", tensor: bias, rows: .same)) }
                    mlpNormAdded = true
                }
                let order = rowOrder(short)
                out.append(Entry(name: p + short + ".weight", tensor: linear.weight, rows: order))
                if let bias = linear.bias {
                    out.append(Entry(name: p + short + ".bias", tensor: bias, rows: order == .transposed ? .same : order))
                }
                if short == "attn_k" || short == "attn_q" {
                    if let norm = short == "attn_q" ? block.queryNorm : block.keyNorm {
                        out.append(Entry(name: p + short + "_norm.weight", tensor: norm, rows: .same))
                    }
                }
            }
        }
        out.append(Entry(name: "output_norm.weight", tensor: model.finalNorm, rows: .same))
        if let bias = model.finalNormBias { out.append(Entry(name: "output_norm.bias", tensor: bias, rows: .same)) }
        if model.lmHead !== model.embedding { out.append(Entry(name: "output.weight", tensor: model.lmHead, rows: .same)) }
        return out
    }
}
