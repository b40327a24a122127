/// The structure of a decoder-only transformer, as data: which norm, how the projections are laid out and named,
/// which MLP, which positions. A family (Sources/Engine/Families) is a function from `config.json` to this plus the
/// shape in `ModelConfig`; every consumer (loading, the forward and backward passes, parameter counts, LoRA target
/// resolution, PEFT names, estimates, exports) reads it instead of switching on the family.
public struct ModelArchitecture: Sendable, Equatable {
    public enum Norm: Sendable, Equatable {
        /// `x / sqrt(mean(x²) + eps) * w` (Llama).
        case rms
        /// LayerNorm with weight and bias (GPT-2).
        case layer
    }

    /// How q, k and v come out of the attention's input.
    public enum AttentionProjections: Sendable, Equatable {
        /// Three projections `q`, `k`, `v`.
        case separate
        /// One projection whose output rows are `[q | k | v]` (GPT-2's `c_attn`, Phi-3's `qkv_proj`, with GQA sizes).
        case fused
    }

    /// The feed-forward block.
    public enum MLP: Sendable, Equatable {
        /// `down(act(gate(x)) * up(x))` with separate gate and up projections (Llama's SwiGLU, Gemma's GeGLU).
        case gated
        /// The same with one projection whose output rows are `[gate | up]` (Phi-3's `gate_up_proj`).
        case fusedGated
        /// `down(act(up(x)))` (GPT-2).
        case plain
    }

    public enum Activation: Sendable, Equatable {
        case silu
        /// GELU with the tanh approximation (GPT-2's `gelu_new`).
        case geluTanh
    }

    /// Whether the token embedding is transformers' `nn.Embedding(vocab, hidden, padding_idx=config.pad_token_id)`.
    /// With a padding index, the pad token's row gets no gradient from the embedding lookup (PyTorch zeroes it), so
    /// a full fine-tune on data that contains the pad token leaves that row as transformers would (a tied output
    /// projection still updates it). `default` is the config class's `pad_token_id` when config.json has none.
    public enum EmbeddingPadding: Sendable, Equatable {
        /// A plain embedding (GPT-2's `wte`).
        case none
        case padToken(default: Int?)
    }

    public enum Positions: Sendable, Equatable {
        /// Rotary embeddings in the rotate-half convention on the first `ModelConfig.rotaryDim` dimensions of a head.
        case rotary
        /// A learned table added to the token embeddings (GPT-2's `wpe`).
        case learned
    }

    public var norm: Norm
    public var attention: AttentionProjections
    public var mlp: MLP
    public var activation: Activation
    public var positions: Positions
    /// A per-head RMSNorm on q and on k before the rotary embedding (Qwen3's `q_norm`, `k_norm`).
    public var queryKeyNorm: Bool
    /// Added to every norm's stored weight before it scales (Gemma's RMSNorm multiplies by `1 + weight`).
    public var normWeightOffset: Float = 0
    /// Norms on the attention's and the MLP's outputs before they join the residual stream (Gemma 2/3's
    /// `post_attention_layernorm`, `post_feedforward_layernorm`).
    public var postNorms = false
    /// Token embeddings multiplied by √hidden (Gemma; rounded to f32 as transformers does).
    public var scaledEmbedding = false
    public var embeddingPadding: EmbeddingPadding = .padToken(default: nil)
    /// How projection weights are stored: `nn.Linear`'s `[out, in]`, or GPT-2 `Conv1D`'s `[in, out]` (PEFT's
    /// `fan_in_fan_out`).
    public var weightLayout: WeightLayout
    public var names: TensorNames

    public init(norm: Norm, attention: AttentionProjections, mlp: MLP, activation: Activation, positions: Positions,
                queryKeyNorm: Bool = false, weightLayout: WeightLayout = .outIn,
                embeddingPadding: EmbeddingPadding = .padToken(default: nil), names: TensorNames) {
        self.norm = norm
        self.attention = attention
        self.mlp = mlp
        self.activation = activation
        self.positions = positions
        self.queryKeyNorm = queryKeyNorm
        self.weightLayout = weightLayout
        self.embeddingPadding = embeddingPadding
        self.names = names
    }
}

/// The checkpoint's tensor and module names, relative to a prefix (`model.`, `transformer.`). A projection's
/// name is also the short module name PEFT matches `target_modules` against.
public struct TensorNames: Sendable, Equatable {
    /// Prefix of every tensor but the untied output projection.
    public var prefix: String
    /// The list of layers under the prefix: `layers` → `model.layers.0.`.
    public var layers: String
    public var embedding: String
    public var positionEmbedding: String?
    public var finalNorm: String
    public var outputProjection: String
    public var attentionNorm: String
    public var mlpNorm: String
    /// Modules that hold the attention's and the MLP's projections: `self_attn`, `mlp`.
    public var attentionModule: String
    public var mlpModule: String
    /// `[q, k, v]` for separate projections, `[qkv]` for a fused one.
    public var attentionInputs: [String]
    public var attentionOutput: String
    /// `[gate, up]`, `[gate_up]` or `[up]`.
    public var mlpInputs: [String]
    public var mlpOutput: String
    public var queryNorm: String?
    public var keyNorm: String?
    /// The post-norms' modules when the architecture has them (Gemma), relative to the layer.
    public var attentionOutputNorm: String?
    public var mlpOutputNorm: String?
    /// Suffixes of a norm's weight and bias (`weight`, `bias`).
    public var normWeight = "weight"
    public var normBias = "bias"

    public init(prefix: String, layers: String, embedding: String, positionEmbedding: String? = nil,
                finalNorm: String, outputProjection: String, attentionNorm: String, mlpNorm: String,
                attentionModule: String, mlpModule: String, attentionInputs: [String], attentionOutput: String,
                mlpInputs: [String], mlpOutput: String, queryNorm: String? = nil, keyNorm: String? = nil) {
        self.prefix = prefix
        self.layers = layers
        self.embedding = embedding
        self.positionEmbedding = positionEmbedding
        self.finalNorm = finalNorm
        self.outputProjection = outputProjection
        self.attentionNorm = attentionNorm
        self.mlpNorm = mlpNorm
        self.attentionModule = attentionModule
        self.mlpModule = mlpModule
        self.attentionInputs = attentionInputs
        self.attentionOutput = attentionOutput
        self.mlpInputs = mlpInputs
        self.mlpOutput = mlpOutput
        self.queryNorm = queryNorm
        self.keyNorm = keyNorm
    }

    /// Llama's names (`model.layers.N.self_attn.q_proj`, …), shared by Mistral, Qwen2, Qwen3 and Phi-3 (with
    /// Phi-3's fused projections swapped in by its family).
    public static let llama = TensorNames(
        prefix: "model.", layers: "layers", embedding: "embed_tokens", finalNorm: "norm", outputProjection: "lm_head",
        attentionNorm: "input_layernorm", mlpNorm: "post_attention_layernorm", attentionModule: "self_attn",
        mlpModule: "mlp", attentionInputs: ["q_proj", "k_proj", "v_proj"], attentionOutput: "o_proj",
        mlpInputs: ["gate_proj", "up_proj"], mlpOutput: "down_proj")
}
