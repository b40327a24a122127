import Foundation

/// How the next token is picked from logits.
public struct SamplingSettings: Sendable, Equatable {
    /// 0 means greedy (argmax).
    public var temperature: Float
    /// Keep only the k most likely tokens (0: all).
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probabilities reach `topP` (1: all).
    public var topP: Float
    public var seed: UInt64

    public init(temperature: Float = 0, topK: Int = 0, topP: Float = 1, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
    }

    public static let greedy = SamplingSettings()
}

/// Picks tokens from logits with temperature, top-k and top-p (nucleus) filtering, from a seeded generator so that
/// a generation is reproducible.
public struct Sampler: Sendable {
    public let settings: SamplingSettings
    private var generator: SeededGenerator

    public init(_ settings: SamplingSettings) {
        self.settings = settings
        generator = SeededGenerator(seed: settings.seed)
    }

    public mutating func pick(_ logits: [Float]) -> Int32 {
        guard settings.temperature > 0 else {
            var best = 0
            for i in 1..<logits.count where logits[i] > logits[best] { best = i }
            return Int32(best)
        }
        var order = Array(logits.indices).sorted { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
        if settings.topK > 0, settings.topK < order.count { order.removeLast(order.count - settings.topK) }
        let top = logits[order[0]] / settings.temperature
        var probs = order.map { Double(exp(logits[$0] / settings.temperature - top)) }
        let total = probs.reduce(0, +)
        probs = probs.map { $0 / total }
        if settings.topP < 1 {
            var cumulative = 0.0
            var keep = 0
            while keep < probs.count {
                cumulative += probs[keep]
                keep += 1
                if cumulative >= Double(settings.topP) { break }
            }
            order.removeLast(order.count - keep)
            probs.removeLast(probs.count - keep)
            let kept = probs.reduce(0, +)
            probs = probs.map { $0 / kept }
        }
        let u = Double(generator.nextUniform())
        var cumulative = 0.0
        for (index, p) in probs.enumerated() {
            cumulative += p
            if u < cumulative { return Int32(order[index]) }
        }
        return Int32(order[order.count - 1])
    }
}
