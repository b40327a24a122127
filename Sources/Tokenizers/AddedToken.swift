/// A token added on top of the model's vocabulary (`added_tokens` in tokenizer.json). Added tokens are found in the
/// raw text before pre-tokenization, so `<|im_start|>` is never cut into pieces.
public struct AddedToken: Sendable, Equatable {
    public var id: UInt32
    public var content: String
    /// Only match when not inside a word.
    public var singleWord: Bool
    /// Also swallow white space on the left / right of the match.
    public var lstrip: Bool
    public var rstrip: Bool
    /// Match in normalized text (true) or in the raw input (false).
    public var normalized: Bool
    /// Special tokens are skipped by `decode(skipSpecialTokens: true)`.
    public var special: Bool

    public init(id: UInt32, content: String, singleWord: Bool = false, lstrip: Bool = false, rstrip: Bool = false,
                normalized: Bool = false, special: Bool = true) {
        self.id = id
        self.content = content
        self.singleWord = singleWord
        self.lstrip = lstrip
        self.rstrip = rstrip
        self.normalized = normalized
        self.special = special
    }

    static func load(_ node: JSONNode) throws -> AddedToken {
        let id = try node.required("id").int()
        guard id >= 0 && id <= Int(Int32.max) else { throw node.malformed("token id \(id) out of range") }
        let content = try node.required("content").string()
        if content.isEmpty { throw node.malformed("added token with empty content") }
        let special = try node.optionalBool("special", default: false)
        return AddedToken(id: UInt32(id), content: content,
                          singleWord: try node.optionalBool("single_word", default: false),
                          lstrip: try node.optionalBool("lstrip", default: false),
                          rstrip: try node.optionalBool("rstrip", default: false),
                          normalized: try node.optionalBool("normalized", default: !special),
                          special: special)
    }
}
