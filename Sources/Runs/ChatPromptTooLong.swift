/// A chat prompt that leaves no room for the reply in the model's context: refused with the numbers, the way
/// `loom generate` refuses a sequence longer than the model's positions, instead of being cut silently.
public struct ChatPromptTooLong: Error, Sendable, Equatable, CustomStringConvertible {
    public var promptTokens: Int
    public var replyTokens: Int
    public var contextTokens: Int

    public var description: String {
        "the prompt is \(promptTokens) tokens, and with \(replyTokens) for the reply that is over this model's "
            + "context of \(contextTokens) tokens; shorten the prompt"
    }
}
