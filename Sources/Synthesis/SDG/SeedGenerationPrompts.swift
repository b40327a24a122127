import Foundation
import Tokenizers

/// What the generator asks its teacher, in the spirit of InstructLab's SDG pipelines (written for Loom): tagged
/// examples in, tagged output asked for, and parsers that read a small teacher's looser output too (tags in any case,
/// `Question:` labels, numbered lines).
public enum SeedGenerationPrompts {
    static let system = ChatMessage(role: "system", content: "You write high-quality training data for a language model. Follow the format asked for exactly.")

    static func examplesBlock(_ examples: [SeedSet.Example], context: Bool) -> String {
        var blocks: [String] = []
        for example in examples {
            var block = ""
            if context, let text = example.context { block += "[Context]\n\(text)\n" }
            block += "[Question]\n\(example.question)\n[Answer]\n\(example.answer)\n[End]"
            blocks.append(block)
        }
        return blocks.joined(separator: "\n\n")
    }

    public static func questions(task: String, examples: [SeedSet.Example], count: Int, context: String?) -> [ChatMessage] {
        let about = context.map { "Context:\n\($0)\n\nWrite \(count) new questions about this context" } ?? "Write \(count) new questions"
        return [system, ChatMessage(role: "user", content: """
            Task: \(task)

            Examples:
            \(examplesBlock(examples, context: context != nil))

            \(about) for this task, different from the examples. Start each with [Question] on its own line and \
            write nothing else.
            """)]
    }

    public static func answer(task: String, examples: [SeedSet.Example], question: String, context: String?) -> [ChatMessage] {
        [system, ChatMessage(role: "user", content: """
            Task: \(task)

            Examples:
            \(examplesBlock(examples, context: context != nil))

            \(context.map { "[Context]\n\($0)\n" } ?? "")[Question]
            \(question)
            Write the answer after [Answer], in the style of the examples, and end with [End].
            """)]
    }

    public static func context(task: String, examples: [SeedSet.Example]) -> [ChatMessage] {
        let shown = examples.compactMap(\.context).map { "[Context]\n\($0)" }.joined(separator: "\n\n")
        return [system, ChatMessage(role: "user", content: """
            Task: \(task)

            Example contexts:
            \(shown)

            Write one new context of the same kind and length, on a different subject. Start it with [Context] and \
            write nothing else.
            """)]
    }

    public static func knowledgePairs(domain: String, chunk: String, examples: [SeedSet.Example], count: Int) -> [ChatMessage] {
        [system, ChatMessage(role: "user", content: """
            Domain: \(domain)

            Examples of questions and answers from other parts of the documents:
            \(examplesBlock(examples, context: false))

            Document:
            \(chunk)

            Write \(count) questions about the document above with their answers, in the style of the examples. \
            Answer only with what the document says. Write each as [Question] … [Answer] … [End].
            """)]
    }

    // MARK: Judges

    public static func faithfulness(context: String, question: String, answer: String) -> [ChatMessage] {
        [system, ChatMessage(role: "user", content: """
            Document:
            \(context)

            Question: \(question)
            Answer: \(answer)

            Is everything the answer says supported by the document? Reply YES or NO.
            """)]
    }

    public static func relevancy(question: String, answer: String) -> [ChatMessage] {
        [system, ChatMessage(role: "user", content: """
            Question: \(question)
            Answer: \(answer)

            Does the answer respond to the question, directly and completely? Reply YES or NO.
            """)]
    }

    public static func questionQuality(task: String, question: String, context: String?) -> [ChatMessage] {
        [system, ChatMessage(role: "user", content: """
            Task: \(task)
            \(context.map { "Context:\n\($0)\n" } ?? "")
            Question: \(question)

            Is this a clear, answerable question that fits the task\(context == nil ? "" : " and the context")? \
            Reply YES or NO.
            """)]
    }

    public static func pairRating(task: String, question: String, answer: String, context: String?) -> [ChatMessage] {
        [system, ChatMessage(role: "user", content: """
            Task: \(task)
            \(context.map { "Context:\n\($0)\n" } ?? "")
            Question: \(question)
            Answer: \(answer)

            Rate the answer from 1 (wrong or unhelpful) to 3 (correct, complete and in the task's style). Reply with \
            the number only.
            """)]
    }

    // MARK: Reading replies

    /// Text after a tag (`[Context]`, `[Answer]`), cut at `[End]` or the next tag; the whole reply when untagged.
    static func tagged(_ reply: String, tag: String) -> String {
        var text = reply
        if let range = text.range(of: "[\(tag)]", options: .caseInsensitive) { text = String(text[range.upperBound...]) }
        for end in ["[End]", "[Question]", "[Answer]", "[Context]"] where end.lowercased() != "[\(tag.lowercased())]" {
            if let range = text.range(of: end, options: .caseInsensitive) { text = String(text[..<range.lowerBound]) }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The questions of a reply: `[Question]` blocks when there are any, else one per line (numbering and bullets
    /// removed, as RAFT's parser does).
    static func parseQuestions(_ reply: String, limit: Int) -> [String] {
        let blocks = reply.replacingOccurrences(of: "[Question]", with: "[Question]", options: .caseInsensitive)
            .components(separatedBy: "[Question]").dropFirst()
            .map { tagged("[Question]" + $0, tag: "Question") }.filter { !$0.isEmpty }
        if !blocks.isEmpty { return Array(blocks.prefix(limit)) }
        return RAFTTeacherPrompts.parseQuestions(reply, limit: limit)
    }

    /// Question/answer pairs: `[Question] … [Answer] … [End]` or `Question: … Answer: …`. Pieces with a question
    /// and no answer come back as `unparsed`.
    static func parsePairs(_ reply: String) -> (pairs: [(question: String, answer: String)], unparsed: [String]) {
        var text = reply
        for tag in ["[Question]", "[Answer]", "[End]"] {
            text = text.replacingOccurrences(of: tag, with: tag, options: .caseInsensitive)
        }
        for (label, tag) in [("Question:", "[Question]"), ("Answer:", "[Answer]"), ("Q:", "[Question]"), ("A:", "[Answer]")] {
            text = text.replacingOccurrences(of: "\n" + label, with: "\n" + tag)
            if text.hasPrefix(label) { text = tag + text.dropFirst(label.count) }
        }
        var pairs: [(question: String, answer: String)] = []
        var unparsed: [String] = []
        for block in text.components(separatedBy: "[Question]").dropFirst() {
            let parts = block.components(separatedBy: "[Answer]")
            let question = tagged("[Question]" + parts[0], tag: "Question")
            let answer = parts.count > 1 ? tagged("[Answer]" + parts[1], tag: "Answer") : ""
            if question.isEmpty || answer.isEmpty {
                unparsed.append(block.trimmingCharacters(in: .whitespacesAndNewlines))
            } else {
                pairs.append((question, answer))
            }
        }
        if pairs.isEmpty && unparsed.isEmpty && !reply.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            unparsed.append(reply.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return (pairs, unparsed)
    }

    /// A judge's verdict: true for YES, false for NO, nil when the reply says neither.
    static func verdict(_ reply: String) -> Bool? {
        for word in reply.lowercased().split(whereSeparator: { !$0.isLetter }) {
            if word == "yes" { return true }
            if word == "no" { return false }
        }
        return nil
    }

    /// A rating from 1 to 3, or nil.
    static func rating(_ reply: String) -> Int? {
        reply.first(where: { ("1"..."3").contains($0) }).flatMap { Int(String($0)) }
    }
}
