/// A conversation rendered for training: the ids, and for each id whether the loss should learn it (the
/// assistant's replies and their end-of-turn token) or only condition on it (system and user text, headers).
public struct FormattedPrompt: Sendable, Equatable {
    public var text: String
    public var ids: [UInt32]
    /// `lossMask[i]` is true where token `i` is learned.
    public var lossMask: [Bool]
}
