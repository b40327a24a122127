import Engine
import Foundation
import Tokenizers

/// A teacher that runs in this process: any model the engine loads (with an adapter), prompted in the format of its
/// chat template, decoding greedily so that the same inputs give the same data.
public final class EngineTeacher: Teacher {
    public let name: String
    private let generator: TextGenerator
    private let formatter: PromptFormatter
    private let stopTokens: Set<Int32>
    private let contextLength: Int

    public init(name: String, model: TransformerModel, formatter: PromptFormatter) {
        self.name = name
        generator = TextGenerator(model: model)
        self.formatter = formatter
        var stops = Set(model.config.endOfSequenceIds)
        if let eos = formatter.tokenizer.id(for: formatter.eosToken) { stops.insert(Int32(bitPattern: eos)) }
        stopTokens = stops
        contextLength = model.config.maxPositions
    }

    public func reply(to messages: [ChatMessage], maxTokens: Int) throws -> String {
        let prompt: [Int32]
        do {
            prompt = try formatter.encode(messages, addGenerationPrompt: true).ids.map { Int32(bitPattern: $0) }
        } catch {
            throw TeacherError(teacher: name, problem: "cannot format the prompt (\(error))")
        }
        guard prompt.count < contextLength else {
            throw TeacherError(teacher: name, problem: "the prompt takes \(prompt.count) tokens; the model's context is \(contextLength)")
        }
        let budget = min(maxTokens, contextLength - prompt.count)
        let tokens = try generator.generate(prompt: prompt, maxNewTokens: budget, settings: .greedy,
                                            stopTokens: stopTokens)
        let ids = tokens.filter { !stopTokens.contains($0) }.map { UInt32(bitPattern: $0) }
        return formatter.tokenizer.decode(ids, skipSpecialTokens: true)
    }
}
