import Datasets
import Tokenizers

/// Asks a model each record's question with its documents, in the instruction layout it would be trained on, and
/// compares the `<ANSWER>` part of the reply with the record's final answer. The model is anything that replies to
/// a conversation (`Teacher`): the engine with a fine-tuned adapter, or a fake in tests.
public struct RAFTEvaluator {
    public let model: any Teacher
    public var maxTokens: Int

    public init(model: any Teacher, maxTokens: Int = 256) {
        self.model = model
        self.maxTokens = maxTokens
    }

    /// Evaluates every record of `file` (at most `limit`), calling `onResult` as each is scored.
    public func evaluate(_ file: RAFTFile, limit: Int? = nil,
                         onResult: (RAFTEvaluation.Result) -> Void = { _ in }) throws -> RAFTEvaluation {
        var evaluation = RAFTEvaluation()
        var seen = 0
        var failure: Error?
        try file.dataset.forEachRecord { row in
            guard failure == nil, limit.map({ seen < $0 }) ?? true else { return }
            seen += 1
            let record: RAFTRecord
            switch RAFTFile.parse(row, schema: file.schema, path: file.path) {
            case .failure(let error):
                evaluation.skip(line: error.line, reason: error.problem)
                return
            case .success(let value):
                record = value
            }
            guard let expected = record.finalAnswer else {
                evaluation.skip(line: record.line, reason: "no final answer to compare with")
                return
            }
            guard !record.documents.isEmpty, record.question != nil else {
                evaluation.skip(line: record.line, reason: "no question or documents")
                return
            }
            do {
                let reply = try model.reply(to: [ChatMessage(role: "user", content: record.prompt)], maxTokens: maxTokens)
                let predicted = RAFTChainOfThought(reply).finalAnswer
                let result = RAFTEvaluation.Result(line: record.line, oraclePresent: record.oraclePresent,
                                                   expected: expected, predicted: predicted,
                                                   match: RAFTAnswerMatch(predicted: predicted, expected: expected))
                evaluation.add(result)
                onResult(result)
            } catch let error as TeacherError {
                // A record the model cannot take (longer than its context) is reported, not fatal.
                evaluation.skip(line: record.line, reason: error.problem)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return evaluation
    }
}
