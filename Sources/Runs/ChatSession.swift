import Engine
import Foundation
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
public final class ChatSession: @unchecked Sendable {
    public let modelFolder: URL
    public let adapterFolder: URL?
    private let lock = NSLock()
    private var state = ChatSnapshot()
    private var cancelRequested = false
    private var base: TransformerModel?
    private var adapted: TransformerModel?
    private var formatter: PromptFormatter?

    public init(modelFolder: URL, adapterFolder: URL?) {
        self.modelFolder = modelFolder
        self.adapterFolder = adapterFolder
        state.hasAdapter = adapterFolder != nil
    }

    public var snapshot: ChatSnapshot {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    private func update(_ change: (inout ChatSnapshot) -> Void) {
        lock.lock()
        change(&state)
        lock.unlock()
    }

    /// Stops the reply being generated after its current token.
    public func cancel() {
        lock.lock()
        cancelRequested = true
        lock.unlock()
    }

    /// Answers `prompt` on a background thread, greedy unless `settings` say otherwise. Ignored while a reply is
    /// still being generated.
    public func send(_ prompt: String, useAdapter: Bool, maxNewTokens: Int = 96, settings: SamplingSettings = .greedy) {
        lock.lock()
        guard !state.isGenerating, !state.isLoading else { lock.unlock(); return }
        let withAdapter = useAdapter && adapterFolder != nil
        state.turns.append(ChatTurn(role: .user, text: prompt, usedAdapter: withAdapter, isStreaming: false))
        state.isGenerating = true
        state.error = nil
        cancelRequested = false
        lock.unlock()
        let thread = Thread { [self] in
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
        thread.name = "loom-chat"
        thread.stackSize = 16 << 20
        thread.start()
    }

    private func model(withAdapter: Bool) throws -> TransformerModel {
        if withAdapter, let adapted { return adapted }
        if !withAdapter, let base { return base }
        update { $0.isLoading = true }
        defer { update { $0.isLoading = false } }
        let model = try TransformerModel.load(folder: modelFolder)
        if withAdapter, let adapterFolder {
            _ = try PEFTAdapter.load(folder: adapterFolder, into: model)
            adapted = model
        } else {
            base = model
        }
        return model
    }

    private func generate(_ prompt: String, withAdapter: Bool, maxNewTokens: Int, settings: SamplingSettings) throws {
        let model = try model(withAdapter: withAdapter)
        if formatter == nil {
            formatter = try ExampleBuilder.formatter(promptFormat: "auto", tokenizerFolder: modelFolder)
        }
        guard let formatter else { return }
        let tokenizer = formatter.tokenizer
        var ids: [UInt32]
        if formatter.format == .completion {
            ids = tokenizer.encode(prompt, addSpecialTokens: true)
        } else {
            ids = try formatter.encode([ChatMessage(role: "user", content: prompt)], addGenerationPrompt: true).ids
        }
        let room = model.config.maxPositions - maxNewTokens
        if ids.count > room { ids = Array(ids.suffix(max(1, room))) }
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
            lock.lock()
            defer { lock.unlock() }
            return !cancelRequested
        }
        let rest = decoder.finish()
        let seconds = Date().timeIntervalSince(started)
        update {
            $0.turns[$0.turns.count - 1].text += rest
            $0.tokensPerSecond = seconds > 0 ? Double(count) / seconds : nil
        }
    }
}
