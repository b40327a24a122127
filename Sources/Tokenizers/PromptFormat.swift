/// One message of a conversation.
public struct ChatMessage: Sendable, Equatable {
    /// "system", "user" or "assistant".
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// A conversation rendered for training: the ids, and for each id whether the loss should learn it (the
/// assistant's replies and their end-of-turn token) or only condition on it (system and user text, headers).
public struct FormattedPrompt: Sendable, Equatable {
    public var text: String
    public var ids: [UInt32]
    /// `lossMask[i]` is true where token `i` is learned.
    public var lossMask: [Bool]
}

/// The prompt layouts of common chat models, rendered exactly as their Jinja chat templates do in `transformers`
/// (`apply_chat_template`), so that a fine-tune sees the same ids as the model will at inference.
public enum PromptFormat: String, CaseIterable, Sendable {
    /// `<|im_start|>role\ncontent<|im_end|>\n` (Qwen2, SmolLM2, many fine-tunes).
    case chatML = "chatml"
    /// `<|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>` after `<|begin_of_text|>` (Llama 3).
    case llama3
    /// `<s>[INST] <<SYS>>\nsystem\n<</SYS>>\n\nuser [/INST] assistant </s>` (Llama 2 chat).
    case llama2
    /// `<s>[INST] user [/INST]assistant</s>` (Mistral / Mixtral Instruct; v0.1 adds a space after `</s>`).
    case mistral
    /// `<|user|>\ncontent</s>\n<|assistant|>\n…` (Zephyr, TinyLlama chat).
    case zephyr
    /// `### Instruction:` / `### Response:` blocks after the Alpaca preamble.
    case alpaca
    /// No template: the user's text is the prompt and the assistant's the completion, BOS/EOS from the tokenizer.
    case completion

    /// Recognise a chat template by what it contains; nil when it is none of the known ones.
    public static func detect(chatTemplate t: String) -> PromptFormat? {
        if t.contains("<|im_start|>") { return .chatML }
        if t.contains("<|start_header_id|>") { return .llama3 }
        if t.contains("[INST]") { return t.contains("<<SYS>>") ? .llama2 : .mistral }
        if t.contains("<|user|>") && t.contains("<|assistant|>") { return .zephyr }
        if t.contains("### Instruction") { return .alpaca }
        return nil
    }

