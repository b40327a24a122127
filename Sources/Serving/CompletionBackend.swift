import Engine
import Tokenizers

/// What the server needs from a model: turn prompts into tokens, start a sequence, and turn tokens back into text.
/// `EngineBackend` is the in-process engine; tests use a scripted backend whose sequences they can hold or let run
/// forever, to check disconnects and limits without depending on how fast the engine is.
public protocol CompletionBackend: AnyObject, Sendable {
    /// Most tokens a sequence can hold (prompt and generated).
    var contextLength: Int { get }
    /// The ids of a plain prompt, as `loom generate --prompt` encodes it.
    func encode(prompt: String) -> [Int32]
    /// The ids of a conversation in the model's chat template, ending in the assistant's turn.
    func encode(chat messages: [ChatMessage]) throws -> [Int32]
    /// Tokens that end a reply (for chat also the template's end-of-turn token).
    func stopTokens(chat: Bool) -> Set<Int32>
    /// Whether `id` is a token of the vocabulary (prompts given as ids are checked).
    func isValidToken(_ id: Int32) -> Bool
    /// A new sequence over `prompt` with room for `capacity` tokens in all.
    func start(prompt: [Int32], capacity: Int, sampling: SamplingSettings, topLogprobs: Int) throws -> any TokenSource
    /// A decoder that turns ids into text one at a time, holding back split characters.
    func makeDecoder() -> any TextPieces
    /// The text of one token on its own (for log-probability listings).
    func text(ofToken id: Int32) -> String
}

/// One sequence being generated.
public protocol TokenSource: AnyObject {
    /// The next token; the first call reads the prompt. Throws when the engine cannot go on.
    func next() throws -> GeneratedToken
    /// Whether the sequence has no room left for another token.
    var isFull: Bool { get }
}

/// A generated token with, when asked for, its log-probability and the most likely alternatives.
public struct GeneratedToken: Sendable {
    public var id: Int32
    public var logprob: Float?
    public var top: [(id: Int32, logprob: Float)]

    public init(id: Int32, logprob: Float? = nil, top: [(id: Int32, logprob: Float)] = []) {
        self.id = id
        self.logprob = logprob
        self.top = top
    }
}

/// Ids to text, one id at a time (the tokenizer's streaming decoder, or a test's).
public protocol TextPieces {
    /// The text `id` completes, or nil while it only extends an unfinished character.
    mutating func step(_ id: Int32) -> String?
    /// Text still held back at the end.
    mutating func finish() -> String
}
