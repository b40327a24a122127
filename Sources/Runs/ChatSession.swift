import Engine
import Foundation
import Support
import Synchronization
import Tokenizers

/// One turn of a chat in the workbench: the user's prompt or the model's reply, and whether the adapter was on.
public struct ChatTurn: Sendable, Equatable {
    public enum Role: String, Sendable { case user, model }
    public var role: Role
    public var text: String
    public var usedAdapter: Bool
    /// True while the reply is still streaming.
    public var isStreaming: Bool
}

/// What the chat view draws: the transcript so far and what the session is doing.
public struct ChatSnapshot: Sendable, Equatable {
    public var turns: [ChatTurn] = []
    public var isLoading = false
    public var isGenerating = false
    public var error: String?
    public var hasAdapter = false
    /// Tokens per second of the last reply.
    public var tokensPerSecond: Double?
}

/// Tries a base model, with or without an adapter, from the workbench: loads on a background thread, formats each
/// prompt with the model's chat template (plain completion when it has none), and streams the reply token by token
/// into `snapshot` for the UI to draw. Each prompt is answered on its own (no multi-turn memory), as a quick check of
/// what fine-tuning changed.
public final class ChatSession: Sendable {
    public let modelFolder: URL
    public let adapterFolder: URL?
    /// What the UI reads, and the cancel flag the generating thread polls.
    private let state: Mutex<(snapshot: ChatSnapshot, cancelRequested: Bool)>
    /// Models and formatter, loaded once on the generating thread (one reply at a time uses them).
    private let loaded = Mutex<(base: TransformerModel?, adapted: TransformerModel?, formatter: PromptFormatter?)>((nil, nil, nil))

    public init(modelFolder: URL, adapterFolder: URL?) {
        self.modelFolder = modelFolder
        self.adapterFolder = adapterFolder
        var snapshot = ChatSnapshot()
        snapshot.hasAdapter = adapterFolder != nil
        state = Mutex((snapshot, false))
    }

    public var snapshot: ChatSnapshot { state.withLock { $0.snapshot } }

    private func update(_ change: (inout ChatSnapshot) -> Void) {
        state.withLock { change(&$0.snapshot) }
    }

    /// Stops the reply being generated after its current token.
    public func cancel() {
        state.withLock { $0.cancelRequested = true }
    }

    /// Answers `prompt` on a background thread, greedy unless `settings` say otherwise. Ignored while a reply is
    /// still being generated.
    public func send(_ prompt: String, useAdapter: Bool, maxNewTokens: Int = 96, settings: SamplingSettings = .greedy) {
        let withAdapter = useAdapter && adapterFolder != nil
        let accepted = state.withLock { state -> Bool in
            guard !state.snapshot.isGenerating, !state.snapshot.isLoading else { return false }
            state.snapshot.turns.append(ChatTurn(role: .user, text: prompt, usedAdapter: withAdapter, isStreaming: false))
            state.snapshot.isGenerating = true
            state.snapshot.error = nil
            state.cancelRequested = false
            return true
        }
        guard accepted else { return }
        BackgroundThread.start(name: "loom-chat", stackSize: 16 << 20) { [self] in
            do {
                try generate(prompt, withAdapter: withAdapter, maxNewTokens: maxNewTokens, settings: settings)
            } catch {
                update { $0.error = "\(error)" }
            }
            update {
                $0.isGenerating = false
                $0.isLoading = false
                if let last = $0.turns.indices.last { $0.turns[last].isStreaming = false }
            }
        }
    }

    private func model(withAdapter: Bool) throws -> TransformerModel {
        let cached = loaded.withLock { withAdapter ? $0.adapted : $0.base }
        if let cached { return cached }
        update { $0.isLoading = true }
        defer { update { $0.isLoading = false } }
        let model = try TransformerModel.load(folder: modelFolder)
        if withAdapter, let adapterFolder {
            _ = try PEFTAdapter.load(folder: adapterFolder, into: model)
            loaded.withLock { $0.adapted = model }
        } else {
            loaded.withLock { $0.base = model }
        }
        return model
    }

    private func generate(_ prompt: String, withAdapter: Bool, maxNewTokens: Int, settings: SamplingSettings) throws {
        let model = try model(withAdapter: withAdapter)
        let formatter: PromptFormatter
        if let known = loaded.withLock({ $0.formatter }) {
            formatter = known
        } else {
            formatter = try ExampleBuilder.formatter(promptFormat: "auto", tokenizerFolder: modelFolder)
            loaded.withLock { $0.formatter = formatter }
        }
        let tokenizer = formatter.tokenizer
        let ids: [UInt32]
        if formatter.format == .completion {
            ids = tokenizer.encode(prompt, addSpecialTokens: true)
        } else {
            ids = try formatter.encode([ChatMessage(role: "user", content: prompt)], addGenerationPrompt: true).ids
        }
        // A prompt that leaves no room for the reply is refused with the numbers, never cut silently.
        let room = model.config.maxPositions - maxNewTokens
        if ids.count > room {
            throw ChatPromptTooLong(promptTokens: ids.count, replyTokens: maxNewTokens,
                                    contextTokens: model.config.maxPositions)
        }
        var stops: Set<Int32> = []
        if let eos = tokenizer.id(for: formatter.eosToken) { stops.insert(Int32(eos)) }
        update { $0.turns.append(ChatTurn(role: .model, text: "", usedAdapter: withAdapter, isStreaming: true)) }
        var decoder = tokenizer.makeStreamingDecoder(skipSpecialTokens: true)
        let started = Date()
        var count = 0
        _ = try TextGenerator(model: model).generate(prompt: ids.map { Int32(truncatingIfNeeded: $0) },
                                                     maxNewTokens: maxNewTokens, settings: settings, stopTokens: stops) { token in
            count += 1
            if !stops.contains(token), let piece = decoder.step(UInt32(truncatingIfNeeded: token)) {
                update { $0.turns[$0.turns.count - 1].text += piece }
            }
            return !state.withLock { $0.cancelRequested }
        }
        let rest = decoder.finish()
        let seconds = Date().timeIntervalSince(started)
        update {
            $0.turns[$0.turns.count - 1].text += rest
            $0.tokensPerSecond = seconds > 0 ? Double(count) / seconds : nil
        }
    }
}