    /// The system prompt a ChatML template inserts when the conversation has none (Qwen2's "You are a helpful
    /// assistant.", SmolLM2's "You are a helpful AI assistant named SmolLM, …"): the literal text between
    /// `<|im_start|>system\n` and `<|im_end|>` inside one Jinja string.
    public static func defaultSystemPrompt(chatTemplate t: String) -> String? {
        // The newline is written as a Jinja escape (`\\n`) or, in some files, as a real newline.
        var searchStart = t.startIndex
        while let open = t.range(of: "<|im_start|>system\\n", range: searchStart..<t.endIndex)
            ?? t.range(of: "<|im_start|>system\n", range: searchStart..<t.endIndex) {
            searchStart = open.upperBound
            guard let close = t.range(of: "<|im_end|>", range: open.upperBound..<t.endIndex) else { return nil }
            let literal = t[open.upperBound..<close.lowerBound]
            if literal.contains("'") || literal.contains("\"") || literal.contains("{") { continue }
            var out = ""
            var escaped = false
            for c in literal {
                if escaped {
                    switch c {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    default: out.append(c)
                    }
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else {
                    out.append(c)
                }
            }
            return out
        }
        return nil
    }

    static let alpacaPreamble =
        "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n"

    /// A piece of rendered text and whether it is learned.
    struct Part {
        var text: String
        var learned: Bool
    }

    /// Python's `str.strip()` (Jinja's `trim`): Unicode white space and the separators U+001C–U+001F.
    static func strip(_ s: String) -> String {
        func space(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace || (c.value >= 0x1C && c.value <= 0x1F) }
        var scalars = Substring(s).unicodeScalars[...]
        while let f = scalars.first, space(f) { scalars.removeFirst() }
        while let l = scalars.last, space(l) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Render a conversation into text parts, as the model's chat template does.
    func render(_ messages: [ChatMessage], addGenerationPrompt: Bool, bos: String, eos: String,
                defaultSystem: String? = nil, spaceAfterReply: Bool = false) throws -> [Part] {
        var parts: [Part] = []
        var messages = messages
        if let defaultSystem, messages.first?.role != "system", !messages.isEmpty {
            messages.insert(ChatMessage(role: "system", content: defaultSystem), at: 0)
        }
        func add(_ text: String, learned: Bool = false) { parts.append(Part(text: text, learned: learned)) }
        switch self {
        case .chatML:
            for m in messages {
                add("<|im_start|>" + m.role + "\n")
                if m.role == "assistant" {
                    add(m.content + "<|im_end|>", learned: true)
                    add("\n")
                } else {
                    add(m.content + "<|im_end|>\n")
                }
            }
            if addGenerationPrompt { add("<|im_start|>assistant\n") }
        case .llama3:
            for (i, m) in messages.enumerated() {
                add((i == 0 ? bos : "") + "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n")
                add(Self.strip(m.content) + "<|eot_id|>", learned: m.role == "assistant")
            }
            if addGenerationPrompt { add("<|start_header_id|>assistant<|end_header_id|>\n\n") }
        case .llama2:
            var rest = messages[...]
            var system: String?
            if let first = rest.first, first.role == "system" {
                system = first.content
                rest = rest.dropFirst()
            }
            for (i, m) in rest.enumerated() {
                guard (m.role == "user") == (i % 2 == 0) else {
                    throw PromptFormatError.rolesMustAlternate(format: self, index: i)
                }
                var content = m.content
                if i == 0, let system { content = "<<SYS>>\n" + system + "\n<</SYS>>\n\n" + content }
                if m.role == "user" {
                    add(bos + "[INST] " + Self.strip(content) + " [/INST]")
                } else if m.role == "assistant" {
                    add(" ")
                    add(Self.strip(content) + " " + eos, learned: true)
                }
            }
        case .mistral:
            add(bos)
            for (i, m) in messages.enumerated() {
                guard (m.role == "user") == (i % 2 == 0) else {
                    throw PromptFormatError.rolesMustAlternate(format: self, index: i)
                }
                if m.role == "user" {
                    add("[INST] " + m.content + " [/INST]")
                } else if m.role == "assistant" {
                    add(m.content + eos, learned: true)
                    if spaceAfterReply { add(" ") }
                } else {
                    throw PromptFormatError.unsupportedRole(format: self, role: m.role)
                }
            }
        case .zephyr:
            for (i, m) in messages.enumerated() {
                switch m.role {
                case "user": add("<|user|>\n" + m.content + eos + "\n")
                case "system": add("<|system|>\n" + m.content + eos + "\n")
                case "assistant":
                    add("<|assistant|>\n")
                    add(m.content + eos, learned: true)
                    add("\n")
                default: break
                }
                if i == messages.count - 1 && addGenerationPrompt { add("<|assistant|>\n") }
            }
        case .alpaca:
            var rest = messages[...]
            if let first = rest.first, first.role == "system" {
                add(first.content + "\n\n")
                rest = rest.dropFirst()
            } else {
                add(Self.alpacaPreamble)
            }
            for m in rest {
                if m.role == "user" {
                    add("### Instruction:\n" + m.content + "\n\n")
                } else if m.role == "assistant" {
                    add("### Response:\n")
                    add(m.content + eos, learned: true)
                    add("\n\n")
                }
            }
            if addGenerationPrompt { add("### Response:\n") }
        case .completion:
            for m in messages {
                if m.role == "assistant" { add(m.content, learned: true) } else { add(m.content) }
            }
        }
        return parts
    }
}

public enum PromptFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    case rolesMustAlternate(format: PromptFormat, index: Int)
    case missingSpecialToken(String)
    case unsupportedRole(format: PromptFormat, role: String)

    public var description: String {
        switch self {
        case let .rolesMustAlternate(format, index):
            return "\(format.rawValue): message \(index) breaks the user/assistant alternation the template requires"
        case let .unsupportedRole(format, role):
            return "\(format.rawValue): the template only supports user and assistant messages, not \(role); "
                + "fold a system prompt into the first user message"
        case let .missingSpecialToken(name):
            return "the tokenizer has no \(name) token; set it in tokenizer_config.json or choose another format"
        }
    }
}

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
