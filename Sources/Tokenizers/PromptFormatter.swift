/// Renders conversations in one prompt format and tokenizes them with a loss mask.
public struct PromptFormatter: Sendable {
    public let tokenizer: Tokenizer
    public let format: PromptFormat
    public let bosToken: String
    public let eosToken: String
    /// Inserted as the system message when a conversation has none, as the model's template does.
    public var defaultSystemPrompt: String?
    /// Mistral v0.1's template writes a space after each reply's `</s>`.
    public var spaceAfterReply = false

    /// `bos`/`eos` default to the config's tokens, then to the format's usual names.
    public init(tokenizer: Tokenizer, format: PromptFormat, config: TokenizerConfig? = nil) throws {
        self.tokenizer = tokenizer
        self.format = format
        let defaults: (String, String)
        switch format {
        case .chatML: defaults = ("<|endoftext|>", "<|im_end|>")
        case .llama3: defaults = ("<|begin_of_text|>", "<|eot_id|>")
        case .llama2, .mistral, .zephyr: defaults = ("<s>", "</s>")
        case .alpaca, .completion: defaults = ("<|endoftext|>", "<|endoftext|>")
        }
        // Without a config, the format's usual names, or the first common name the tokenizer knows.
        func known(_ preferred: String, _ others: [String]) -> String {
            ([preferred] + others).first { tokenizer.id(for: $0) != nil } ?? preferred
        }
        bosToken = config?.bosToken ?? known(defaults.0, ["<s>", "<|begin_of_text|>", "<|endoftext|>"])
        eosToken = config?.eosToken ?? known(defaults.1, ["</s>", "<|endoftext|>", "<|end_of_text|>", "<|im_end|>"])
        if format == .chatML, let template = config?.chatTemplate {
            defaultSystemPrompt = PromptFormat.defaultSystemPrompt(chatTemplate: template)
        }
        if format == .mistral, let template = config?.chatTemplate {
            spaceAfterReply = template.contains("eos_token + ' '")
        }
        if format == .completion && tokenizer.id(for: eosToken) == nil {
            throw PromptFormatError.missingSpecialToken("end-of-sequence (\(eosToken))")
        }
    }

    /// The format named in the config's chat template, else `fallback`.
    public init(tokenizer: Tokenizer, config: TokenizerConfig, fallback: PromptFormat = .completion) throws {
        try self.init(tokenizer: tokenizer, format: config.promptFormat ?? fallback, config: config)
    }

    /// Render and tokenize. The mask is true for tokens that start inside an assistant reply (and its end token).
    public func encode(_ messages: [ChatMessage], addGenerationPrompt: Bool = false) throws -> FormattedPrompt {
        var parts = try format.render(messages, addGenerationPrompt: addGenerationPrompt, bos: bosToken, eos: eosToken,
                                      defaultSystem: defaultSystemPrompt, spaceAfterReply: spaceAfterReply)
        let special = format == .completion
        if special, let last = parts.last, last.learned { parts.append(.init(text: eosToken, learned: true)) }
        let text = parts.map(\.text).joined()
        let encoder = tokenizer.makeEncoder()
        let ids = encoder.encode(text, addSpecialTokens: special)
        var mask = [Bool](repeating: false, count: ids.count)
        // Token index at a part boundary: the ids of the text before it, as far as they agree with the whole.
        func tokensBefore(_ prefix: String) -> Int {
            let p = encoder.encode(prefix, addSpecialTokens: special)
            var k = 0
            while k < p.count && k < ids.count && p[k] == ids[k] { k += 1 }
            return k
        }
        var offset = ""
        for part in parts {
            let start = part.learned ? tokensBefore(offset) : 0
            offset += part.text
            if part.learned {
                let end = tokensBefore(offset)
                for i in start..<max(start, end) { mask[i] = true }
            }
        }
        return FormattedPrompt(text: text, ids: ids, lossMask: mask)
    }
}
