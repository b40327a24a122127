import Datasets
import Foundation
import Tokenizers

/// One training example: token ids and, for each, whether the loss learns it.
public struct TokenizedExample: Sendable, Equatable {
    public var ids: [Int32]
    public var learned: [Bool]
    /// Where the record came from (1-based line of its file), for reports.
    public var line: Int

    public init(ids: [Int32], learned: [Bool], line: Int) {
        self.ids = ids
        self.learned = learned
        self.line = line
    }

    public var learnedCount: Int { learned.reduce(0) { $0 + ($1 ? 1 : 0) } }
}

/// A record that could not become an example: its file, line and why.
public struct RecordProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Turns dataset records into tokenized examples the way the run configuration says: the record format (alpaca,
/// chat messages, prompt/completion or plain text, with renamed columns), the prompt layout (through Tokenizers'
/// `PromptFormatter`, so the ids equal the chat template's), and the loss mask (the assistant's replies only, or
/// every token).
public struct ExampleBuilder: Sendable {
    public let data: RunConfig.Data
    public let formatter: PromptFormatter
    public var tokenizer: Tokenizer { formatter.tokenizer }
    /// The id of the layout's end token, when the tokenizer has it: it ends generations, and pads sequences.
    public var eosId: Int32? { tokenizer.id(for: formatter.eosToken).map { Int32(truncatingIfNeeded: $0) } }
    /// The id padding fills sequences with (never learned): the end token, else 0.
    public var padId: Int32 { eosId ?? 0 }

    public init(data: RunConfig.Data, formatter: PromptFormatter) {
        self.data = data
        self.formatter = formatter
    }

    /// Builds the formatter the configuration names from a tokenizer folder (tokenizer.json, and
    /// tokenizer_config.json when present for the chat template and special tokens).
    public static func formatter(promptFormat: String, tokenizerFolder: URL) throws -> PromptFormatter {
        let tokenizer = try Tokenizer(contentsOfFile: tokenizerFolder.appendingPathComponent("tokenizer.json").path)
        let configPath = tokenizerFolder.appendingPathComponent("tokenizer_config.json").path
        let tokenizerConfig = FileManager.default.fileExists(atPath: configPath) ? try TokenizerConfig(contentsOfFile: configPath) : nil
        if promptFormat == "auto" {
            if let tokenizerConfig { return try PromptFormatter(tokenizer: tokenizer, config: tokenizerConfig) }
            return try PromptFormatter(tokenizer: tokenizer, format: .completion)
        }
        guard let format = PromptFormat(rawValue: promptFormat) else {
            throw RunConfigError(path: "(run config)", problems: [RunConfigProblem(field: "data.prompt_format", message: "unknown format '\(promptFormat)'")])
        }
        return try PromptFormatter(tokenizer: tokenizer, format: format, config: tokenizerConfig)
    }

    /// The conversation a record stands for (not used for the `text` format).
    public func messages(from value: JSONValue) throws -> [ChatMessage] {
        func text(_ column: String, required: Bool) throws -> String? {
            guard let field = value[column], field != .null else {
                if required { throw ExampleError("has no '\(column)' column; map it with data.columns.\(columnKey(column))") }
                return nil
            }
            switch field {
            case .string(let s): return s
            case .number(let n): return n
            case .bool(let b): return b ? "true" : "false"
            default: throw ExampleError("column '\(column)' is \(field.kind.rawValue), expected text")
            }
        }
        var messages: [ChatMessage] = []
        switch data.format {
        case .alpaca:
            if let system = try text(data.systemColumn, required: false), !system.isEmpty {
                messages.append(ChatMessage(role: "system", content: system))
            }
            var user = try text(data.instructionColumn, required: true)!
            if let input = try text(data.inputColumn, required: false), !input.isEmpty { user += "\n\n" + input }
            messages.append(ChatMessage(role: "user", content: user))
            messages.append(ChatMessage(role: "assistant", content: try text(data.outputColumn, required: true)!))
        case .promptCompletion:
            if let system = try text(data.systemColumn, required: false), !system.isEmpty {
                messages.append(ChatMessage(role: "system", content: system))
            }
            messages.append(ChatMessage(role: "user", content: try text(data.promptColumn, required: true)!))
            messages.append(ChatMessage(role: "assistant", content: try text(data.completionColumn, required: true)!))
        case .chat:
            guard let list = value[data.messagesColumn] else {
                throw ExampleError("has no '\(data.messagesColumn)' column; map it with data.columns.messages")
            }
            guard case .array(let items) = list else { throw ExampleError("'\(data.messagesColumn)' is not a list of messages") }
            for (i, item) in items.enumerated() {
                guard case .string(let role)? = item["role"], case .string(let content)? = item["content"] else {
                    throw ExampleError("message \(i + 1) needs a \"role\" and a \"content\" string")
                }
                guard ["system", "user", "assistant"].contains(role) else {
                    throw ExampleError("message \(i + 1) has role '\(role)'; expected system, user or assistant")
                }
                messages.append(ChatMessage(role: role, content: content))
            }
            guard messages.contains(where: { $0.role == "assistant" }) else { throw ExampleError("has no assistant message to learn") }
        case .raft:
            guard let schema = RAFTSchema.detect(value) else {
                throw ExampleError("is not a RAFT record (needs question and context, instruction, or a prompt/messages with <DOCUMENT> blocks)")
            }
            let record: RAFTRecord
            do { record = try RAFTRecordParser.parse(value, schema: schema, row: 0, line: 0) } catch {
                throw ExampleError(error.problem + (error.field.map { " (field '\($0)')" } ?? ""))
            }
            guard let answer = record.cotAnswer, !answer.isEmpty else { throw ExampleError("has no cot_answer to learn") }
            guard !record.prompt.isEmpty else { throw ExampleError("has no question or documents") }
            messages.append(ChatMessage(role: "user", content: record.prompt))
            messages.append(ChatMessage(role: "assistant", content: answer))
        case .text:
            throw ExampleError("the text format has no messages")
        }
        return messages
    }

    /// The example for one record's value. Throws `ExampleError` when the record does not fit the format or has
    /// nothing to learn.
    public func example(from value: JSONValue, line: Int) throws -> TokenizedExample {
        let example = try rendered(from: value, line: line)
        guard example.learned.contains(true) else { throw ExampleError("has no tokens to learn (empty reply?)") }
        return example
    }

    /// The record rendered and tokenized with its loss mask, even when nothing in it is learned: what `example`
    /// checks, kept apart so that `loom check` and the lens can show a record the trainer would skip.
    public func rendered(from value: JSONValue, line: Int) throws -> TokenizedExample {
        var ids: [UInt32]
        var learned: [Bool]
        if data.format == .text {
            guard let field = value[data.textColumn] else {
                throw ExampleError("has no '\(data.textColumn)' column; map it with data.columns.text")
            }
            guard case .string(let text) = field, !text.isEmpty else { throw ExampleError("'\(data.textColumn)' is not a non-empty string") }
            ids = tokenizer.encode(text, addSpecialTokens: true)
            if let eos = tokenizer.id(for: formatter.eosToken), ids.last != eos { ids.append(eos) }
            learned = [Bool](repeating: true, count: ids.count)
        } else {
            let prompt: FormattedPrompt
            do { prompt = try formatter.encode(try messages(from: value)) } catch let error as PromptFormatError {
                throw ExampleError(error.description)
            }
            ids = prompt.ids
            learned = data.loss == .all ? [Bool](repeating: true, count: ids.count) : prompt.lossMask
        }
        return TokenizedExample(ids: ids.map { Int32(truncatingIfNeeded: $0) }, learned: learned, line: line)
    }

    /// The ids of a sample prompt, ready for generation (the user message and the generation prompt).
    public func promptIds(_ prompt: String) throws -> [Int32] {
        if data.format == .text { return tokenizer.encode(prompt, addSpecialTokens: true).map { Int32(truncatingIfNeeded: $0) } }
        var formatted = try formatter.encode([ChatMessage(role: "user", content: prompt)], addGenerationPrompt: true)
        // The completion layout ends a prompt-only conversation as is; drop a trailing end token if one was added.
        if let eos = tokenizer.id(for: formatter.eosToken), formatted.ids.last == eos, formatted.ids.count > 1 {
            formatted.ids.removeLast()
        }
        return formatted.ids.map { Int32(truncatingIfNeeded: $0) }
    }

    /// A sample prompt's ids as the run generates from them: kept to the last tokens that leave room for
    /// `maxNewTokens` within the model's `maxPositions`.
    public func samplePromptIds(_ prompt: String, maxNewTokens: Int, maxPositions: Int) throws -> [Int32] {
        let ids = try promptIds(prompt)
        let room = maxPositions - maxNewTokens
        return ids.count > room ? Array(ids.suffix(max(1, room))) : ids
    }

    private func columnKey(_ column: String) -> String {
        switch column {
        case data.instructionColumn: return "instruction"
        case data.inputColumn: return "input"
        case data.outputColumn: return "output"
        case data.promptColumn: return "prompt"
        case data.completionColumn: return "completion"
        case data.textColumn: return "text"
        default: return column
        }
    }
}

/// Why one record does not fit the configured format (the caller adds file and line).
public struct ExampleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
