import Datasets
import Foundation
import Support
import Synchronization

/// The API itself, without HTTP: checks the key, routes a request, reads its body, and answers with JSON or starts
/// a streamed run. `OpenAIHTTPServer` puts it behind Hummingbird; tests can call it directly.
public final class OpenAIService: Sendable {
    public let models: [ServedModel]
    public let limits: ServerLimits
    private let apiKey: String?
    public let worker: GenerationWorker
    private let inFlight = Mutex(0)
    private let started = Int(Date().timeIntervalSince1970)

    /// What to send back.
    public enum Reply: Sendable {
        case json(status: Int, body: String)
        /// A run whose whole response is sent when it ends (`CompletionRun.collect`).
        case whole(CompletionRun)
        /// A run sent as server-sent events as it goes (`CompletionRun.stream`).
        case events(CompletionRun)
    }

    public init(models: [ServedModel], limits: ServerLimits = ServerLimits(), apiKey: String? = nil) {
        self.models = models
        self.limits = limits
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        worker = GenerationWorker()
    }

    /// Generation requests queued or running now.
    public var requestsInFlight: Int { inFlight.withLock { $0 } }

    /// Nil when the `Authorization` header carries the key (or no key is set), else the 401 to send. The key is
    /// compared in time that does not depend on where it differs.
    public func authorize(_ header: String?) -> OpenAIError? {
        guard let apiKey else { return nil }
        let given = header.flatMap { value -> String? in
            let parts = value.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            return String(parts[1]).trimmingCharacters(in: .whitespaces)
        }
        guard let given else {
            return OpenAIError(status: 401, message: "missing API key: send 'Authorization: Bearer KEY'",
                               type: "authentication_error", code: "invalid_api_key")
        }
        let a = Array(given.utf8), b = Array(apiKey.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) { difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0) }
        return difference == 0 ? nil : OpenAIError(status: 401, message: "incorrect API key",
                                                   type: "authentication_error", code: "invalid_api_key")
    }

    /// Whether `method path` is a route that takes a body (the HTTP layer reads it, within the size limit).
    public func route(method: String, path: String) -> Result<Route, OpenAIError> {
        let trimmed = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let clean = trimmed.count > 1 && trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
        let routes: [String: (String, Route)] = [
            "/v1/models": ("GET", .models), "/v1/completions": ("POST", .completions),
            "/v1/chat/completions": ("POST", .chat), "/health": ("GET", .health),
        ]
        if let entry = routes[clean] {
            let (expected, route) = entry
            guard method == expected else {
                return .failure(OpenAIError(status: 405, message: "\(clean) takes \(expected), not \(method)", code: "method_not_allowed"))
            }
            return .success(route)
        }
        if clean.hasPrefix("/v1/models/"), method == "GET" { return .success(.model(String(clean.dropFirst("/v1/models/".count)))) }
        return .failure(OpenAIError(status: 404, message: "no route \(method) \(clean); this server has GET /v1/models, "
                                    + "POST /v1/completions and POST /v1/chat/completions", code: "not_found"))
    }

    public enum Route: Sendable, Equatable {
        case models, model(String), completions, chat, health
        public var takesBody: Bool { self == .completions || self == .chat }
    }

    /// Answers a routed request whose body has been read.
    public func respond(to route: Route, body: [UInt8]) -> Reply {
        switch route {
        case .health: return .json(status: 200, body: "{\"status\":\"ok\"}")
        case .models: return .json(status: 200, body: JSONFormatter.compact(ResponseShapes.models(models.map(\.name), created: started)))
        case .model(let name):
            guard models.contains(where: { $0.name == name }) else { return failure(unknownModel(name)) }
            return .json(status: 200, body: JSONFormatter.compact(ResponseShapes.model(name, created: started)))
        case .completions, .chat:
            do {
                return try generate(chat: route == .chat, body: body)
            } catch let error as OpenAIError {
                return failure(error)
            } catch {
                return failure(OpenAIError(status: 500, message: "\(error)", type: "server_error"))
            }
        }
    }

    public func failure(_ error: OpenAIError) -> Reply { .json(status: error.status, body: error.body) }

    private func unknownModel(_ name: String) -> OpenAIError {
        OpenAIError(status: 404, message: "the model '\(name)' does not exist; this server has "
                    + models.map { "'\($0.name)'" }.joined(separator: ", "), param: "model", code: "model_not_found")
    }

    private func generate(chat: Bool, body: [UInt8]) throws(OpenAIError) -> Reply {
        let json: JSONValue
        do {
            json = try body.withUnsafeBytes { try JSONParser.parse($0) }
        } catch {
            throw OpenAIError(status: 400, message: "the body is not valid JSON: \(error)")
        }
        let request: GenerationRequest
        if chat {
            request = try GenerationRequest.chat(json, limits: limits)
        } else {
            request = try GenerationRequest.completion(json, limits: limits)
        }
        guard let served = models.first(where: { $0.name == request.model }) else { throw unknownModel(request.model) }
        let backend = served.backend
        var prompts: [[Int32]] = []
        if chat {
            do {
                prompts = [try backend.encode(chat: request.messages)]
            } catch {
                throw OpenAIError.invalid("messages", "cannot be put in the model's chat template: \(error)")
            }
        } else {
            for prompt in request.prompts {
                switch prompt {
                case .text(let text): prompts.append(backend.encode(prompt: text))
                case .ids(let ids):
                    if let bad = ids.first(where: { !backend.isValidToken($0) }) {
                        throw OpenAIError.invalid("prompt", "token id \(bad) is not in the model's vocabulary")
                    }
                    prompts.append(ids)
                }
            }
        }
        for ids in prompts {
            guard !ids.isEmpty else { throw OpenAIError.invalid(chat ? "messages" : "prompt", "encodes to no tokens") }
            guard ids.count < backend.contextLength else {
                throw OpenAIError(status: 400, message: "the prompt takes \(ids.count) tokens; the model's context is "
                                  + "\(backend.contextLength)", param: chat ? "messages" : "prompt", code: "context_length_exceeded")
            }
        }
        let admitted = inFlight.withLock { count -> Bool in
            guard count < limits.maxConcurrentRequests else { return false }
            count += 1
            return true
        }
        guard admitted else {
            throw OpenAIError(status: 429, message: "\(limits.maxConcurrentRequests) requests are in flight; try again shortly",
                              type: "rate_limit_error", code: "too_many_requests")
        }
        let fallbackSeed = UInt64.random(in: 0...UInt64.max)
        let stops = backend.stopTokens(chat: chat)
        let run = CompletionRun(kind: chat ? .chat : .completion, model: served.name, includeUsage: request.includeUsage,
                                makeJobs: { emit in
            var jobs: [GenerationJob] = []
            for (promptIndex, ids) in prompts.enumerated() {
                let room = backend.contextLength - ids.count
                let maxTokens = min(request.maxTokens ?? room, room)
                for sample in 0..<request.n {
                    jobs.append(GenerationJob(
                        choice: jobs.count, promptIndex: promptIndex, backend: backend, prompt: ids, maxTokens: maxTokens,
                        sampling: request.sampling(choice: sample, fallbackSeed: fallbackSeed),
                        topLogprobs: request.topLogprobs, stopTokens: stops, stopStrings: request.stop, emit: emit))
                }
            }
            return jobs
        }, onEnd: { [weak self] in self?.inFlight.withLock { $0 -= 1 } })
        worker.submit(run.jobs)
        return request.stream ? .events(run) : .whole(run)
    }
}
