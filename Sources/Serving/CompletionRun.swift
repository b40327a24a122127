import Datasets
import Foundation
import Support
import Synchronization

/// The jobs of one request and the events they send, in the order the worker makes them. The run ends when every
/// choice has finished; ending it early (the client went away) cancels the jobs still going.
public final class CompletionRun: Sendable {
    let kind: ResponseShapes.Kind
    let id: String
    let created: Int
    let model: String
    let choices: Int
    let includeUsage: Bool
    let jobs: [GenerationJob]
    let events: AsyncStream<JobEvent>
    private let onEnd: @Sendable () -> Void
    private let ended = Mutex(false)

    init(kind: ResponseShapes.Kind, model: String, includeUsage: Bool,
         makeJobs: (@escaping @Sendable (JobEvent) -> Void) -> [GenerationJob], onEnd: @escaping @Sendable () -> Void) {
        self.kind = kind
        id = (kind == .chat ? "chatcmpl-" : "cmpl-") + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        created = Int(Date().timeIntervalSince1970)
        self.model = model
        self.includeUsage = includeUsage
        self.onEnd = onEnd
        let (stream, continuation) = AsyncStream<JobEvent>.makeStream()
        events = stream
        // Jobs reach the worker only after this initialiser, so no event comes before the total is known.
        let counts = ChoiceCount()
        let made = makeJobs { event in
            continuation.yield(event)
            switch event {
            case .finished, .failed:
                let done = counts.state.withLock { value -> Bool in
                    value.finished += 1
                    return value.finished >= value.total
                }
                if done { continuation.finish() }
            case .text: break
            }
        }
        counts.state.withLock { $0.total = made.count }
        jobs = made
        choices = made.count
        continuation.onTermination = { [made] _ in
            for job in made { job.cancel() }
        }
    }

    /// A run dropped unsent (the client went before the response began) still frees its slot.
    deinit { end() }

    /// Cancels what is left and frees the request's slot (once).
    public func end() {
        for job in jobs { job.cancel() }
        let first = ended.withLock { value -> Bool in
            defer { value = true }
            return !value
        }
        if first { onEnd() }
    }

    /// Waits for every choice and returns the whole response body, or the error of a choice that failed.
    public func collect() async -> (status: Int, body: String) {
        defer { end() }
        var texts = [String](repeating: "", count: choices)
        var logprobs = [[TokenLogprob]](repeating: [], count: choices)
        var reasons = [FinishReason?](repeating: nil, count: choices)
        var promptTokens = [Int](repeating: 0, count: choices)
        var completionTokens = 0
        for await event in events {
            switch event {
            case .text(let choice, let text, let entries):
                texts[choice] += text
                logprobs[choice] += entries
            case .finished(let choice, let reason, let prompt, let completion):
                reasons[choice] = reason
                promptTokens[choice] = prompt
                completionTokens += completion
            case .failed(_, let message):
                let error = OpenAIError(status: 500, message: "the engine failed: \(message)", type: "server_error")
                return (500, error.body)
            }
        }
        let wantsLogprobs = jobs.first.map { $0.topLogprobs >= 0 } ?? false
        let list: [JSONValue] = (0..<choices).map { index in
            ResponseShapes.choice(kind: kind, chunk: false, index: index, text: texts[index], role: true,
                                  logprobs: wantsLogprobs ? ResponseShapes.logprobs(kind: kind, logprobs[index], offset: 0) : .null,
                                  finish: reasons[index] ?? .cancelled)
        }
        let usage = ResponseShapes.usage(prompt: Self.promptTokens(promptTokens, n: jobs), completion: completionTokens)
        return (200, JSONFormatter.compact(ResponseShapes.envelope(kind: kind, chunk: false, id: id, created: created,
                                                                   model: model, choices: list, usage: usage)))
    }

    /// Server-sent events: one `data: {chunk}` per piece of text, a last chunk per choice with its finish reason,
    /// the usage chunk when asked for, then `data: [DONE]`. `write` throws when the client has gone; the run then
    /// ends and its jobs stop.
    public func stream(_ write: (String) async throws -> Void) async {
        defer { end() }
        var started = Set<Int>()
        var offsets = [Int](repeating: 0, count: choices)
        var promptTokens = [Int](repeating: 0, count: choices)
        var completionTokens = 0
        let wantsLogprobs = jobs.first.map { $0.topLogprobs >= 0 } ?? false
        func chunk(_ choice: JSONValue, usage: JSONValue? = nil) -> String {
            "data: " + JSONFormatter.compact(ResponseShapes.envelope(kind: kind, chunk: true, id: id, created: created,
                                                                     model: model, choices: [choice], usage: usage)) + "\n\n"
        }
        do {
            for await event in events {
                switch event {
                case .text(let index, let text, let entries):
                    let first = started.insert(index).inserted
                    let logprobs = wantsLogprobs ? ResponseShapes.logprobs(kind: kind, entries, offset: offsets[index]) : .null
                    offsets[index] += text.utf8.count
                    try await write(chunk(ResponseShapes.choice(kind: kind, chunk: true, index: index, text: text,
                                                                role: first, logprobs: logprobs, finish: nil)))
                case .finished(let index, let reason, let prompt, let completion):
                    promptTokens[index] = prompt
                    completionTokens += completion
                    let first = started.insert(index).inserted
                    try await write(chunk(ResponseShapes.choice(kind: kind, chunk: true, index: index,
                                                                text: kind == .chat ? (first ? "" : nil) : "",
                                                                role: first, logprobs: .null, finish: reason)))
                case .failed(_, let message):
                    let error = OpenAIError(status: 500, message: "the engine failed: \(message)", type: "server_error")
                    try await write("data: \(error.body)\n\n")
                    return
                }
            }
            if includeUsage {
                let usage = ResponseShapes.usage(prompt: Self.promptTokens(promptTokens, n: jobs), completion: completionTokens)
                try await write("data: " + JSONFormatter.compact(ResponseShapes.envelope(
                    kind: kind, chunk: true, id: id, created: created, model: model, choices: [], usage: usage)) + "\n\n")
            }
            try await write("data: [DONE]\n\n")
        } catch {
            return
        }
    }

    /// Prompt tokens counted once per prompt, not once per choice (as OpenAI counts them).
    private static func promptTokens(_ perChoice: [Int], n jobs: [GenerationJob]) -> Int {
        var perPrompt: [Int: Int] = [:]
        for job in jobs { perPrompt[job.promptIndex] = job.prompt.count }
        return perPrompt.values.reduce(0, +)
    }
}

/// How many of a run's choices have finished, shared by its jobs' event callbacks.
private final class ChoiceCount: Sendable {
    let state = Mutex((finished: 0, total: Int.max))
}
