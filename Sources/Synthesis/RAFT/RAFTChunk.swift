/// A piece of a source document that questions are written about; the oracle of the records made from it, and a
/// distractor of others.
public struct RAFTChunk: Sendable, Hashable {
    /// General text, or one entry of gorilla's API-docs JSON (records then say `"type": "api call"`).
    public enum Kind: String, Sendable, Hashable {
        case general
        case api
    }

    /// Position among all chunks of the build (what the build's notes record as done).
    public var index: Int
    /// The file it came from.
    public var source: String
    public var text: String
    public var kind: Kind

    public init(index: Int, source: String, text: String, kind: Kind = .general) {
        self.index = index
        self.source = source
        self.text = text
        self.kind = kind
    }
}
