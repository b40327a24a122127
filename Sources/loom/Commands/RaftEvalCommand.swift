import ArgumentParser
import Datasets
import Engine
import Foundation
import Runs
import Synthesis
import Tokenizers

/// `loom raft eval --model DIR [--adapter DIR] FILE`: how often a model (fine-tuned or not) gives a RAFT record's
/// answer, with the oracle among the documents and without it.
struct RaftEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Generate answers to RAFT records and report the accuracy of their <ANSWER> part.",
        discussion: """
            Each record's prompt (its documents and question in the instruction layout) is the user turn in the \
            model's prompt format; the reply is decoded greedily and the text after its last <ANSWER>: is compared \
            with the record's final answer as loose words (case, punctuation and spacing ignored): "exact" when \
            equal, "contains" when the expected answer appears in it as whole words. Accuracy is reported overall and \
            for records with the oracle present and absent. With --json, one line per record, then a summary line.
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "A RAFT dataset file.")
    var file: String

    @Option(name: .customLong("prompt-format"), help: "The model's prompt format (auto: from its chat template).")
    var promptFormat = "auto"

    @Option(name: .customLong("max-new-tokens"), help: "Most tokens of each reply.")
    var maxNewTokens = 256

    @Option(help: "Evaluate at most this many records.")
    var limit: Int?

    @Flag(help: "Print JSON lines instead of text.")
    var json = false

    func run() throws {
        let raft: RAFTFile
        do { raft = try RAFTFile(path: file) } catch { throw ValidationError("\(error)") }
        guard raft.schema != nil else { throw ValidationError("\(file): not RAFT data") }
        let model = try modelOptions.load()
        let formatter: PromptFormatter
        do {
            formatter = try ExampleBuilder.formatter(promptFormat: promptFormat,
                                                     tokenizerFolder: URL(fileURLWithPath: modelOptions.model))
        } catch {
            throw ValidationError("\(modelOptions.model): \(error)")
        }
        let name = URL(fileURLWithPath: modelOptions.model).lastPathComponent
        let evaluator = RAFTEvaluator(model: EngineTeacher(name: name, model: model, formatter: formatter),
                                      maxTokens: maxNewTokens)
        let evaluation: RAFTEvaluation
        do {
            evaluation = try evaluator.evaluate(raft, limit: limit) { result in
                if json {
                    printJSONLine(["line": result.line, "oracle_present": result.oraclePresent as Any? ?? NSNull(),
                                   "expected": result.expected, "predicted": result.predicted as Any? ?? NSNull(),
                                   "exact": result.match.exact, "contains": result.match.contains])
                } else {
                    let mark = result.match.exact ? "exact" : result.match.contains ? "contains" : "wrong"
                    print("line \(result.line): \(mark) · expected \(result.expected) · got \(result.predicted ?? "(no <ANSWER>)")")
                }
            }
        } catch {
            throw ValidationError("\(error)")
        }
        func summary(_ tally: RAFTEvaluation.Tally) -> [String: Any] {
            ["records": tally.records, "exact": tally.exact, "contains": tally.contains,
             "without_answer": tally.withoutAnswer,
             "exact_accuracy": tally.exactAccuracy as Any? ?? NSNull(),
             "contains_accuracy": tally.containsAccuracy as Any? ?? NSNull()]
        }
        if json {
            printJSONLine(["summary": ["overall": summary(evaluation.overall),
                                       "oracle_present": summary(evaluation.oraclePresent),
                                       "oracle_absent": summary(evaluation.oracleAbsent),
                                       "skipped": evaluation.skipped.count]])
            return
        }
        for (label, tally) in [("overall", evaluation.overall), ("oracle present", evaluation.oraclePresent),
                               ("oracle absent", evaluation.oracleAbsent)] {
            let exact = tally.exactAccuracy.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
            let contains = tally.containsAccuracy.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
            print("\(label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(tally.records) records · exact \(exact) · contains \(contains) · \(tally.withoutAnswer) without <ANSWER>")
        }
        if !evaluation.skipped.isEmpty {
            print("skipped \(evaluation.skipped.count): " + evaluation.skipped.prefix(5).map { "line \($0.line) (\($0.reason))" }.joined(separator: ", "))
        }
    }
}
