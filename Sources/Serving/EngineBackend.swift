import Engine
import Foundation
import Tokenizers

/// The in-process engine as a completion backend: the same KV-cached forward and sampler as `loom generate`, so a
/// greedy completion over HTTP is token for token what the command prints.
public final class EngineBackend: CompletionBackend, @unchecked Sendable {
    // The model is only read after loading and every sequence runs on the server's one generation thread.
    public let model: TransformerModel
    public let tokenizer: Tokenizer
    public let formatter: PromptFormatter

    public init(model: TransformerModel, tokenizer: Tokenizer, formatter: PromptFormatter) {
        self.model = model
        self.tokenizer = tokenizer
        self.formatter = formatter
    }

    public var contextLength: Int { model.config.maxPositions }

    public func encode(prompt: String) -> [Int32] {
        tokenizer.encode(prompt).map { Int32(truncatingIfNeeded: $0) }
    }

    public func encode(chat messages: [ChatMessage]) throws -> [Int32] {
        try formatter.encode(messages, addGenerationPrompt: true).ids.map { Int32(bitPattern: $0) }
    }

    public func stopTokens(chat: Bool) -> Set<Int32> {
        var stops = Set(model.config.endOfSequenceIds)
        if chat, let eos = formatter.tokenizer.id(for: formatter.eosToken) { stops.insert(Int32(bitPattern: eos)) }
        return stops
    }

    public func isValidToken(_ id: Int32) -> Bool { id >= 0 && Int(id) < model.config.vocabSize }

    public func start(prompt: [Int32], capacity: Int, sampling: SamplingSettings, topLogprobs: Int) throws -> any TokenSource {
        EngineSequence(model: model, prompt: prompt, capacity: capacity, sampling: sampling, topLogprobs: topLogprobs)
    }

    public func makeDecoder() -> any TextPieces {
        TokenizerPieces(decoder: tokenizer.makeStreamingDecoder(skipSpecialTokens: true))
    }

    public func text(ofToken id: Int32) -> String {
        tokenizer.decode([UInt32(bitPattern: id)], skipSpecialTokens: false)
    }
}

/// The tokenizer's streaming decoder behind `TextPieces`.
struct TokenizerPieces: TextPieces {
    var decoder: StreamingDecoder
    mutating func step(_ id: Int32) -> String? { decoder.step(UInt32(bitPattern: id)) }
    mutating func finish() -> String { decoder.finish() }
}

/// One sequence on the engine: a KV-cached session read token by token, as `TextGenerator.generate` does.
final class EngineSequence: TokenSource {
    private let session: InferenceSession
    private var sampler: Sampler
    private let prompt: [Int32]
    private let topLogprobs: Int
    private let wantsLogprobs: Bool
    private var hidden: [Float] = []
    private var row = 0
    private var last: Int32?

    init(model: TransformerModel, prompt: [Int32], capacity: Int, sampling: SamplingSettings, topLogprobs: Int) {
        session = InferenceSession(model: model, capacity: min(model.config.maxPositions, capacity))
        sampler = Sampler(sampling)
        self.prompt = prompt
        self.topLogprobs = max(0, topLogprobs)
        wantsLogprobs = topLogprobs >= 0
    }

    var isFull: Bool { session.length >= session.capacity }

    func next() throws -> GeneratedToken {
        if let last {
            hidden = try session.append([last])
            row = 0
        } else {
            hidden = try session.append(prompt)
            row = prompt.count - 1
        }
        let logits = session.logits(hidden: hidden, row: row)
        let id = sampler.pick(logits)
        last = id
        guard wantsLogprobs else { return GeneratedToken(id: id) }
        return Self.logprobs(of: id, logits: logits, top: topLogprobs)
    }

    /// Log-softmax of the raw logits (temperature 1): the chosen token's value and the `top` most likely tokens.
    static func logprobs(of id: Int32, logits: [Float], top: Int) -> GeneratedToken {
        var peak = -Float.infinity
        for value in logits where value > peak { peak = value }
        var sum = 0.0
        for value in logits { sum += Double(exp(value - peak)) }
        let normaliser = peak + Float(log(sum))
        var best: [(id: Int32, logprob: Float)] = []
        if top > 0 {
            // A running list of the best `top` (top ≤ 20): one pass over the vocabulary.
            for (index, value) in logits.enumerated() {
                if best.count < top || value > best[best.count - 1].logprob {
                    let entry = (id: Int32(index), logprob: value)
                    let at = best.firstIndex { value > $0.logprob } ?? best.count
                    best.insert(entry, at: at)
                    if best.count > top { best.removeLast() }
                }
            }
            best = best.map { (id: $0.id, logprob: $0.logprob - normaliser) }
        }
        return GeneratedToken(id: id, logprob: logits[Int(id)] - normaliser, top: best)
    }
}
