import Tokenizers

/// A model that writes training data: given a conversation, it replies. The RAFT builder asks it for questions about
/// a chunk and for a chain-of-thought answer to each; tests use a deterministic fake, `loom raft build --teacher DIR`
/// the in-process engine.
public protocol Teacher {
    /// A short name for progress lines and the build's notes ("loom-shakespeare").
    var name: String { get }
    /// The reply to `messages`, at most `maxTokens` tokens long.
    func reply(to messages: [ChatMessage], maxTokens: Int) throws -> String
}
