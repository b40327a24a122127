import Datasets
import Support

/// An error as OpenAI's API reports it: an HTTP status and `{"error": {"message", "type", "param", "code"}}`.
/// Clients (the `openai` package, InstructLab's SDG) read `message` and decide on retries from the status alone, so
/// the status matters: a mistake in the request is 400, never 500 (InstructLab takes 500 as "batching unsupported").
public struct OpenAIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var type: String
    public var param: String?
    public var code: String?

    public init(status: Int, message: String, type: String = "invalid_request_error", param: String? = nil,
                code: String? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
    }

    public var description: String { "\(status) \(message)" }

    /// A request field with a wrong type or value.
    static func invalid(_ param: String, _ message: String) -> OpenAIError {
        OpenAIError(status: 400, message: "'\(param)': \(message)", param: param, code: "invalid_value")
    }

    /// A request field this server does not implement.
    static func unsupported(_ param: String, _ detail: String? = nil) -> OpenAIError {
        OpenAIError(status: 400, message: "unsupported parameter '\(param)'" + (detail.map { ": \($0)" } ?? ""),
                    param: param, code: "unsupported_parameter")
    }

    public var json: JSONValue {
        .object([JSONMember("error", .object([
            JSONMember("message", .string(message)),
            JSONMember("type", .string(type)),
            JSONMember("param", param.map(JSONValue.string) ?? .null),
            JSONMember("code", code.map(JSONValue.string) ?? .null),
        ]))])
    }

    public var body: String { JSONFormatter.compact(json) }
}
