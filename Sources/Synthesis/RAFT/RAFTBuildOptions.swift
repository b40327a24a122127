/// How a RAFT dataset is built. Defaults are gorilla's command line: 5 questions per chunk (`--questions`), 3
/// distractors, the oracle always kept (P = 1.0; its function defaults to 0.8, and the paper found 40–100% best
/// depending on the data), 512-character chunks.
public struct RAFTBuildOptions: Sendable, Hashable {
    public var questionsPerChunk = 5
    public var distractors = 3
    /// The probability that a record keeps its oracle among the documents.
    public var p = 1.0
    public var chunkSize = 512
    public var seed: UInt64 = 0
    public var maxQuestionTokens = 160
    public var maxAnswerTokens = 384

    public init() {}
}
