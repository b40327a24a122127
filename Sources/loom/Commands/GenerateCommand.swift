import ArgumentParser
import Engine
import Foundation
import TerminalCore
import Tokenizers

/// `loom generate`: continue a prompt with a model (and adapter), greedy or sampled, streaming the text.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Continue a prompt with a model and print the continuation.",
        discussion: """
            --prompt needs tokenizer.json in the model folder; --prompt-ids takes token ids as a JSON array. \
            Generation stops at the config's eos_token_id or after --max-new-tokens. With --json the result is one \
            JSON line with the generated ids (and text when a tokenizer is present).
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: "The prompt text.")
    var prompt: String?

    @Option(name: .customLong("prompt-ids"), help: "The prompt as a JSON array of token ids.")
    var promptIds: String?

    @Option(name: .customLong("max-new-tokens"), help: "Most tokens to generate.")
    var maxNewTokens = 64

    @Option(name: .long, help: "Sampling temperature; 0 is greedy.")
    var temperature: Float = 0

    @Option(name: .customLong("top-k"), help: "Sample among the k most likely tokens (0: all).")
    var topK = 0

    @Option(name: .customLong("top-p"), help: "Sample among the most likely tokens whose probabilities reach p.")
    var topP: Float = 1

    @Option(name: .long, help: "Seed of the sampler.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Print one JSON line instead of streaming text.")
    var json = false

    func validate() throws {
        if (prompt == nil) == (promptIds == nil) { throw ValidationError("give either --prompt or --prompt-ids") }
        if maxNewTokens < 0 || !(temperature >= 0 && temperature.isFinite) || topK < 0 || !(topP > 0 && topP <= 1) {
            throw ValidationError("--max-new-tokens, --temperature and --top-k must be ≥ 0 (and finite), and --top-p in (0, 1]")
        }
    }

    func run() throws {
        let model = try modelOptions.load()
        let tokenizer = try modelOptions.tokenizer()
        let promptTokens: [Int32]
        if let promptIds {
            promptTokens = try parseTokenIds(promptIds, option: "--prompt-ids")
        } else {
            guard let tokenizer else { throw ValidationError("--prompt needs tokenizer.json in the model folder; use --prompt-ids") }
            promptTokens = tokenizer.encode(prompt ?? "").map { Int32(truncatingIfNeeded: $0) }
        }
        let settings = SamplingSettings(temperature: temperature, topK: topK, topP: topP, seed: seed)
        var streaming = !json ? tokenizer?.makeStreamingDecoder(skipSpecialTokens: true) : nil
        // A model's output is untrusted: on a terminal its control characters (OSC 52 could write the clipboard)
        // show as stand-ins; into a file or pipe the text goes as generated.
        let toTerminal = isatty(STDOUT_FILENO) != 0
        func emit(_ text: String) { FileHandle.standardOutput.write(Data((toTerminal ? SafeText.printable(text) : text).utf8)) }
        let generated: [Int32]
        do {
            generated = try TextGenerator(model: model).generate(
                prompt: promptTokens, maxNewTokens: maxNewTokens, settings: settings,
                stopTokens: Set(model.config.endOfSequenceIds)) { token in
                    if !json {
                        if streaming != nil {
                            if let piece = streaming?.step(UInt32(bitPattern: token)) { emit(piece) }
                        } else {
                            FileHandle.standardOutput.write(Data("\(token) ".utf8))
                        }
                    }
                    return true
                }
        } catch {
            throw ValidationError("\(error)")
        }
        if json {
            var record: [String: Any] = ["prompt_ids": promptTokens.map { Int($0) }, "ids": generated.map { Int($0) }]
            if let tokenizer { record["text"] = tokenizer.decode(generated.map { UInt32(bitPattern: $0) }, skipSpecialTokens: true) }
            printJSONLine(record)
        } else {
            if let rest = streaming?.finish() { emit(rest) }
            print("")
        }
    }
}
