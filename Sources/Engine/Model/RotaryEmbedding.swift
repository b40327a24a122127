import Foundation

/// A rotary embedding's base and scaling, as `config.json` gives them (`rope_theta` with `rope_scaling`, or
/// transformers 5's `rope_parameters`). The scaling types implemented are the ones whose frequencies are fixed for
/// every position the engine accepts; others (`longrope`, …) are refused by name where the config is read.
public struct RotaryEmbedding: Sendable, Equatable {
    public var theta: Double
    public var scaling: RopeScaling

    public init(theta: Double, scaling: RopeScaling = .none) {
        self.theta = theta
        self.scaling = scaling
    }

    /// The inverse frequencies of a rotary part of `dim` dimensions, computed in f32 in the order transformers'
    /// `ROPE_INIT_FUNCTIONS` computes them, so that the cos/sin tables agree with PyTorch's to the last bits.
    public func inverseFrequencies(dim: Int) -> [Float] {
        let half = dim / 2
        func base(_ theta: Double) -> [Float] {
            (0..<half).map { 1 / powf(Float(theta), Float(2 * $0) / Float(dim)) }
        }
        switch scaling {
        case .none:
            return base(theta)
        case .linear(let factor):
            return base(theta).map { $0 / Float(factor) }
        case .dynamic(let factor, let maxPositions):
            // transformers recomputes the base only for sequences past max_position_embeddings, which the engine
            // never runs; at init (seq_len = max positions) the base is theta × (f·m/m − (f − 1))^(d/(d−2)).
            let m = Double(maxPositions)
            let scaled = theta * pow(factor * m / m - (factor - 1), Double(dim) / Double(dim - 2))
            return base(scaled)
        case .llama3(let factor, let low, let high, let original):
            let lowWavelength = Float(Double(original) / low), highWavelength = Float(Double(original) / high)
            return base(theta).map { inv in
                let wavelength = Float(2 * Double.pi) / inv
                let scaled = wavelength > lowWavelength ? inv / Float(factor) : inv
                guard !(wavelength < highWavelength), !(wavelength > lowWavelength) else { return scaled }
                let smooth = (Float(original) / wavelength - Float(low)) / Float(high - low)
                return (1 - smooth) * scaled / Float(factor) + smooth * scaled
            }
        case .yarn(let yarn):
            let frequencies = (0..<half).map { powf(Float(theta), Float(2 * $0) / Float(dim)) }
            func correctionDim(_ rotations: Double) -> Double {
                Double(dim) * log(Double(yarn.originalMaxPositions) / (rotations * 2 * Double.pi)) / (2 * log(theta))
            }
            var low = correctionDim(yarn.betaFast), high = correctionDim(yarn.betaSlow)
            if yarn.truncate { (low, high) = (floor(low), ceil(high)) }
            (low, high) = (max(low, 0), min(high, Double(dim - 1)))
            if low == high { high += 0.001 }
            let (lowF, spanF) = (Float(low), Float(high - low))
            return (0..<half).map { i in
                let ramp = min(max((Float(i) - lowF) / spanF, 0), 1)
                let extrapolation = 1 - ramp
                let interpolated = 1 / (Float(yarn.factor) * frequencies[i]), extrapolated = 1 / frequencies[i]
                return interpolated * (1 - extrapolation) + extrapolated * extrapolation
            }
        }
    }

    /// The factor transformers multiplies cos and sin by (YaRN's attention factor; 1 otherwise).
    public var attentionFactor: Float {
        guard case .yarn(let yarn) = scaling else { return 1 }
        if let factor = yarn.attentionFactor { return Float(factor) }
        func mscale(_ scale: Double, _ m: Double = 1) -> Double { scale <= 1 ? 1 : 0.1 * m * log(scale) + 1 }
        if let m = yarn.mscale, let all = yarn.mscaleAllDim, m != 0, all != 0 {
            return Float(mscale(yarn.factor, m) / mscale(yarn.factor, all))
        }
        return Float(mscale(yarn.factor))
    }
}

/// The rope scaling types the engine implements (transformers' names in comments).
public enum RopeScaling: Sendable, Equatable {
    /// `default`: no scaling.
    case none
    /// `linear`: every inverse frequency divided by the factor (position interpolation).
    case linear(factor: Double)
    /// `dynamic` NTK: changes the base only past max_position_embeddings, so within the model's context it is the
    /// default rope (up to transformers' rounding of the base at init).
    case dynamic(factor: Double, maxPositions: Int)
    /// `llama3` (Llama 3.1 / 3.2): low frequencies divided by the factor, high ones kept, a smooth blend between.
    case llama3(factor: Double, lowFrequencyFactor: Double, highFrequencyFactor: Double, originalMaxPositions: Int)
    /// `yarn`: interpolated and extrapolated frequencies blended by a linear ramp, cos/sin scaled by a factor.
    case yarn(Yarn)

