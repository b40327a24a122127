import Foundation

/// How one layer attends, where layers differ: Gemma's alternating sliding-window (local) and global layers, Gemma
/// 3's separate RoPE bases for the two, SmolLM3's layers without RoPE. A config without per-layer settings has
/// every layer `.global`.
public struct LayerAttention: Sendable, Equatable {
    public enum Rotary: Sendable, Equatable {
        /// The model's rotary embedding (`ModelConfig.rotary`).
        case global
        /// The local layers' own (`ModelConfig.localRotary`: Gemma 3's `sliding_attention` rope).
        case local
        /// No positional information in this layer (SmolLM3's NoPE layers).
        case none
    }

    /// Keys a query sees, its own position included (transformers' `sliding_window`: key j is visible from query
    /// i when i − window < j ≤ i); nil for full causal attention.
    public var window: Int?
    public var rotary: Rotary

    public init(window: Int? = nil, rotary: Rotary = .global) {
        self.window = window
        self.rotary = rotary
    }

    public static let global = LayerAttention()
}

extension ModelConfig {
    /// Layer `layer`'s attention settings.
    public func attention(ofLayer layer: Int) -> LayerAttention {
        layer < layerAttention.count ? layerAttention[layer] : .global
    }

    /// The windows of the layers that have one (the KV cache keeps only that many positions for them).
    public var slidingWindows: Set<Int> { Set(layerAttention.compactMap(\.window)) }
}

extension ConfigReader {
    /// `layer_types` (`sliding_attention` / `full_attention` per layer), or `fallback` when the config has none;
    /// any other type is refused by name.
    public func layerTypes(count: Int, fallback: (Int) -> String) throws -> [String] {
        guard let raw = object["layer_types"], !(raw is NSNull) else { return (0..<count).map(fallback) }
        guard let kinds = raw as? [String], kinds.count == count else {
            throw fail("layer_types", "must list one type per layer (\(count))")
        }
        if let other = kinds.first(where: { $0 != "sliding_attention" && $0 != "full_attention" }) {
            throw fail("layer_types", "'\(other)' layers are not supported; only sliding_attention and full_attention")
        }
        return kinds
    }
}
