/// The seeds of a generation run as the taxonomy file gives them: what kind of data to make, the description that
/// goes into every prompt (a skill's task description, or a knowledge file's domain and document outline), and the
/// hand-written examples the teacher is shown.
public struct SeedSet: Sendable {
    public enum Kind: String, Sendable {
        /// Question/answer pairs about chunks of documents.
        case knowledge
        /// Skill examples without a context: questions, then answers.
        case freeform
        /// Skill examples with a context: contexts, then questions about them, then answers.
        case grounded
    }

    public struct Example: Sendable, Hashable {
        public var context: String?
        public var question: String
        public var answer: String

        public init(context: String?, question: String, answer: String) {
            self.context = context
            self.question = question
            self.answer = answer
        }
    }

    public var kind: Kind
    public var description: String
    public var examples: [Example]

    public init(kind: Kind, description: String, examples: [Example]) {
        self.kind = kind
        self.description = description
        self.examples = examples
    }
}