    public struct Yarn: Sendable, Equatable {
        public var factor: Double
        public var originalMaxPositions: Int
        public var betaFast: Double = 32
        public var betaSlow: Double = 1
        public var attentionFactor: Double?
        public var mscale: Double?
        public var mscaleAllDim: Double?
        public var truncate = true
    }
}

extension ConfigReader {
    /// The rotary embedding of a config: `rope_theta` (or `fallback`), then `rope_scaling` (the older spelling)
    /// and `rope_parameters` (transformers 5) overlaid in that order. `nested` reads one layer type's entry of a
    /// per-layer-type `rope_parameters` (Gemma 3's `sliding_attention` / `full_attention`; an older config's
    /// `rope_scaling` is not nested); `legacyScaling: false` ignores `rope_scaling` (Gemma 3 applies it to its
    /// global layers only).
    public func rotaryEmbedding(default fallback: Double, thetaKey: String = "rope_theta", nested: String? = nil,
                                legacyScaling: Bool = true) throws -> RotaryEmbedding {
        var theta = try double(thetaKey, default: fallback)
        var fields: [String: Any] = [:]
        var source = "rope_parameters"
        for field in legacyScaling ? ["rope_scaling", "rope_parameters"] : ["rope_parameters"] {
            guard let raw = object[field], !(raw is NSNull) else { continue }
            guard var map = raw as? [String: Any] else { throw fail(field, "must be an object or null") }
            if let nested, field == "rope_parameters" {
                guard let inner = map[nested] else { continue }
                if inner is NSNull { continue }
                guard let innerMap = inner as? [String: Any] else { throw fail(field, "'\(nested)' must be an object") }
                map = innerMap
            }
            if map.isEmpty { continue }
            fields.merge(map) { _, new in new }
            source = field == "rope_parameters" ? nested.map { "\(field).\($0)" } ?? field : field
        }
        let name = source
        func number(_ key: String) throws -> Double? {
            guard let raw = fields[key], !(raw is NSNull) else { return nil }
            guard let value = raw as? NSNumber, value.doubleValue.isFinite else {
                throw fail(name, "'\(key)' is not a number")
            }
            return value.doubleValue
        }
        func required(_ key: String) throws -> Double {
            guard let value = try number(key) else { throw fail(name, "'\(key)' is missing") }
            return value
        }
        if let value = try number("rope_theta") { theta = value }
        let kind = (fields["rope_type"] as? String) ?? (fields["type"] as? String) ?? "default"
        let maxPositions = try int("max_position_embeddings", default: 2048)
        let original = try Int(number("original_max_position_embeddings")
                               ?? optionalInt("original_max_position_embeddings").map(Double.init) ?? Double(maxPositions))
        func factor() throws -> Double {
            let value = try required("factor")
            guard value >= 1 else { throw fail(name, "'factor' \(value) must be at least 1") }
            return value
        }
        let scaling: RopeScaling
        switch kind {
        case "default":
            scaling = .none
        case "linear":
            scaling = .linear(factor: try factor())
        case "dynamic":
            scaling = .dynamic(factor: try factor(), maxPositions: maxPositions)
        case "llama3":
            let low = try required("low_freq_factor"), high = try required("high_freq_factor")
            guard low > 0, high > low, original > 0 else {
                throw fail(name, "llama3 needs 0 < low_freq_factor < high_freq_factor and a positive original_max_position_embeddings")
            }
            scaling = .llama3(factor: try factor(), lowFrequencyFactor: low, highFrequencyFactor: high,
                              originalMaxPositions: original)
        case "yarn":
            guard original > 0 else { throw fail(name, "yarn needs a positive original_max_position_embeddings") }
            var yarn = RopeScaling.Yarn(factor: try number("factor") ?? Double(maxPositions) / Double(original),
                                        originalMaxPositions: original)
            if let value = try number("beta_fast"), value != 0 { yarn.betaFast = value }
            if let value = try number("beta_slow"), value != 0 { yarn.betaSlow = value }
            yarn.attentionFactor = try number("attention_factor")
            yarn.mscale = try number("mscale")
            yarn.mscaleAllDim = try number("mscale_all_dim")
            yarn.truncate = (fields["truncate"] as? NSNumber)?.boolValue ?? true
            guard yarn.factor > 0 else { throw fail(name, "yarn's 'factor' must be positive") }
            scaling = .yarn(yarn)
        default:
            throw fail(name, "rope scaling type '\(kind)' is not supported; supported: default, linear, dynamic, llama3, yarn")
        }
        guard theta > 0, theta.isFinite else { throw fail(thetaKey, "must be a positive number") }
        return RotaryEmbedding(theta: theta, scaling: scaling)
    }
}
