import Engine
import Support
import Tokenizers

/// A `/v1/completions` or `/v1/chat/completions` request, read strictly: a field this server does not implement is
/// a 400 that names it (accepted when it asks for the default behaviour, e.g. `presence_penalty: 0`), so a client
/// never gets an answer made with settings it did not ask for.
public struct GenerationRequest: Sendable {
    public enum Prompt: Sendable, Equatable {
        case text(String)
        case ids([Int32])
    }

    public var model = ""
    /// Completions: one or more prompts. Chat: empty (see `messages`).
    public var prompts: [Prompt] = []
    public var messages: [ChatMessage] = []
    public var maxTokens: Int?
    public var temperature: Float = 1
    public var topP: Float = 1
    public var topK = 0
    public var n = 1
    public var seed: UInt64?
    public var stop: [String] = []
    public var stream = false
    public var includeUsage = false
    /// < 0: none; 0: the chosen token's; k: and the k most likely.
    public var topLogprobs = -1

    static let completionFields: Set<String> = [
        "model", "prompt", "max_tokens", "temperature", "top_p", "top_k", "n", "stream", "stream_options", "logprobs",
        "stop", "seed", "echo", "best_of", "presence_penalty", "frequency_penalty", "logit_bias", "suffix", "user",
    ]
    static let chatFields: Set<String> = [
        "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "n", "stream",
        "stream_options", "stop", "seed", "logprobs", "top_logprobs", "presence_penalty", "frequency_penalty",
        "logit_bias", "user", "response_format", "tool_choice",
    ]

    /// Reads a completions request body.
    public static func completion(_ body: JSONValue, limits: ServerLimits) throws(OpenAIError) -> GenerationRequest {
        let fields = try members(of: body, allowed: completionFields)
        var request = try common(fields, limits: limits)
        guard let prompt = fields["prompt"] else { throw OpenAIError.invalid("prompt", "is required") }
        request.prompts = try prompts(prompt)
        if request.prompts.count > limits.maxPrompts {
            throw OpenAIError.invalid("prompt", "at most \(limits.maxPrompts) prompts per request")
        }
        if let value = fields["logprobs"], value != .null {
            let k = try integer(value, "logprobs")
            guard (0...5).contains(k) else { throw OpenAIError.invalid("logprobs", "must be between 0 and 5") }
            request.topLogprobs = k
        }
        if let echo = fields["echo"], echo != .null, echo != .bool(false) { throw OpenAIError.unsupported("echo", "only false") }
        if let suffix = fields["suffix"], suffix != .null { throw OpenAIError.unsupported("suffix") }
        if let bestOf = fields["best_of"], bestOf != .null {
            guard try integer(bestOf, "best_of") == request.n else { throw OpenAIError.unsupported("best_of", "only equal to n") }
        }
        if request.maxTokens == nil { request.maxTokens = 16 }
        try checkChoices(request, limits: limits)
        return request
    }

    /// Reads a chat completions request body.
    public static func chat(_ body: JSONValue, limits: ServerLimits) throws(OpenAIError) -> GenerationRequest {
        let fields = try members(of: body, allowed: chatFields)
        var request = try common(fields, limits: limits)
        guard case .array(let list)? = fields["messages"], !list.isEmpty else {
            throw OpenAIError.invalid("messages", "is required: a non-empty array of {role, content}")
        }
        request.messages = try list.enumerated().map { index, item throws(OpenAIError) in try message(item, index: index) }
        if let value = fields["max_completion_tokens"], value != .null {
            request.maxTokens = try nonNegative(value, "max_completion_tokens")
        }
        if let value = fields["logprobs"], value != .null {
            guard case .bool(let wanted) = value else { throw OpenAIError.invalid("logprobs", "must be true or false") }
            if wanted { request.topLogprobs = 0 }
        }
        if let value = fields["top_logprobs"], value != .null {
            let k = try integer(value, "top_logprobs")
            guard (0...20).contains(k) else { throw OpenAIError.invalid("top_logprobs", "must be between 0 and 20") }
            guard request.topLogprobs >= 0 else { throw OpenAIError.invalid("top_logprobs", "needs logprobs: true") }
            request.topLogprobs = k
        }
        if let format = fields["response_format"], format != .null, format["type"] != .string("text") {
            throw OpenAIError.unsupported("response_format", "only {\"type\": \"text\"}")
        }
        if let choice = fields["tool_choice"], choice != .null, choice != .string("none") {
            throw OpenAIError.unsupported("tool_choice", "tools are not supported")
        }
        try checkChoices(request, limits: limits)
        return request
    }

