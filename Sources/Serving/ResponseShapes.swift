import Datasets
import Support

/// The JSON bodies OpenAI's API returns, for whole responses and for streamed chunks.
enum ResponseShapes {
    enum Kind { case completion, chat }

    static func usage(prompt: Int, completion: Int) -> JSONValue {
        .object([
            JSONMember("prompt_tokens", number(prompt)),
            JSONMember("completion_tokens", number(completion)),
            JSONMember("total_tokens", number(prompt + completion)),
        ])
    }

    static func number(_ value: Int) -> JSONValue { .number(String(value)) }
    static func number(_ value: Float) -> JSONValue { value.isFinite ? .number("\(value)") : .number("-9999.0") }

    /// The envelope shared by every body: id, object, created, model, choices (+ usage).
    static func envelope(kind: Kind, chunk: Bool, id: String, created: Int, model: String, choices: [JSONValue],
                         usage: JSONValue?) -> JSONValue {
        let object: String
        switch (kind, chunk) {
        case (.completion, _): object = "text_completion"
        case (.chat, false): object = "chat.completion"
        case (.chat, true): object = "chat.completion.chunk"
        }
        var members = [
            JSONMember("id", .string(id)), JSONMember("object", .string(object)),
            JSONMember("created", number(created)), JSONMember("model", .string(model)),
            JSONMember("choices", .array(choices)),
        ]
        if let usage { members.append(JSONMember("usage", usage)) }
        return .object(members)
    }

    /// One choice. `text` is the whole text (a response) or the new piece (a chunk); chat puts it in `message` or
    /// `delta`. `role` is sent in a chat stream's first chunk only.
    static func choice(kind: Kind, chunk: Bool, index: Int, text: String?, role: Bool, logprobs: JSONValue,
                       finish: FinishReason?) -> JSONValue {
        let finishValue: JSONValue = finish.map { .string($0.rawValue) } ?? .null
        switch kind {
        case .completion:
            return .object([
                JSONMember("index", number(index)), JSONMember("text", .string(text ?? "")),
                JSONMember("logprobs", logprobs), JSONMember("finish_reason", finishValue),
            ])
        case .chat:
            var content: [JSONMember] = []
            if role || !chunk { content.append(JSONMember("role", .string("assistant"))) }
            if let text { content.append(JSONMember("content", .string(text))) }
            return .object([
                JSONMember("index", number(index)), JSONMember(chunk ? "delta" : "message", .object(content)),
                JSONMember("logprobs", logprobs), JSONMember("finish_reason", finishValue),
            ])
        }
    }

    /// Log-probabilities in the endpoint's layout: completions' parallel lists (with `text_offset` from `offset`),
    /// or chat's `content` list of {token, logprob, bytes, top_logprobs}.
    static func logprobs(kind: Kind, _ entries: [TokenLogprob], offset: Int) -> JSONValue {
        switch kind {
        case .completion:
            var offsets: [JSONValue] = []
            var at = offset
            for entry in entries {
                offsets.append(number(at))
                at += entry.token.utf8.count
            }
            return .object([
                JSONMember("tokens", .array(entries.map { .string($0.token) })),
                JSONMember("token_logprobs", .array(entries.map { number($0.logprob) })),
                JSONMember("top_logprobs", .array(entries.map { entry in
                    .object(entry.top.map { JSONMember($0.0, number($0.1)) })
                })),
                JSONMember("text_offset", .array(offsets)),
            ])
        case .chat:
            func item(_ token: String, _ logprob: Float) -> [JSONMember] {
                [JSONMember("token", .string(token)), JSONMember("logprob", number(logprob)),
                 JSONMember("bytes", .array(token.utf8.map { number(Int($0)) }))]
            }
            return .object([JSONMember("content", .array(entries.map { entry in
                .object(item(entry.token, entry.logprob) + [JSONMember("top_logprobs", .array(entry.top.map {
                    .object(item($0.0, $0.1))
                }))])
            }))])
        }
    }

    static func models(_ names: [String], created: Int) -> JSONValue {
        .object([
            JSONMember("object", .string("list")),
            JSONMember("data", .array(names.map { model($0, created: created) })),
        ])
    }

    static func model(_ name: String, created: Int) -> JSONValue {
        .object([
            JSONMember("id", .string(name)), JSONMember("object", .string("model")),
            JSONMember("created", number(created)), JSONMember("owned_by", .string("loom")),
        ])
    }
}
