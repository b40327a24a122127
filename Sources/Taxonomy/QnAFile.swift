/// What a qna.yaml holds, read leniently enough to show and generate from even when it breaks a rule (the rules are
/// `QnAValidator`'s job): the kind, version, descriptions and the seed examples with the lines they start on.
public struct QnAFile: Sendable {
    public enum Kind: String, Sendable {
        case knowledge
        case compositionalSkill = "compositional_skill"
    }

    public var kind: Kind
    public var version: Int
    public var createdBy: String?
    public var domain: String?
    public var taskDescription: String?
    public var documentOutline: String?
    public var document: KnowledgeDocument?
    public var seeds: [QnASeed]

    /// A compositional skill with contexts is grounded (generation writes contexts first); without, freeform.
    public var isGrounded: Bool { kind == .compositionalSkill && seeds.contains { $0.context != nil } }
}

/// Where a knowledge file's documents live: a Git repository, a commit and glob patterns.
public struct KnowledgeDocument: Sendable, Hashable {
    public var repo: String?
    public var commit: String?
    public var patterns: [String]
}

/// One seed example: a context (knowledge, grounded skills) and its question/answer pairs (a skill has one).
public struct QnASeed: Sendable, Hashable {
    public var context: String?
    public var pairs: [QnAPair]
    /// The line the seed example starts on (1-based).
    public var line: Int
}

public struct QnAPair: Sendable, Hashable {
    public var question: String
    public var answer: String
    public var line: Int
}