    /// The sampler settings of choice `index` (each choice gets its own seed, so n choices differ yet repeat).
    public func sampling(choice index: Int, fallbackSeed: UInt64) -> SamplingSettings {
        SamplingSettings(temperature: temperature, topK: topK, topP: topP, seed: (seed ?? fallbackSeed) &+ UInt64(index))
    }

    // MARK: Fields shared by both endpoints

    private static func common(_ fields: [String: JSONValue], limits: ServerLimits) throws(OpenAIError) -> GenerationRequest {
        var request = GenerationRequest()
        guard case .string(let model)? = fields["model"], !model.isEmpty else {
            throw OpenAIError.invalid("model", "is required: one of the names GET /v1/models lists")
        }
        request.model = model
        if let value = fields["max_tokens"], value != .null { request.maxTokens = try nonNegative(value, "max_tokens") }
        if let value = fields["temperature"], value != .null {
            let t = try number(value, "temperature")
            guard (0...2).contains(t) else { throw OpenAIError.invalid("temperature", "must be between 0 and 2") }
            request.temperature = Float(t)
        }
        if let value = fields["top_p"], value != .null {
            let p = try number(value, "top_p")
            guard p > 0, p <= 1 else { throw OpenAIError.invalid("top_p", "must be in (0, 1]") }
            request.topP = Float(p)
        }
        if let value = fields["top_k"], value != .null {
            let k = try integer(value, "top_k")
            guard k >= -1 else { throw OpenAIError.invalid("top_k", "must be -1 (all), 0 (all) or more") }
            request.topK = max(0, k)
        }
        if let value = fields["n"], value != .null {
            request.n = try integer(value, "n")
            guard (1...limits.maxChoices).contains(request.n) else {
                throw OpenAIError.invalid("n", "must be between 1 and \(limits.maxChoices)")
            }
        }
        if let value = fields["seed"], value != .null {
            request.seed = UInt64(bitPattern: Int64(try integer(value, "seed")))
        }
        if let value = fields["stream"], value != .null {
            guard case .bool(let flag) = value else { throw OpenAIError.invalid("stream", "must be true or false") }
            request.stream = flag
        }
        if let value = fields["stream_options"], value != .null {
            guard request.stream else { throw OpenAIError.invalid("stream_options", "is only allowed with stream: true") }
            guard case .object(let members) = value else { throw OpenAIError.invalid("stream_options", "must be an object") }
            for member in members {
                guard member.key == "include_usage" else { throw OpenAIError.unsupported("stream_options.\(member.key)") }
                guard case .bool(let flag) = member.value else {
                    throw OpenAIError.invalid("stream_options.include_usage", "must be true or false")
                }
                request.includeUsage = flag
            }
        }
        if let value = fields["stop"], value != .null {
            switch value {
            case .string(let s): request.stop = [s]
            case .array(let items):
                request.stop = try items.map { item throws(OpenAIError) in
                    guard case .string(let s) = item else { throw OpenAIError.invalid("stop", "must be a string or a list of strings") }
                    return s
                }
            default: throw OpenAIError.invalid("stop", "must be a string or a list of strings")
            }
            guard request.stop.count <= 4 else { throw OpenAIError.invalid("stop", "at most 4 stop sequences") }
        }
        for penalty in ["presence_penalty", "frequency_penalty"] {
            if let value = fields[penalty], value != .null, try number(value, penalty) != 0 {
                throw OpenAIError.unsupported(penalty, "only 0")
            }
        }
        if let bias = fields["logit_bias"], bias != .null, bias != .object([]) {
            throw OpenAIError.unsupported("logit_bias")
        }
        if let user = fields["user"], user != .null, user.stringValue == nil {
            throw OpenAIError.invalid("user", "must be a string")
        }
        return request
    }

