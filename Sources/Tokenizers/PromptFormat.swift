

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
