import Kernels

/// Generation and scoring on top of `InferenceSession`.
public struct TextGenerator {
    public let model: TransformerModel

    public init(model: TransformerModel) { self.model = model }

    /// Continues `prompt` by up to `maxNewTokens` tokens, stopping after any token in `stopTokens`. `onToken` sees
    /// each new token as it is made (for streaming); returning false stops.
    public func generate(prompt: [Int32], maxNewTokens: Int, settings: SamplingSettings = .greedy,
                         stopTokens: Set<Int32> = [], onToken: (Int32) -> Bool = { _ in true }) throws -> [Int32] {
        guard !prompt.isEmpty else { throw TokenBatchError(reason: "the prompt is empty") }
        let session = InferenceSession(model: model, capacity: min(model.config.maxPositions, prompt.count + maxNewTokens))
        var sampler = Sampler(settings)
        var hidden = try session.append(prompt)
        var row = prompt.count - 1
        var generated: [Int32] = []
        while generated.count < maxNewTokens {
            let token = sampler.pick(session.logits(hidden: hidden, row: row))
            generated.append(token)
            if stopTokens.contains(token) || !onToken(token) || session.length >= session.capacity { break }
            hidden = try session.append([token])
            row = 0
        }
        return generated
    }

    /// The log-probability of each token given the ones before it (`tokens.count - 1` values, for tokens 1…).
    public func score(_ tokens: [Int32]) throws -> [Float] {
        guard tokens.count >= 2 else { return [] }
        let session = InferenceSession(model: model, capacity: tokens.count)
        let hidden = try session.append(tokens)
        var targets = Array(tokens.dropFirst())
        targets.append(TokenBatch.ignoreIndex)
        return Array(session.targetLogProbabilities(hidden: hidden, targets: targets).dropLast())
    }
}
