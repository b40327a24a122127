/// Why a batch of token ids cannot be run through a model.
public struct TokenBatchError: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { reason }
}

/// `batch` sequences of `sequenceLength` token ids, row-major, with the target of every position: the id the model
/// should predict there (usually the next token), or `ignoreIndex` (-100) where the loss is masked.
public struct TokenBatch: Sendable, Equatable {
    public static let ignoreIndex: Int32 = -100

    public let batch: Int
    public let sequenceLength: Int
    public let tokens: [Int32]
    public let targets: [Int32]

    /// Checks shapes and that every id lies in the vocabulary, since ids index weight rows.
    public init(tokens: [Int32], targets: [Int32], batch: Int, sequenceLength: Int, vocabSize: Int,
                maxPositions: Int) throws {
        guard batch > 0, sequenceLength > 0, tokens.count == batch * sequenceLength, targets.count == tokens.count else {
            throw TokenBatchError(reason: "a batch of \(batch) × \(sequenceLength) needs \(batch * sequenceLength) tokens and targets, got \(tokens.count) and \(targets.count)")
        }
        guard sequenceLength <= maxPositions else {
            throw TokenBatchError(reason: "sequence length \(sequenceLength) exceeds the model's \(maxPositions) positions")
        }
        if let bad = tokens.firstIndex(where: { $0 < 0 || Int($0) >= vocabSize }) {
            throw TokenBatchError(reason: "token \(tokens[bad]) at position \(bad) is outside the vocabulary of \(vocabSize)")
        }
        if let bad = targets.firstIndex(where: { $0 != Self.ignoreIndex && ($0 < 0 || Int($0) >= vocabSize) }) {
            throw TokenBatchError(reason: "target \(targets[bad]) at position \(bad) is outside the vocabulary of \(vocabSize) and is not -100")
        }
        self.batch = batch
        self.sequenceLength = sequenceLength
        self.tokens = tokens
        self.targets = targets
    }

    /// Next-token targets for causal language modelling: position t predicts token t+1 of the same sequence;
    /// `labels` (same shape, -100 where masked) say which of those count, as Hugging Face's `labels` argument.
    public static func causal(tokens: [Int32], labels: [Int32]? = nil, batch: Int, sequenceLength: Int,
                              vocabSize: Int, maxPositions: Int) throws -> TokenBatch {
        let labels = labels ?? tokens
        guard labels.count == tokens.count else {
            throw TokenBatchError(reason: "labels (\(labels.count)) and tokens (\(tokens.count)) differ in length")
        }
        var targets = [Int32](repeating: ignoreIndex, count: tokens.count)
        for b in 0..<batch {
            for t in 0..<(sequenceLength - 1) { targets[b * sequenceLength + t] = labels[b * sequenceLength + t + 1] }
        }
        return try TokenBatch(tokens: tokens, targets: targets, batch: batch, sequenceLength: sequenceLength,
                              vocabSize: vocabSize, maxPositions: maxPositions)
    }

    public var rows: Int { batch * sequenceLength }
    /// Number of targets that count towards the loss.
    public var countedTargets: Int { targets.reduce(0) { $0 + ($1 == Self.ignoreIndex ? 0 : 1) } }
}
