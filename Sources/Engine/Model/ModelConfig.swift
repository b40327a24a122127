import Foundation

/// The architecture families the engine implements.
public enum ModelFamily: String, Sendable, Codable {
    /// Llama, Mistral (without sliding window), Qwen2 (q/k/v bias), SmolLM, TinyLlama: RMSNorm, RoPE, SwiGLU.
    case llama
    /// GPT-2: learned positions, LayerNorm with bias, GELU-tanh, fused Conv1D q/k/v.
    case gpt2
}

/// Why a `config.json` cannot be used.
public struct ModelConfigError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let field: String?
    public let reason: String
    public var description: String {
        field.map { "\(path), field '\($0)': \(reason)" } ?? "\(path): \(reason)"
    }
}

/// A model's shape and numerical settings, read from a Hugging Face `config.json`.
///
/// Only what the engine implements is accepted: an unknown `model_type`, or a field that would change the maths
/// in a way not implemented (a non-default `rope_scaling`, a sliding window, a non-SwiGLU activation), is an error
/// that names it, rather than a model that silently computes something else.
public struct ModelConfig: Sendable, Equatable {
    public var family: ModelFamily
    /// The `model_type` as written in the file (llama, mistral, qwen2, gpt2).
    public var modelType: String
    public var vocabSize: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headDim: Int
    public var maxPositions: Int
    public var normEpsilon: Float
    public var ropeTheta: Float
    public var tiedEmbeddings: Bool
    /// Whether q/k/v projections carry a bias (Qwen2, or Llama's `attention_bias`).
    public var attentionBias: Bool
    /// Whether the MLP projections carry a bias (Llama's `mlp_bias`).
    public var mlpBias: Bool
    /// Tokens that end a generation (`eos_token_id`, a number or a list in config.json).
    public var endOfSequenceIds: [Int32] = []

    public init(family: ModelFamily, modelType: String, vocabSize: Int, hiddenSize: Int, intermediateSize: Int,
                layerCount: Int, headCount: Int, kvHeadCount: Int, headDim: Int? = nil, maxPositions: Int,
                normEpsilon: Float, ropeTheta: Float = 10000, tiedEmbeddings: Bool, attentionBias: Bool = false,
                mlpBias: Bool = false) {
        self.family = family
        self.modelType = modelType
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.kvHeadCount = kvHeadCount
        self.headDim = headDim ?? hiddenSize / max(headCount, 1)
        self.maxPositions = maxPositions
        self.normEpsilon = normEpsilon
        self.ropeTheta = ropeTheta
        self.tiedEmbeddings = tiedEmbeddings
        self.attentionBias = attentionBias
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
        do { data = try Data(contentsOf: url) } catch {
            throw ModelConfigError(path: url.path, field: nil, reason: "cannot read it (\(error.localizedDescription)); is this a Hugging Face model folder?")
        }
        try self.init(json: data, path: url.path)
    }

