import Foundation
import Support

/// A model's shape, numerical settings and architecture, read from a Hugging Face `config.json` by the family
/// registered for its `model_type` (Sources/Engine/Families).
///
/// Only what the engine implements is accepted: an unknown `model_type`, or a field that would change the maths
/// in a way not implemented (a rope scaling type, an activation, dropout inside the model), is an error
/// that names it, rather than a model that silently computes something else.
public struct ModelConfig: Sendable, Equatable {
    public var family: ModelFamily
    /// The `model_type` as written in the file (llama, mistral, qwen2, qwen3, phi3, gpt2).
    public var modelType: String
    public var architecture: ModelArchitecture
    public var vocabSize: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headDim: Int
    /// Dimensions of each head that the rotary embedding turns (Phi-3's `partial_rotary_factor` × head_dim); the
    /// rest pass through.
    public var rotaryDim: Int
    /// Positions the model can use: `max_position_embeddings`, or the sliding window when that is smaller.
    public var maxPositions: Int
    /// The sliding window of the attention, when the family uses one (it caps `maxPositions`).
    public var attentionWindow: Int?
    public var normEpsilon: Float
    public var ropeTheta: Float
    /// The rotary embedding's scaling (`rope_scaling` / `rope_parameters`; the base is `ropeTheta`).
    public var ropeScaling: RopeScaling = .none
    /// The local layers' rotary embedding where it differs from the global one (Gemma 3), else nil.
    public var localRotary: RotaryEmbedding?
    /// Per-layer windows and rotary embeddings (Gemma 2/3, SmolLM3); empty when every layer is `.global`.
    public var layerAttention: [LayerAttention] = []
    /// The attention scores' scale, when not 1/√head_dim (Gemma's `query_pre_attn_scalar`^-½).
    public var attentionScale: Float?
    /// `cap · tanh(score / cap)` on the scaled attention scores before the softmax (Gemma 2), else nil.
    public var attentionSoftcap: Float?
    /// `cap · tanh(logit / cap)` on the output logits (Gemma 2's `final_logit_softcapping`), else nil.
    public var logitSoftcap: Float?
    public var tiedEmbeddings: Bool
    /// Whether the attention's input projections carry a bias (Qwen2, GPT-2, Llama's `attention_bias`).
    public var attentionBias: Bool
    /// Whether the attention's output projection carries one (GPT-2; Llama's `attention_bias`).
    public var attentionOutputBias: Bool
    /// Whether the MLP projections carry a bias (GPT-2, Llama's `mlp_bias`).
    public var mlpBias: Bool
    /// Tokens that end a generation (`eos_token_id`, a number or a list in config.json).
    public var endOfSequenceIds: [Int32] = []
    /// The embedding row that gets no gradient (`pad_token_id` as the embedding's `padding_idx`; see
    /// `ModelArchitecture.EmbeddingPadding`), in `0..<vocabSize`.
    public var paddingIndex: Int?

    public init(family: ModelFamily, modelType: String, vocabSize: Int, hiddenSize: Int, intermediateSize: Int,
                layerCount: Int, headCount: Int, kvHeadCount: Int, headDim: Int? = nil, rotaryDim: Int? = nil,
                maxPositions: Int, attentionWindow: Int? = nil, normEpsilon: Float, ropeTheta: Float = 10000,
                tiedEmbeddings: Bool, attentionBias: Bool = false, attentionOutputBias: Bool? = nil,
                mlpBias: Bool = false) {
        self.family = family
        self.modelType = modelType
        architecture = ModelFamilies.description(of: family).architecture
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.kvHeadCount = kvHeadCount
        self.headDim = headDim ?? hiddenSize / max(headCount, 1)
        self.rotaryDim = rotaryDim ?? self.headDim
        self.maxPositions = min(maxPositions, attentionWindow ?? .max)
        self.attentionWindow = attentionWindow
        self.normEpsilon = normEpsilon
        self.ropeTheta = ropeTheta
        self.tiedEmbeddings = tiedEmbeddings
        self.attentionBias = attentionBias
        self.attentionOutputBias = attentionOutputBias ?? attentionBias
        self.mlpBias = mlpBias
    }

    /// SmolLM2-135M's shape, used by the training benchmark.
    public static let smolLM2_135M = ModelConfig(
        family: .llama, modelType: "llama", vocabSize: 49152, hiddenSize: 576, intermediateSize: 1536,
        layerCount: 30, headCount: 9, kvHeadCount: 3, maxPositions: 8192, normEpsilon: 1e-5, ropeTheta: 100000,
        tiedEmbeddings: true)

    /// Reads `config.json` in a model folder.
    public init(folder: URL) throws {
        let url = folder.appendingPathComponent("config.json")
        let data: Data
        do { data = try RegularFile.read(url.path, limit: 10_000_000) } catch let error as RegularFileError {
            throw ModelConfigError(path: url.path, field: nil, reason: "\(error.reason); is this a Hugging Face model folder?")
        }
        try self.init(json: data, path: url.path)
    }

