import Foundation

/// The prompt layout gorilla's RAFT trains with: each document in `<DOCUMENT>…</DOCUMENT>` followed by a newline,
/// then the question. The `instruction` field, the completion export's `prompt` and the chat export's user message
/// all hold it; reading it back is how documents are recovered from the exports.
public enum RAFTInstruction {
    static let open = "<DOCUMENT>"
    static let close = "</DOCUMENT>"

    /// Whether the text holds at least one document block.
    public static func containsDocuments(_ text: String) -> Bool {
        text.contains(open) && text.contains(close)
    }

    /// The documents and the question of an instruction. Text after the last `</DOCUMENT>` is the question; a
    /// block left open runs to the end of the text and leaves no question.
    public static func parse(_ text: String) -> (documents: [String], question: String) {
        var documents: [String] = []
        var rest = text[...]
        var question = text[...]
        while let start = rest.range(of: open) {
            let body = rest[start.upperBound...]
            guard let end = body.range(of: close) else {
                documents.append(String(body))
                return (documents, "")
            }
            documents.append(String(body[..<end.lowerBound]))
            rest = body[end.upperBound...]
            question = rest
        }
        return (documents, question.trimmingWhitespace())
    }

    /// Writes the layout as gorilla's `raft.py` does.
    public static func build(documents: [String], question: String) -> String {
        documents.map { open + $0 + close + "\n" }.joined() + question
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
