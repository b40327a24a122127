import AsyncHTTPClient
import Dispatch
import Foundation
import NIOCore
import NIOHTTP1
import Support
import Synthesis
import Tokenizers

/// A teacher behind any OpenAI-compatible chat completions endpoint (`loom serve`, vLLM, llama.cpp's server,
/// OpenAI itself). Each reply is one `POST {base}/chat/completions`, paced by the endpoint's rate limit and
/// concurrency, retried with backoff when the failure is worth retrying, and logged (key redacted) when a log
/// file is set. Failures become `TeacherError`s that say what the endpoint answered, so a builder keeps the chunk
/// aside with that reason and goes on.
public final class OpenAITeacher: Teacher, @unchecked Sendable {
    // Immutable after init; the pacer and the log lock their own state.
    public let endpoint: TeacherEndpoint
    public let name: String
    private let pacer: RequestPacer
    private let policy: RetryPolicy
    private let log: TeacherLog?
    private let client: HTTPClient

    public init(endpoint: TeacherEndpoint, client: HTTPClient = .shared) throws {
        guard endpoint.isValidURL else {
            throw TeacherError(teacher: endpoint.displayURL, problem: "the URL must be http:// or https:// with a host")
        }
        self.endpoint = endpoint
        name = "\(endpoint.model) at \(endpoint.displayURL)"
        pacer = RequestPacer(perMinute: endpoint.requestsPerMinute, concurrent: endpoint.maxConcurrent)
        policy = RetryPolicy(maxRetries: endpoint.maxRetries, initialBackoff: endpoint.initialBackoff,
                             maxBackoff: endpoint.maxBackoff)
        log = try endpoint.logFile.map { try TeacherLog(url: $0, secret: endpoint.apiKey) }
        self.client = client
    }

    /// The blocking form the RAFT builder calls from its own thread.
    public func reply(to messages: [ChatMessage], maxTokens: Int) throws -> String {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                box.result = .success(try await self.complete(messages, maxTokens: maxTokens))
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// The assistant's reply to `messages`, at most `maxTokens` tokens.
    public func complete(_ messages: [ChatMessage], maxTokens: Int) async throws -> String {
        let body = requestBody(messages, maxTokens: maxTokens)
        let url = endpoint.baseURL + "/chat/completions"
        var attempt = 0
        while true {
            attempt += 1
            let outcome = await send(body, to: url, attempt: attempt)
            switch outcome {
            case .reply(let text): return text
            case .fatal(let problem): throw TeacherError(teacher: name, problem: problem)
            case .retryable(let problem, let retryAfter):
                guard attempt <= policy.maxRetries else {
                    throw TeacherError(teacher: name, problem: "\(problem) (gave up after \(attempt) attempts)")
                }
                let wait = policy.delay(retry: attempt, retryAfter: retryAfter)
                try await Task.sleep(nanoseconds: UInt64(wait * 1e9))
            }
        }
    }

    enum Outcome {
        case reply(String)
        case retryable(String, retryAfter: String?)
        case fatal(String)
    }

    private func send(_ body: String, to url: String, attempt: Int) async -> Outcome {
        await pacer.enter()
        defer { pacer.leave() }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if let key = endpoint.apiKey, !key.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(string: body))
        let started = Date()
        var status: Int?
        var text: String?
        let outcome: Outcome
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(endpoint.timeout * 1000)))
            status = Int(response.status.code)
            let bytes = try await response.body.collect(upTo: endpoint.maxResponseBytes)
            text = String(buffer: bytes)
            outcome = Self.interpret(status: Int(response.status.code), body: text ?? "",
                                     retryAfter: response.headers.first(name: "retry-after"))
        } catch {
            outcome = .retryable("cannot reach \(endpoint.displayURL): \(Self.describe(error))", retryAfter: nil)
        }
        var problem: String?
        if case .retryable(let p, _) = outcome { problem = p }
        if case .fatal(let p) = outcome { problem = p }
        log?.record(url: url, attempt: attempt, request: body, status: status, response: text,
                    seconds: Date().timeIntervalSince(started), error: problem)
        return outcome
    }

    /// What an answer means: the first choice's text, a failure worth retrying, or one that is not.
    static func interpret(status: Int, body: String, retryAfter: String?) -> Outcome {
        let json = try? JSONParser.parse(body)
        guard (200..<300).contains(status) else {
            var message = json?.value(atPath: ["error", "message"])?.stringValue ?? String(body.prefix(200))
            if status == 401 || status == 403 {
                message += "; check the key (OPENAI_API_KEY or the variable --api-key-env names)"
            }
            let problem = "HTTP \(status): \(message)"
            return RetryPolicy.isRetryable(status: status) ? .retryable(problem, retryAfter: retryAfter) : .fatal(problem)
        }
        guard let json else { return .retryable("the reply is not JSON: \(body.prefix(120))", retryAfter: nil) }
        guard case .array(let choices)? = json["choices"], let first = choices.first else {
            return .fatal("the reply has no choices: \(body.prefix(200))")
        }
        if case .string(let content)? = first.value(atPath: ["message", "content"]) { return .reply(content) }
        if case .string(let content)? = first["text"] { return .reply(content) }
        return .fatal("the reply's first choice has no message content")
    }

    func requestBody(_ messages: [ChatMessage], maxTokens: Int) -> String {
        let list = messages.map { "{\"role\":\(JSONString.quoted($0.role)),\"content\":\(JSONString.quoted($0.content))}" }
        return "{\"model\":\(JSONString.quoted(endpoint.model)),\"messages\":[\(list.joined(separator: ","))],"
            + "\"max_tokens\":\(maxTokens),\"temperature\":\(endpoint.temperature)}"
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout { return "timed out" }
            return "\(error)"
        }
        return "\(error)"
    }
}

/// A result handed from the request's task back to the blocked caller.
private final class ResultBox: @unchecked Sendable {
    var result: Result<String, Error>?
}
