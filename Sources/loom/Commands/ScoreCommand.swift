import ArgumentParser
import Engine
import Foundation
import Tokenizers

/// `loom score`: per-token log-probabilities and the mean loss of texts or token sequences under a model, as JSON
/// lines, for evaluation and for the detector.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Print per-token log-probabilities and loss as JSON lines.",
        discussion: """
            FILE is JSON lines; each line is an object with "text" (tokenized with the model folder's \
            tokenizer.json) or "ids" (an array of token ids). Each output line has the input's line number, the \
            token ids, "logprobs" (null for the first token, which has no context), "loss" (mean negative \
            log-probability) and "tokens" (how many were scored); a text longer than the model's positions is \
            scored on its first max_position_embeddings tokens and marked "truncated": true.
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "A JSON lines file of {\"text\": …} or {\"ids\": […]} objects.")
    var file: String?

    @Option(name: .long, help: "Score one sequence of token ids given as a JSON array instead of a file.")
    var ids: String?

    func validate() throws {
        if (file == nil) == (ids == nil) { throw ValidationError("give either FILE or --ids") }
    }

    func run() throws {
        let model = try modelOptions.load()
        let generator = TextGenerator(model: model)
        if let ids {
            try score(try parseTokenIds(ids, option: "--ids"), line: nil, generator: generator)
            return
        }
        guard let file, let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ValidationError("cannot read \(file ?? "")")
        }
        let tokenizer = try modelOptions.tokenizer()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                throw ValidationError("\(file):\(index + 1): not a JSON object")
            }
            var tokens: [Int32]
            if let list = object["ids"] as? [NSNumber] {
                tokens = list.map { Int32(truncatingIfNeeded: $0.intValue) }
            } else if let string = object["text"] as? String {
                guard let tokenizer else {
                    throw ValidationError("\(file):\(index + 1): \"text\" needs tokenizer.json in the model folder; give \"ids\" instead")
                }
                tokens = tokenizer.encode(string).map { Int32(truncatingIfNeeded: $0) }
            } else {
                throw ValidationError("\(file):\(index + 1): needs a \"text\" string or an \"ids\" array")
            }
            let truncated = tokens.count > model.config.maxPositions
            if truncated { tokens = Array(tokens.prefix(model.config.maxPositions)) }
            try score(tokens, line: index + 1, truncated: truncated, generator: generator)
        }
    }

    private func score(_ tokens: [Int32], line: Int?, truncated: Bool = false, generator: TextGenerator) throws {
        let logProbs: [Float]
        do { logProbs = try generator.score(tokens) } catch { throw ValidationError("\(line.map { "line \($0): " } ?? "")\(error)") }
        var record: [String: Any] = [
            "ids": tokens.map { Int($0) },
            "logprobs": [NSNull()] + logProbs.map { Double($0) as Any },
            "tokens": logProbs.count,
            "loss": logProbs.isEmpty ? NSNull() : Double(-logProbs.reduce(0, +) / Float(logProbs.count)) as Any,
        ]
        if let line { record["line"] = line }
        if truncated { record["truncated"] = true }
        printJSONLine(record)
    }
}