    public init(json data: Data, path: String = "config.json") throws {
        guard data.count < 10_000_000, let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ModelConfigError(path: path, field: nil, reason: "not a JSON object")
        }
        let reader = ConfigReader(object: object, path: path)
        let modelType = try reader.string("model_type")
        switch modelType {
        case "llama", "mistral", "qwen2":
            try self.init(llama: reader, modelType: modelType)
        case "gpt2":
            try self.init(gpt2: reader)
        default:
            throw ModelConfigError(path: path, field: "model_type",
                                   reason: "'\(modelType)' is not supported; supported: llama, mistral, qwen2, gpt2")
        }
        if let single = object["eos_token_id"] as? NSNumber {
            endOfSequenceIds = [Int32(truncatingIfNeeded: single.intValue)]
        } else if let list = object["eos_token_id"] as? [NSNumber] {
            endOfSequenceIds = list.map { Int32(truncatingIfNeeded: $0.intValue) }
        }
        try validate(path: path)
    }

    private init(llama r: ConfigReader, modelType: String) throws {
        let hidden = try r.int("hidden_size")
        let heads = try r.int("num_attention_heads")
        let maxPositions = try r.int("max_position_embeddings", default: 2048)
        if let activation = r.optionalString("hidden_act"), activation != "silu" {
            throw ModelConfigError(path: r.path, field: "hidden_act", reason: "'\(activation)' is not supported; only silu (SwiGLU)")
        }
        // transformers < 5 writes `rope_theta` and `rope_scaling`; transformers 5 writes `rope_parameters`.
        var ropeTheta = try r.double("rope_theta", default: 10000)
        for field in ["rope_scaling", "rope_parameters"] {
            guard let scaling = r.object[field], !(scaling is NSNull) else { continue }
            guard let map = scaling as? [String: Any] else {
                throw ModelConfigError(path: r.path, field: field, reason: "must be an object or null")
            }
            let kind = (map["rope_type"] as? String) ?? (map["type"] as? String) ?? "default"
            if kind != "default" {
                throw ModelConfigError(path: r.path, field: field,
                                       reason: "rope scaling type '\(kind)' is not supported; only the default (no scaling)")
            }
            if let theta = map["rope_theta"] as? NSNumber { ropeTheta = theta.doubleValue }
        }
        // Mistral uses its window whenever one is set; Qwen2 only when `use_sliding_window` is true.
        let windowed = modelType == "mistral" || (modelType == "qwen2" && r.bool("use_sliding_window", default: false))
        if windowed, let window = r.object["sliding_window"] as? NSNumber, window.intValue < maxPositions {
            throw ModelConfigError(path: r.path, field: "sliding_window",
                                   reason: "sliding-window attention (\(window.intValue) < \(maxPositions) positions) is not supported")
        }
        self.init(family: .llama, modelType: modelType,
                  vocabSize: try r.int("vocab_size"), hiddenSize: hidden,
                  intermediateSize: try r.int("intermediate_size"),
                  layerCount: try r.int("num_hidden_layers"), headCount: heads,
                  kvHeadCount: try r.int("num_key_value_heads", default: heads),
                  headDim: try r.optionalInt("head_dim"),
                  maxPositions: maxPositions,
                  normEpsilon: Float(try r.double("rms_norm_eps", default: 1e-6)),
                  ropeTheta: Float(ropeTheta),
                  tiedEmbeddings: r.bool("tie_word_embeddings", default: false),
                  attentionBias: modelType == "qwen2" ? true : r.bool("attention_bias", default: false),
                  mlpBias: r.bool("mlp_bias", default: false))
        if r.double("partial_rotary_factor", fallback: 1) != 1 {
            throw ModelConfigError(path: r.path, field: "partial_rotary_factor", reason: "partial rotary embeddings are not supported")
        }
    }

    private init(gpt2 r: ConfigReader) throws {
        let hidden = try r.int("n_embd")
        let heads = try r.int("n_head")
        if let activation = r.optionalString("activation_function"), activation != "gelu_new", activation != "gelu_pytorch_tanh" {
            throw ModelConfigError(path: r.path, field: "activation_function",
                                   reason: "'\(activation)' is not supported; only gelu_new (GELU-tanh)")
        }
        for flag in ["scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn", "add_cross_attention"] where r.bool(flag, default: false) {
            throw ModelConfigError(path: r.path, field: flag, reason: "is not supported; set it to false")
        }
        if !r.bool("scale_attn_weights", default: true) {
            throw ModelConfigError(path: r.path, field: "scale_attn_weights", reason: "unscaled attention is not supported")
        }
        let inner = try r.optionalInt("n_inner") ?? 4 * hidden
        self.init(family: .gpt2, modelType: "gpt2", vocabSize: try r.int("vocab_size"), hiddenSize: hidden,
                  intermediateSize: inner, layerCount: try r.int("n_layer"), headCount: heads, kvHeadCount: heads,
                  maxPositions: try r.int("n_positions", default: 1024),
                  normEpsilon: Float(try r.double("layer_norm_epsilon", default: 1e-5)),
                  tiedEmbeddings: r.bool("tie_word_embeddings", default: true),
                  attentionBias: true, mlpBias: true)
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
        guard headCount % kvHeadCount == 0 else {
            throw ModelConfigError(path: path, field: "num_key_value_heads",
                                   reason: "\(kvHeadCount) does not divide num_attention_heads \(headCount)")
        }
        guard headDim > 0, headDim % 2 == 0 || family == .gpt2 else {
            throw ModelConfigError(path: path, field: "head_dim", reason: "\(headDim) must be positive and even")
        }
        if family == .gpt2, hiddenSize % headCount != 0 {
            throw ModelConfigError(path: path, field: "n_head", reason: "\(headCount) does not divide n_embd \(hiddenSize)")
        }
        guard normEpsilon > 0, normEpsilon.isFinite else {
            throw ModelConfigError(path: path, field: "rms_norm_eps", reason: "must be a positive number")
        }
        guard ropeTheta > 0, ropeTheta.isFinite else {
            throw ModelConfigError(path: path, field: "rope_theta", reason: "must be a positive number")
        }
    }

    /// Number of parameters of the base model.
    public var parameterCount: Int {
        let h = hiddenSize, q = headCount * headDim, kv = kvHeadCount * headDim
        var perLayer: Int
        switch family {
        case .llama:
            perLayer = h * (q + 2 * kv) + q * h + 3 * h * intermediateSize + 2 * h
            if attentionBias { perLayer += q + 2 * kv }
        case .gpt2:
            perLayer = h * 3 * h + 3 * h + h * h + h + 2 * h * intermediateSize + intermediateSize + h + 4 * h
        }
        var total = layerCount * perLayer + vocabSize * h + (family == .gpt2 ? 2 * h + maxPositions * h : h)
        if !tiedEmbeddings { total += vocabSize * h }
        return total
    }
}

/// Typed access to a config object's fields, with errors naming the field.
struct ConfigReader {
    let object: [String: Any]
    let path: String

    func string(_ key: String) throws -> String {
        guard let value = object[key] as? String else {
            throw ModelConfigError(path: path, field: key, reason: "missing or not a string")
        }
        return value
    }

    func optionalString(_ key: String) -> String? { object[key] as? String }

    func int(_ key: String, default fallback: Int? = nil) throws -> Int {
        if let value = try optionalInt(key) { return value }
        if let fallback { return fallback }
        throw ModelConfigError(path: path, field: key, reason: "missing")
    }

    func optionalInt(_ key: String) throws -> Int? {
        guard let raw = object[key], !(raw is NSNull) else { return nil }
        guard let number = raw as? NSNumber, number.doubleValue.rounded() == number.doubleValue,
              abs(number.doubleValue) < 1e15 else {
            throw ModelConfigError(path: path, field: key, reason: "\(raw) is not an integer")
        }
        return number.intValue
    }

    func double(_ key: String, default fallback: Double) throws -> Double {
        guard let raw = object[key], !(raw is NSNull) else { return fallback }
        guard let number = raw as? NSNumber, number.doubleValue.isFinite else {
            throw ModelConfigError(path: path, field: key, reason: "\(raw) is not a number")
        }
        return number.doubleValue
    }

    func double(_ key: String, fallback: Double) -> Double {
        (object[key] as? NSNumber)?.doubleValue ?? fallback
    }

    func bool(_ key: String, default fallback: Bool) -> Bool {
        (object[key] as? NSNumber)?.boolValue ?? fallback
    }
}
