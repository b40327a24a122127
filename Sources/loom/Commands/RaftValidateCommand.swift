import ArgumentParser
import Datasets
import Engine
import Foundation
import Runs
import Tokenizers

/// `loom raft validate FILE [--model DIR] [--json]`: checks every record of a RAFT file and prints what it found,
/// with the lines of the records behind each count, so that a script or CI can refuse data a weak teacher made.
struct RaftValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every record of a RAFT file and print a report.",
        discussion: """
            FILE is JSON lines (or a JSON array) in gorilla's RAFT schema, its early schema, or its completion or \
            chat export; the schema is detected from the first record unless --schema names it. Quotes \
            (##begin_quote##…##end_quote##) are looked up verbatim after whitespace normalisation. The exit status \
            is 1 when a record has a problem (unreadable, a quote only in a distractor or in no document, no CoT \
            answer or <ANSWER>, no question or documents, a repeated question, longer than the model's context). \
            The README's RAFT section lists the keys of --json.
            """
    )

    @Argument(help: "A RAFT dataset file (.jsonl, .json, optionally .gz).")
    var file: String

    @Option(help: "A model folder (config.json, tokenizer.json): flag records longer than its context.")
    var model: String?

    @Option(name: .customLong("prompt-format"),
            help: "With --model: the prompt format records are measured in (auto, chatml, llama3, …, completion).")
    var promptFormat = "auto"

    @Option(help: "The schema: gorilla, early, completion or chat (default: detected).")
    var schema: String?

    @Option(name: .customLong("p"), help: "The oracle probability P the data was built with, to compare the oracle ratio against.")
    var builtWithP: Double?

    @Flag(help: "Print one JSON object instead of the text report.")
    var json = false

    func validate() throws {
        if let schema, RAFTSchema(name: schema) == nil {
            throw ValidationError("unknown schema '\(schema)'; use gorilla, early, completion or chat")
        }
        if let builtWithP, !(0...1).contains(builtWithP) { throw ValidationError("--p must be between 0 and 1") }
    }

    func run() throws {
        let raft: RAFTFile
        do {
            raft = try RAFTFile(path: file, schema: schema.flatMap(RAFTSchema.init(name:)))
        } catch {
            throw ValidationError("\(error)")
        }
        if raft.schema == nil {
            throw ValidationError("\(file): not RAFT data: its first records have no question and context, no prompt and completion with <DOCUMENT> blocks, and no such messages; name the layout with --schema")
        }
        let report: RAFTValidationReport
        do {
            report = try RAFTValidator.validate(raft, builtWithP: builtWithP, lengthLimit: try lengthLimit())
        } catch {
            throw ValidationError("\(error)")
        }
        print(json ? report.json : report.text(), terminator: json ? "\n" : "")
        if report.hasProblems { throw ExitCode(1) }
    }

    /// The model's context and a measure of records in its prompt format: the instruction layout as the user turn,
    /// the CoT answer as the assistant's.
    private func lengthLimit() throws -> RAFTLengthLimit? {
        guard let model else { return nil }
        let folder = URL(fileURLWithPath: model)
        let config: ModelConfig
        let formatter: PromptFormatter
        do {
            config = try ModelConfig(folder: folder)
            formatter = try ExampleBuilder.formatter(promptFormat: promptFormat, tokenizerFolder: folder)
        } catch {
            throw ValidationError("\(model): \(error)")
        }
        return RAFTLengthLimit(contextLength: config.maxPositions) { record in
            let messages = [ChatMessage(role: "user", content: record.prompt),
                            ChatMessage(role: "assistant", content: record.cotAnswer ?? record.finalAnswer ?? "")]
            return (try? formatter.encode(messages).ids.count) ?? formatter.tokenizer.encode(record.prompt).count
        }
    }
}
