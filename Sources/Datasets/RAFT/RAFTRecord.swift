/// One RAFT example, whatever layout it was read from: the question, the documents with their roles, the
/// chain-of-thought answer with its quotes placed in the documents, and the final answer. Built by
/// `RAFTRecordParser`; the oracle is told from the distractors by `RAFTOracleFinder`.
public struct RAFTRecord: Sendable, Hashable {
    /// 0-based row in the file, and the 1-based line where it starts (what reports list).
    public var row: Int
    public var line: Int
    public var schema: RAFTSchema
    public var id: String?
    /// Nil when the record has none (or only whitespace).
    public var question: String?
    public var documents: [RAFTDocument]
    /// Gorilla's `oracle_context`: the chunk the question was written from, whether or not it was kept.
    public var oracleContext: String?
    /// The prompt as the record gives it (`instruction`, `prompt`, the user message), or nil.
    public var instruction: String?
    /// Nil when the record has no chain-of-thought answer (the early schema's `cot_answer: null`).
    public var cotAnswer: String?
    /// The text after `<ANSWER>:` in the CoT answer (nil without the tag, empty when nothing follows it).
    public var answerTag: String?
    /// The early schema's separate `answer` field.
    public var answerField: String?
    public var quotes: [RAFTQuote]
    public var oracleEvidence: RAFTOracleEvidence

    public init(row: Int, line: Int, schema: RAFTSchema, id: String? = nil, question: String?,
                documents: [RAFTDocument], oracleContext: String? = nil, instruction: String? = nil,
                cotAnswer: String?, answerField: String? = nil) {
        self.row = row
        self.line = line
        self.schema = schema
        self.id = id
        self.question = question
        self.documents = documents
        self.oracleContext = oracleContext
        self.instruction = instruction
        self.cotAnswer = cotAnswer
        self.answerField = answerField
        let thought = cotAnswer.map(RAFTChainOfThought.init)
        answerTag = thought?.finalAnswer
        quotes = zip(thought?.quoteTexts ?? [], thought?.quoteRanges ?? []).map { RAFTQuote(text: $0, range: $1) }
        oracleEvidence = .undetermined("not yet matched")
        RAFTOracleFinder.assignRoles(&self)
    }

    /// The answer a model should end with: the `<ANSWER>:` text, else the early schema's `answer`; nil when
    /// neither has any text.
    public var finalAnswer: String? {
        if let tag = answerTag, !tag.isEmpty { return tag }
        if let field = answerField, !field.trimmingWhitespace().isEmpty { return field }
        return nil
    }

    /// Indices of the oracle documents (usually one; several when identical chunks were drawn).
    public var oracleIndices: [Int] { documents.indices.filter { documents[$0].role == .oracle } }

    /// Whether the oracle is among the documents: nil when that cannot be told.
    public var oraclePresent: Bool? {
        if case .undetermined = oracleEvidence { return nil }
        return !oracleIndices.isEmpty
    }

    /// The prompt a model is trained on: the record's own instruction, else gorilla's layout of its documents and
    /// question.
    public var prompt: String {
        instruction ?? RAFTInstruction.build(documents: documents.map(\.text), question: question ?? "")
    }
}
