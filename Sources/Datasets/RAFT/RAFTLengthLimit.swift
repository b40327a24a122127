/// How long a record is for a model, and how much the model holds: the validator flags records whose prompt and
/// answer, in the model's prompt format, do not fit. Measuring is a closure so that this layer needs no tokenizer:
/// `loom raft validate --model` passes one built from the model folder's tokenizer.json.
public struct RAFTLengthLimit: Sendable {
    /// The model's positions (`max_position_embeddings`).
    public var contextLength: Int
    /// Tokens of the record's prompt and CoT answer as the model would be trained on them.
    public var measure: @Sendable (RAFTRecord) -> Int

    public init(contextLength: Int, measure: @escaping @Sendable (RAFTRecord) -> Int) {
        self.contextLength = contextLength
        self.measure = measure
    }
}