    private static func checkChoices(_ request: GenerationRequest, limits: ServerLimits) throws(OpenAIError) {
        let prompts = max(1, request.prompts.count)
        if prompts * request.n > limits.maxChoicesPerRequest {
            throw OpenAIError.invalid("n", "prompts × n is \(prompts * request.n); at most \(limits.maxChoicesPerRequest) per request")
        }
    }

    private static func members(of body: JSONValue, allowed: Set<String>) throws(OpenAIError) -> [String: JSONValue] {
        guard case .object(let members) = body else {
            throw OpenAIError(status: 400, message: "the request body must be a JSON object")
        }
        var fields: [String: JSONValue] = [:]
        for member in members {
            guard allowed.contains(member.key) else { throw OpenAIError.unsupported(member.key) }
            fields[member.key] = member.value
        }
        return fields
    }

    private static func prompts(_ value: JSONValue) throws(OpenAIError) -> [Prompt] {
        let bad = OpenAIError.invalid("prompt", "must be a string, a list of strings, a list of token ids or a list of such lists")
        switch value {
        case .string(let text): return [.text(text)]
        case .array(let items) where items.isEmpty: throw OpenAIError.invalid("prompt", "is an empty list")
        case .array(let items):
            if items.allSatisfy({ $0.kind == .number }) { return [.ids(try ids(items))] }
            return try items.map { item throws(OpenAIError) in
                switch item {
                case .string(let text): return .text(text)
                case .array(let inner) where inner.allSatisfy({ $0.kind == .number }): return .ids(try ids(inner))
                default: throw bad
                }
            }
        default: throw bad
        }
    }

    private static func ids(_ items: [JSONValue]) throws(OpenAIError) -> [Int32] {
        try items.map { item throws(OpenAIError) in
            let id = try integer(item, "prompt")
            guard let small = Int32(exactly: id) else { throw OpenAIError.invalid("prompt", "token id \(id) is out of range") }
            return small
        }
    }

    private static func message(_ value: JSONValue, index: Int) throws(OpenAIError) -> ChatMessage {
        let param = "messages[\(index)]"
        guard case .object(let members) = value else { throw OpenAIError.invalid(param, "must be an object with role and content") }
        for member in members where !["role", "content", "name"].contains(member.key) {
            throw OpenAIError.unsupported("\(param).\(member.key)")
        }
        guard case .string(let role)? = value["role"] else { throw OpenAIError.invalid("\(param).role", "is required") }
        let roles = ["system": "system", "developer": "system", "user": "user", "assistant": "assistant"]
        guard let mapped = roles[role] else {
            throw OpenAIError.invalid("\(param).role", "'\(role)' is not one of system, developer, user, assistant")
        }
        switch value["content"] {
        case .string(let text)?: return ChatMessage(role: mapped, content: text)
        case .array(let parts)?:
            var text = ""
            for (number, part) in parts.enumerated() {
                guard part["type"] == .string("text"), case .string(let piece)? = part["text"] else {
                    throw OpenAIError.unsupported("\(param).content[\(number)]", "only text parts")
                }
                text += piece
            }
            return ChatMessage(role: mapped, content: text)
        default: throw OpenAIError.invalid("\(param).content", "must be a string or a list of text parts")
        }
    }

    // MARK: Numbers

    private static func number(_ value: JSONValue, _ param: String) throws(OpenAIError) -> Double {
        guard let number = value.doubleValue, number.isFinite else { throw OpenAIError.invalid(param, "must be a number") }
        return number
    }

    private static func integer(_ value: JSONValue, _ param: String) throws(OpenAIError) -> Int {
        guard case .number(let text) = value else { throw OpenAIError.invalid(param, "must be an integer") }
        if let exact = Int(text) { return exact }
        guard let number = Double(text), number.rounded() == number, let exact = Int(exactly: number) else {
            throw OpenAIError.invalid(param, "must be an integer")
        }
        return exact
    }

    private static func nonNegative(_ value: JSONValue, _ param: String) throws(OpenAIError) -> Int {
        let count = try integer(value, param)
        guard count >= 0 else { throw OpenAIError.invalid(param, "must be 0 or more") }
        return count
    }
}