    public init(json data: Data, path: String = "config.json") throws {
        guard data.count < 10_000_000, let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ModelConfigError(path: path, field: nil, reason: "not a JSON object")
        }
        let reader = ConfigReader(object: object, path: path)
        let modelType = try reader.string("model_type")
        guard let family = ModelFamilies.description(ofModelType: modelType) else {
            throw reader.fail("model_type", "'\(modelType)' is not supported; supported: \(ModelFamilies.modelTypes.joined(separator: ", "))")
        }
        self = try family.read(reader, modelType)
        if let single = object["eos_token_id"] as? NSNumber {
            endOfSequenceIds = [Int32(truncatingIfNeeded: single.intValue)]
        } else if let list = object["eos_token_id"] as? [NSNumber] {
            endOfSequenceIds = list.map { Int32(truncatingIfNeeded: $0.intValue) }
        }
        if case .padToken(let fallback) = architecture.embeddingPadding {
            // An explicit null means no padding index; an absent key, the config class's default.
            let raw: Int?
            if let value = object["pad_token_id"] {
                if value is NSNull { raw = nil } else if let number = value as? NSNumber,
                                                       Double(number.intValue) == number.doubleValue {
                    raw = number.intValue
                } else {
                    throw reader.fail("pad_token_id", "must be a whole number or null")
                }
            } else {
                // A default the vocabulary cannot hold (a small model without the key) is no padding index.
                raw = fallback.flatMap { $0 < vocabSize ? $0 : nil }
            }
            if let raw {
                // As torch's nn.Embedding: a negative index counts from the end; anything else outside is refused.
                guard raw >= -vocabSize, raw < vocabSize else {
                    throw reader.fail("pad_token_id", "\(raw) is outside the vocabulary of \(vocabSize)")
                }
                paddingIndex = raw < 0 ? raw + vocabSize : raw
            }
        }
        try validate(path: path)
    }

    private func validate(path: String) throws {
        func positive(_ value: Int, _ field: String, limit: Int = 1 << 20) throws {
            guard value > 0, value <= limit else {
                throw ModelConfigError(path: path, field: field, reason: "\(value) is not in 1...\(limit)")
            }
        }
        try positive(vocabSize, "vocab_size", limit: 1 << 22)
        try positive(hiddenSize, "hidden_size")
        try positive(intermediateSize, "intermediate_size")
        try positive(layerCount, "num_hidden_layers", limit: 1024)
        try positive(headCount, "num_attention_heads", limit: 4096)
        try positive(kvHeadCount, "num_key_value_heads", limit: 4096)
        try positive(maxPositions, "max_position_embeddings", limit: 1 << 24)
        try positive(headDim, "head_dim", limit: 1 << 16)
        guard headCount % kvHeadCount == 0 else {
            throw ModelConfigError(path: path, field: "num_key_value_heads",
                                   reason: "\(kvHeadCount) does not divide num_attention_heads \(headCount)")
        }
        if architecture.positions == .rotary {
            guard rotaryDim > 0, rotaryDim <= headDim, rotaryDim % 2 == 0 else {
                throw ModelConfigError(path: path, field: "head_dim",
                                       reason: "rotary dimension \(rotaryDim) of head_dim \(headDim) must be positive and even")
            }
        }
        if architecture.positions == .learned, hiddenSize % headCount != 0 || headDim * headCount != hiddenSize {
            throw ModelConfigError(path: path, field: "n_head", reason: "\(headCount) does not divide n_embd \(hiddenSize)")
        }
        guard normEpsilon > 0, normEpsilon.isFinite else {
            throw ModelConfigError(path: path, field: "rms_norm_eps", reason: "must be a positive number")
        }
        guard ropeTheta > 0, ropeTheta.isFinite else {
            throw ModelConfigError(path: path, field: "rope_theta", reason: "must be a positive number")
        }
        guard layerAttention.isEmpty || layerAttention.count == layerCount else {
            throw ModelConfigError(path: path, field: "layer_types", reason: "lists \(layerAttention.count) layers, not \(layerCount)")
        }
        if let window = layerAttention.compactMap(\.window).first(where: { $0 <= 0 }) {
            throw ModelConfigError(path: path, field: "sliding_window", reason: "\(window) must be positive")
        }
        for (field, value) in [("query_pre_attn_scalar", attentionScale), ("attn_logit_softcapping", attentionSoftcap),
                               ("final_logit_softcapping", logitSoftcap)] {
            if let value, !(value > 0 && value.isFinite) {
                throw ModelConfigError(path: path, field: field, reason: "must be a positive number")
            }
        }
    }

    /// The tensors of the whole model with their shapes, in a fixed order (the tied output projection once).
    public var tensorShapes: [(name: String, shape: [Int])] {
        let n = architecture.names, h = hiddenSize
        var out: [(String, [Int])] = [(n.prefix + n.embedding + ".weight", [vocabSize, h])]
        if architecture.positions == .learned, let positions = n.positionEmbedding {
            out.append((n.prefix + positions + ".weight", [maxPositions, h]))
        }
        for layer in 0..<layerCount {
            let path = layerPath(layer)
            for norm in layerNorms { out += norm.tensors(prefix: path) }
            for projection in layerProjections { out += projection.tensors(prefix: path, layout: architecture.weightLayout) }
        }
        out += NormSpec(module: n.finalNorm, size: h, kind: architecture.norm, role: .final, names: n).tensors(prefix: n.prefix)
        if !tiedEmbeddings { out.append((n.outputProjection + ".weight", [vocabSize, h])) }
        return out
    }

    /// Number of parameters of the base model.
    public var parameterCount: Int { tensorShapes.reduce(0) { $0 + $1.shape.reduce(1, *) } }
}
