import Engine
import Foundation
import Synchronization

/// One choice of one request being generated: its sequence, its limits and stop strings, and where its text goes.
/// The worker thread calls `step()` until it says the job is over; the request's handler reads `JobEvent`s.
///
/// Stop strings are matched on the decoded text. While streaming, the last (longest stop − 1) characters are held
/// back, so a stop string that arrives split over several tokens is never half sent.
public final class GenerationJob: @unchecked Sendable {
    public let choice: Int
    /// Which prompt of the request this choice continues (usage counts each prompt once).
    public let promptIndex: Int
    let backend: any CompletionBackend
    let prompt: [Int32]
    let maxTokens: Int
    let sampling: SamplingSettings
    let topLogprobs: Int
    let stopTokens: Set<Int32>
    let stopStrings: [[Unicode.Scalar]]
    let emit: (JobEvent) -> Void
    private let cancelled = Atomic<Bool>(false)

    // Touched only by the worker thread.
    private var source: (any TokenSource)?
    private var decoder: (any TextPieces)?
    private var scalars: [Unicode.Scalar] = []
    private var sent = 0
    private var produced = 0
    private var pendingLogprobs: [TokenLogprob] = []

    /// `topLogprobs` < 0: no log-probabilities; 0: the chosen token's only; k: also the k most likely.
    public init(choice: Int, promptIndex: Int = 0, backend: any CompletionBackend, prompt: [Int32], maxTokens: Int, sampling: SamplingSettings,
                topLogprobs: Int, stopTokens: Set<Int32>, stopStrings: [String], emit: @escaping (JobEvent) -> Void) {
        self.choice = choice
        self.promptIndex = promptIndex
        self.backend = backend
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.sampling = sampling
        self.topLogprobs = topLogprobs
        self.stopTokens = stopTokens
        self.stopStrings = stopStrings.filter { !$0.isEmpty }.map { Array($0.unicodeScalars) }
        self.emit = emit
    }

    /// Asks the worker to drop this job at its next step (the client went away).
    public func cancel() { cancelled.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Makes one token. Returns false when the job is over (its last event has been sent).
    func step() -> Bool {
        if isCancelled {
            emit(.finished(choice: choice, reason: .cancelled, promptTokens: prompt.count, completionTokens: produced))
            return false
        }
        do {
            if source == nil {
                source = try backend.start(prompt: prompt, capacity: prompt.count + maxTokens, sampling: sampling,
                                           topLogprobs: topLogprobs)
                decoder = backend.makeDecoder()
            }
            guard let source else { return false }
            if maxTokens == 0 { return finish(.length) }
            let token = try source.next()
            produced += 1
            if stopTokens.contains(token.id) { return finish(.stop) }
            if topLogprobs >= 0 {
                pendingLogprobs.append(TokenLogprob(
                    token: backend.text(ofToken: token.id), logprob: token.logprob ?? 0,
                    top: token.top.map { (backend.text(ofToken: $0.id), $0.logprob) }))
            }
            if let piece = decoder?.step(token.id) { scalars.append(contentsOf: piece.unicodeScalars) }
            if let end = stopMatch() {
                scalars.removeSubrange(end...)
                return finish(.stop, flushDecoder: false)
            }
            if produced >= maxTokens || source.isFull { return finish(.length) }
            let holdBack = max(0, (stopStrings.map(\.count).max() ?? 0) - 1)
            send(upTo: max(sent, scalars.count - holdBack))
            return true
        } catch {
            emit(.failed(choice: choice, message: "\(error)"))
            return false
        }
    }

    /// Where the first stop string begins in the text, looking only where a new match can be.
    private func stopMatch() -> Int? {
        guard !stopStrings.isEmpty else { return nil }
        var first: Int?
        for stop in stopStrings where stop.count <= scalars.count {
            var start = max(0, sent - stop.count)
            while start + stop.count <= scalars.count {
                if scalars[start] == stop[0], scalars[start..<(start + stop.count)].elementsEqual(stop) {
                    if first.map({ start < $0 }) ?? true { first = start }
                    break
                }
                start += 1
            }
        }
        return first
    }

    private func send(upTo end: Int) {
        guard end > sent || !pendingLogprobs.isEmpty else { return }
        var text = String.UnicodeScalarView()
        if end > sent { text.append(contentsOf: scalars[sent..<end]) }
        sent = max(sent, end)
        emit(.text(choice: choice, text: String(text), logprobs: pendingLogprobs))
        pendingLogprobs.removeAll()
    }

    private func finish(_ reason: FinishReason, flushDecoder: Bool = true) -> Bool {
        if flushDecoder, let rest = decoder?.finish() {
            scalars.append(contentsOf: rest.unicodeScalars)
            if let end = stopMatch() {
                scalars.removeSubrange(end...)
                send(upTo: scalars.count)
                emit(.finished(choice: choice, reason: .stop, promptTokens: prompt.count, completionTokens: produced))
                return false
            }
        }
        send(upTo: scalars.count)
        emit(.finished(choice: choice, reason: reason, promptTokens: prompt.count, completionTokens: produced))
        return false
    }
}

/// Why a choice ended, in OpenAI's words (`cancelled` never reaches a client: it has gone).
public enum FinishReason: String, Sendable {
    case stop, length, cancelled
}

/// A generated token's log-probability and the most likely alternatives, as text.
public struct TokenLogprob: Sendable {
    public var token: String
    public var logprob: Float
    public var top: [(String, Float)]
}

/// What a job tells its request: more text, the end, or a failure.
public enum JobEvent: Sendable {
    case text(choice: Int, text: String, logprobs: [TokenLogprob])
    case finished(choice: Int, reason: FinishReason, promptTokens: Int, completionTokens: Int)
    case failed(choice: Int, message: String)
}
