import Foundation
import Tokenizers

/// What the builder asks its teacher, in the spirit of gorilla's prompts: questions answerable from a chunk in a few
/// words, then a step-by-step answer that copies what it uses between `##begin_quote##` and `##end_quote##` and
/// ends in `<ANSWER>: …`.
public enum RAFTTeacherPrompts {
    public static func questions(about chunk: RAFTChunk, count: Int) -> [ChatMessage] {
        let subject = chunk.kind == .api ? "the API described in the context" : "the context"
        return [
            ChatMessage(role: "system", content: """
                You write question-answer training data. Given a chunk of text, write \(count) questions a user \
                could ask that are answered by information in the chunk.
                """),
            ChatMessage(role: "user", content: """
                Context: \(chunk.text)
                Write \(count) questions about \(subject), one per line, each answerable in a few words. \
                Write only the questions.
                """),
        ]
    }

    public static func answer(_ question: String, from chunk: RAFTChunk) -> [ChatMessage] {
        [
            ChatMessage(role: "system", content: "You answer questions from the context given, step by step."),
            ChatMessage(role: "user", content: """
                Question: \(question)
                Context: \(chunk.text)
                Answer the question with the information in the context above.
                - First reason step by step about how to answer.
                - When you copy text from the context, put it between ##begin_quote## and ##end_quote##; text \
                outside them is your own words.
                - End with the final answer as <ANSWER>: $answer, in a few words.
                """),
        ]
    }

    /// The questions of a teacher's reply: one per line, numbering and bullets removed, lines with a question mark
    /// preferred, repeats dropped, at most `limit`.
    public static func parseQuestions(_ reply: String, limit: Int) -> [String] {
        var lines: [String] = []
        for raw in reply.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            while let first = line.first, first.isNumber || "-*•.)#:".contains(first) || first == " " {
                line.removeFirst()
            }
            if line.lowercased().hasPrefix("q:") { line = String(line.dropFirst(2)) }
            line = line.trimmingCharacters(in: .whitespaces)
            if !line.isEmpty && !lines.contains(line) { lines.append(line) }
        }
        let asked = lines.filter { $0.contains("?") }
        return Array((asked.isEmpty ? lines : asked).prefix(limit))
    }
}
