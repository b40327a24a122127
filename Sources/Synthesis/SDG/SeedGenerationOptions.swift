/// How much to generate and how: the target count, the seed, the prompt sizes and the filters' thresholds.
public struct SeedGenerationOptions: Sendable, Hashable {
    /// Rows to keep; the run stops once it has them (or after `maxTasks`).
    public var count = 20
    public var seed: UInt64 = 0
    /// Seed examples shown in each prompt.
    public var examplesPerPrompt = 3
    /// Questions (or question/answer pairs) asked for in each prompt.
    public var questionsPerPrompt = 3
    /// Characters per document chunk (knowledge).
    public var chunkSize = 1000
    /// Prompts at most, so that a teacher that writes nothing usable cannot keep the run going forever.
    public var maxTasks = 0
    /// Questions whose word trigrams overlap an earlier question's this much (Jaccard) are near duplicates.
    public var nearDuplicateThreshold = 0.8
    /// Whether the judge filters run (faithfulness, relevancy, question quality; pair ratings).
    public var judges = true
    public var maxTokens = 384

    public init() {}

    /// Tasks to plan for `count` rows: twice what a teacher that fills every prompt would need, and every chunk once.
    func plannedTasks(chunks: Int) -> Int {
        if maxTasks > 0 { return maxTasks }
        let needed = (count + questionsPerPrompt - 1) / max(1, questionsPerPrompt)
        return max(chunks, 2 * needed)
    }
}
