import Engine
import Foundation
import Serving
import Support
import Synchronization
import Tokenizers

/// A backend whose tokens are counted words: token k reads "wk ". Its sequences can be held at a gate (to keep
/// requests in flight) and can run as long as asked (to check that a client going away stops them).
final class ScriptedBackend: CompletionBackend, @unchecked Sendable {
    let contextLength: Int
    let gate = WaitableState(true)
    let tokensMade = Mutex(0)

    init(contextLength: Int = 1_000_000) { self.contextLength = contextLength }

    func encode(prompt: String) -> [Int32] { prompt.split(separator: " ").map { _ in Int32(1) } }
    func encode(chat messages: [ChatMessage]) throws -> [Int32] { messages.flatMap { encode(prompt: $0.content) } }
    func stopTokens(chat: Bool) -> Set<Int32> { [] }
    func isValidToken(_ id: Int32) -> Bool { id >= 0 }

    func start(prompt: [Int32], capacity: Int, sampling: SamplingSettings, topLogprobs: Int) throws -> any TokenSource {
        ScriptedSequence(backend: self, capacity: capacity, used: prompt.count)
    }

    func makeDecoder() -> any TextPieces { Pieces(backend: self) }
    func text(ofToken id: Int32) -> String { "w\(id) " }

    /// Holds every sequence before its next token until `open()`.
    func close() { gate.update { $0 = false } }
    func open() { gate.update { $0 = true } }

    final class ScriptedSequence: TokenSource {
        let backend: ScriptedBackend
        let capacity: Int
        var used: Int
        var count: Int32 = 0

        init(backend: ScriptedBackend, capacity: Int, used: Int) {
            self.backend = backend
            self.capacity = capacity
            self.used = used
        }

        var isFull: Bool { used >= capacity }

        func next() throws -> GeneratedToken {
            backend.gate.wait(timeout: .infinity) { $0 }
            count += 1
            used += 1
            backend.tokensMade.withLock { $0 += 1 }
            usleep(200)  // a long reply streams for a while instead of finishing before the client can go
            return GeneratedToken(id: count)
        }
    }

    struct Pieces: TextPieces {
        let backend: ScriptedBackend
        mutating func step(_ id: Int32) -> String? { backend.text(ofToken: id) }
        mutating func finish() -> String { "" }
    }
}
