import Engine
import Kernels

/// Why two models cannot score together, or a text cannot be scored.
public struct DetectorError: Error, CustomStringConvertible, Sendable {
    public let what: String
    public let reason: String
    public init(what: String, reason: String) {
        self.what = what
        self.reason = reason
    }
    public var description: String { "\(what): \(reason)" }
}

/// The next-token statistics of a token sequence under a scoring model q and a reference model p (the same model
/// in the white-box case): one `NextTokenStatistics` per position, the last one without a target. Both models run
/// through the engine's one forward (KV-cached inference session), and logits exist only a chunk of rows at a time.
public struct LanguageModelStatistics {
    public let scoring: TransformerModel
    public let reference: TransformerModel?
    /// Rows of logits computed at once (per model).
    public var chunkRows = 64

    /// `reference` nil or the same object: white-box. Two models must share the vocabulary.
    public init(scoring: TransformerModel, reference: TransformerModel? = nil) throws {
        self.scoring = scoring
        self.reference = reference === scoring ? nil : reference
        if let reference, reference.config.vocabSize != scoring.config.vocabSize {
            throw DetectorError(what: "models", reason: "the vocabularies differ (\(reference.config.vocabSize) vs \(scoring.config.vocabSize) tokens); the two models must share a tokenizer")
        }
    }

    /// The most tokens a text may have (both models' positions).
    public var maxTokens: Int { min(scoring.config.maxPositions, reference?.config.maxPositions ?? .max) }

    /// Statistics of every position of `tokens` (at least 2, at most `maxTokens`).
    public func statistics(_ tokens: [Int32]) throws -> [NextTokenStatistics] {
        guard tokens.count >= 2 else { throw DetectorError(what: "text", reason: "needs at least 2 tokens, has \(tokens.count)") }
        guard tokens.count <= maxTokens else {
            throw DetectorError(what: "text", reason: "\(tokens.count) tokens exceed the model's \(maxTokens) positions")
        }
        let scoringHidden = try InferenceSession(model: scoring, capacity: tokens.count).append(tokens)
        let referenceHidden = try reference.map { try InferenceSession(model: $0, capacity: tokens.count).append(tokens) }
        let rows = tokens.count, v = scoring.config.vocabSize
        var targets = Array(tokens.dropFirst())
        targets.append(-1)
        var out: [NextTokenStatistics] = []
        out.reserveCapacity(rows)
        let chunk = min(chunkRows, rows)
        let q = FloatBuffer(count: chunk * v), p = FloatBuffer(count: reference == nil ? 0 : chunk * v)
        for start in stride(from: 0, to: rows, by: chunk) {
            let n = min(chunk, rows - start)
            Self.logits(scoring, hidden: scoringHidden, start: start, rows: n, into: q.pointer)
            if let reference, let referenceHidden { Self.logits(reference, hidden: referenceHidden, start: start, rows: n, into: p.pointer) }
            targets.withUnsafeBufferPointer { t in
                out += NextTokenStatistics.compute(scoring: q.pointer, reference: reference == nil ? nil : UnsafePointer(p.pointer),
                                                   rows: n, vocab: v, targets: t.baseAddress! + start)
            }
        }
        return out
    }

    static func logits(_ model: TransformerModel, hidden: [Float], start: Int, rows: Int, into out: UnsafeMutablePointer<Float>) {
        let h = model.config.hiddenSize, v = model.config.vocabSize
        hidden.withUnsafeBufferPointer { x in
            sgemm(.none, .transposed, m: rows, n: v, k: h, alpha: 1, a: x.baseAddress! + start * h, lda: h,
                  b: model.lmHead.value.pointer, ldb: h, beta: 0, c: out, ldc: v)
        }
        model.capLogits(out, count: rows * v)
    }
}
