import ArgumentParser
import Datasets
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
            FILE is JSON lines (gzip allowed; read as the data browser reads it, so line numbers match what it \
            shows); each line is an object with "text" (tokenized with the model folder's \
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
            if try !score(try parseTokenIds(ids, option: "--ids"), line: nil, generator: generator) { throw Self.nonFinite(1) }
            return
        }
        var nonFinite = 0
        guard let file else { throw ValidationError("give either FILE or --ids") }
        let tokenizer = try modelOptions.tokenizer()
        // The data browser's readers: gzip, a byte-order mark, blank lines and line numbers as the workbench shows
        // them, and strings exactly as written (JSONSerialization on Linux drops a U+FEFF that starts a string).
        do {
            let dataset: Dataset
            do { dataset = try Dataset.open(path: file) } catch let error as DatasetError where error.kind == .empty {
                return // nothing to score: no output, as for a file of blank lines
            }
            try dataset.forEachRecord { record in
                let line = record.line
                var tokens = try tokenIds(of: record, file: file, tokenizer: tokenizer)
                let truncated = tokens.count > model.config.maxPositions
                if truncated { tokens = Array(tokens.prefix(model.config.maxPositions)) }
                if try !score(tokens, line: line, truncated: truncated, generator: generator) { nonFinite += 1 }
            }
        } catch let error as DatasetError {
            throw ValidationError(error.description)
        }
        if nonFinite > 0 { throw Self.nonFinite(nonFinite) }
    }

    /// The token ids a record asks to score: its "ids" array, or its "text" tokenized.
    private func tokenIds(of record: Record, file: String, tokenizer: Tokenizer?) throws -> [Int32] {
        let place = "\(file):\(record.line)"
        guard case .value(let value) = record.content, case .object = value else {
            if case .malformed(_, let problem) = record.content {
                throw ValidationError("\(place): not a JSON object (\(problem))")
            }
            throw ValidationError("\(place): not a JSON object")
        }
        if case .array(let list)? = value["ids"] {
            return try list.enumerated().map { index, element in
                guard case .number(let literal) = element, let id = Int32(literal) else {
                    throw ValidationError("\(place): ids[\(index)] is not a token id (an integer)")
                }
                return id
            }
        }
        if case .string(let text)? = value["text"] {
            guard let tokenizer else {
                throw ValidationError("\(place): \"text\" needs tokenizer.json in the model folder; give \"ids\" instead")
            }
            return tokenizer.encode(text).map { Int32(truncatingIfNeeded: $0) }
        }
        throw ValidationError("\(place): needs a \"text\" string or an \"ids\" array")
    }

    static func nonFinite(_ count: Int) -> ValidationError {
        ValidationError("\(count) sequence\(count == 1 ? "" : "s") got NaN or infinite log-probabilities (printed as null): "
            + "the model's weights or config produce non-finite numbers (a NaN weight, an overflowing norm)")
    }

    /// Prints one sequence's record; returns false when a log-probability was not finite (it is printed as null,
    /// with an "error", so that the line is still JSON and the failure is visible).
    private func score(_ tokens: [Int32], line: Int?, truncated: Bool = false, generator: TextGenerator) throws -> Bool {
        let logProbs: [Float]
        do { logProbs = try generator.score(tokens) } catch { throw ValidationError("\(line.map { "line \($0): " } ?? "")\(error)") }
        let finite = logProbs.allSatisfy(\.isFinite)
        var record: [String: Any] = [
            "ids": tokens.map { Int($0) },
            "logprobs": [NSNull()] + logProbs.map { $0.isFinite ? Double($0) as Any : NSNull() },
            "tokens": logProbs.count,
            "loss": logProbs.isEmpty || !finite ? NSNull() : Double(-logProbs.reduce(0, +) / Float(logProbs.count)) as Any,
        ]
        if !finite { record["error"] = "non-finite log-probabilities" }
        if let line { record["line"] = line }
        if truncated { record["truncated"] = true }
        printJSONLine(record)
        return finite
    }
}
