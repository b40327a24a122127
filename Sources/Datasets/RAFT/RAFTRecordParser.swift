/// Reads one row (a JSON value) as a RAFT record in a given schema. Fields that are absent or null become nil and
/// are flagged by the validator; fields of the wrong kind (a number where text belongs) are errors naming the field,
/// because a checker cannot guess what was meant.
public enum RAFTRecordParser {
    public static func parse(_ value: JSONValue, schema: RAFTSchema, row: Int, line: Int,
                             path: String? = nil) throws(RAFTRecordError) -> RAFTRecord {
        func fail(_ field: String?, _ problem: String) -> RAFTRecordError {
            RAFTRecordError(path: path, line: line, field: field, problem: problem)
        }
        guard case .object = value else { throw fail(nil, "expected a JSON object, found \(value.kind.rawValue)") }
        func text(_ field: String, in object: JSONValue? = nil) throws(RAFTRecordError) -> String? {
            switch (object ?? value)[field] {
            case nil, .null?: return nil
            case .string(let string)?: return string
            case .number(let number)?: return number
            case let other?: throw fail(field, "expected text, found \(other.kind.rawValue)")
            }
        }
        func nonBlank(_ string: String?) -> String? {
            guard let string, !string.trimmingWhitespace().isEmpty else { return nil }
            return string
        }

        switch schema {
        case .gorilla, .early:
            let instruction = try text("instruction")
            var documents = try contextDocuments(value["context"], fail: fail)
            var question = nonBlank(try text("question"))
            if let instruction {
                let parsed = RAFTInstruction.parse(instruction)
                if documents == nil, !parsed.documents.isEmpty {
                    documents = parsed.documents.map { RAFTDocument(title: "", text: $0) }
                }
                if question == nil { question = nonBlank(parsed.question) }
            }
            return RAFTRecord(row: row, line: line, schema: schema, id: try text("id"), question: question,
                              documents: documents ?? [], oracleContext: try text("oracle_context"),
                              instruction: instruction, cotAnswer: try text("cot_answer"),
                              answerField: try text("answer"))
        case .completion:
            let prompt = try text("prompt")
            return exported(prompt: prompt, completion: try text("completion"), schema: schema, row: row, line: line)
        case .chat:
            guard case .array(let messages)? = value["messages"] else {
                if value["messages"] == nil { return exported(prompt: nil, completion: nil, schema: schema, row: row, line: line) }
                throw fail("messages", "expected an array of {role, content} messages")
            }
            var prompt: String?
            var completion: String?
            for (index, message) in messages.enumerated() {
                let field = "messages[\(index)]"
                guard case .object = message else { throw fail(field, "expected a {role, content} object") }
                guard let role = message["role"]?.stringValue else { throw fail(field + ".role", "expected text") }
                let content: String?
                switch message["content"] {
                case .string(let string)?: content = string
                case nil, .null?: content = nil
                case let other?: throw fail(field + ".content", "expected text, found \(other.kind.rawValue)")
                }
                if role == "user", prompt == nil { prompt = content }
                if role == "assistant", completion == nil { completion = content }
            }
            return exported(prompt: prompt, completion: completion, schema: schema, row: row, line: line)
        }
    }

    /// A record of the completion or chat export: documents and question are read back from the prompt.
    static func exported(prompt: String?, completion: String?, schema: RAFTSchema, row: Int, line: Int) -> RAFTRecord {
        let parsed = prompt.map(RAFTInstruction.parse)
        let question = parsed?.question.trimmingWhitespace()
        return RAFTRecord(row: row, line: line, schema: schema, question: question?.isEmpty == false ? question : nil,
                          documents: (parsed?.documents ?? []).map { RAFTDocument(title: "", text: $0) },
                          instruction: prompt, cotAnswer: completion)
    }

    /// Gorilla's `context`: `{"title": [[t, …]], "sentences": [[d, …]]}` — each inner string of `sentences` is one
    /// document, titled by the string at the same place in `title`. Nil when there is no context.
    static func contextDocuments(_ context: JSONValue?,
                                 fail: (String?, String) -> RAFTRecordError) throws(RAFTRecordError) -> [RAFTDocument]? {
        guard let context, context != .null else { return nil }
        guard case .object = context else { throw fail("context", "expected {title, sentences}, found \(context.kind.rawValue)") }
        guard let sentences = context["sentences"], sentences != .null else { return nil }
        guard let texts = flattenStrings(sentences) else {
            throw fail("context.sentences", "expected an array of arrays of text")
        }
        let titles = context["title"].flatMap(flattenStrings) ?? []
        return texts.enumerated().map { index, text in
            RAFTDocument(title: index < titles.count ? titles[index] : "", text: text)
        }
    }

    /// The strings of a value nested at most two arrays deep, in order; nil when anything else is found.
    static func flattenStrings(_ value: JSONValue) -> [String]? {
        switch value {
        case .string(let string): return [string]
        case .array(let items):
            var result: [String] = []
            for item in items {
                switch item {
                case .string(let string): result.append(string)
                case .array(let inner):
                    for element in inner {
                        guard case .string(let string) = element else { return nil }
                        result.append(string)
                    }
                default: return nil
                }
            }
            return result
        default: return nil
        }
    }
}
