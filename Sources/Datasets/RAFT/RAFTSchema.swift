/// The record layouts RAFT data is found in. Gorilla's `raft.py` writes `gorilla`; its first release wrote `early`
/// (no `oracle_context` or `instruction`, `cot_answer` possibly null, the short answer in `answer`); its `format.py`
/// exports `completion` (`prompt` / `completion`) and `chat` (`messages`) files for fine-tuning services.
public enum RAFTSchema: String, Sendable, Hashable, CaseIterable {
    case gorilla
    case early
    case completion
    case chat

    /// What the schema is, in a few words, for reports and the inspector.
    public var summary: String {
        switch self {
        case .gorilla: return "gorilla (question, context, oracle_context, cot_answer, instruction)"
        case .early: return "early gorilla (question, context, answer, cot_answer)"
        case .completion: return "completion export (prompt, completion)"
        case .chat: return "chat export (messages)"
        }
    }

    /// The schema a record's keys imply, or nil when the record is not RAFT data. The exports are recognised only
    /// when their prompt holds `<DOCUMENT>` blocks, so that an ordinary chat or completion file is not taken for one.
    public static func detect(_ value: JSONValue) -> RAFTSchema? {
        guard case .object = value else { return nil }
        if value["question"] != nil || value["context"] != nil {
            guard value["context"] != nil || value["instruction"] != nil else { return nil }
            if value["oracle_context"] != nil || value["instruction"] != nil { return .gorilla }
            return .early
        }
        if let prompt = value["prompt"]?.stringValue, value["completion"] != nil {
            return RAFTInstruction.containsDocuments(prompt) ? .completion : nil
        }
        if case .array(let messages)? = value["messages"] {
            let user = messages.first { $0["role"]?.stringValue == "user" }?["content"]?.stringValue
            return user.map(RAFTInstruction.containsDocuments) == true ? .chat : nil
        }
        return nil
    }

    /// The schema named on a command line (`gorilla`, `early`, `completion`, `chat`), or nil.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}
