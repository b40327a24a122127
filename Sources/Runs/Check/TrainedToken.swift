/// One token of a record as the trainer sees it: `loom check --show` prints one per line, the lens draws them.
public struct TrainedToken: Sendable, Equatable {
    public var id: Int32
    /// The text this token adds to the decoded record; empty when its bytes only complete in a later token.
    /// Untrusted: make it safe before drawing.
    public var text: String
    /// Carries loss in the sequence the trainer builds (a label that is not -100 after the causal shift).
    public var trained: Bool
    /// An added special token (BOS, EOS, `<|im_end|>`, …).
    public var special: Bool
    /// Beyond the sequence length: cut off, never seen by the model (padding layout only; packing carries on).
    public var cut: Bool

    public init(id: Int32, text: String, trained: Bool, special: Bool, cut: Bool) {
        self.id = id
        self.text = text
        self.trained = trained
        self.special = special
        self.cut = cut
    }

    /// `{"id": …, "text": …, "trained": …, "special": …, "cut": …}`, escaped for a terminal.
    public var jsonLine: String {
        var out = JSONObjectWriter()
        out.number("id", Int(id))
        out.string("text", text)
        out.bool("trained", trained)
        out.bool("special", special)
        out.bool("cut", cut)
        return out.text
    }
}
