/// Why one text scored as it did, for a view to draw: the model-free tier's features against their human ranges, or
/// the language-model tier's per-token surprise (a heat map).
public enum TextExplanation: Sendable, Equatable {
    /// The features that pushed the score most, largest push first, and the text's word count.
    case features([FeatureContribution], words: Int)
    /// Every scored token with its surprise and GLTR rank bucket, in text order.
    case tokens([TokenSurprise])
    /// The method has no explanation.
    case unavailable
}
