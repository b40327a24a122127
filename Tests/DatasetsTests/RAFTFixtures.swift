import Foundation
@testable import Datasets

/// Crafted RAFT rows for the reader and validator tests: three short documents about rivers and mountains, and
/// builders for a gorilla row, its completion and chat exports, written as JSON lines.
enum RAFTFixtures {
    static let nile = "The Nile is the longest river in Africa.\nIt flows north  into the Mediterranean Sea."
    static let kilimanjaro = "Mount Kilimanjaro is the highest mountain in Africa. It is a dormant volcano."
    static let sahara = "The Sahara is the largest hot desert. The Nile crosses its eastern part."

    /// A gorilla-schema row; `oracle` is `oracle_context`, `cot` may be nil (JSON null).
    static func gorilla(id: String = "seed_task_0", question: String?, documents: [String], oracle: String?,
                        cot: String?, withInstruction: Bool = true, titles: [String]? = nil) -> String {
        var object: [String: Any] = [
            "id": id, "type": "general",
            "question": question ?? NSNull(),
            "context": ["title": [titles ?? Array(repeating: "placeholder_title", count: documents.count)],
                        "sentences": [documents]],
            "oracle_context": oracle ?? NSNull(),
            "cot_answer": cot ?? NSNull(),
        ]
        if withInstruction {
            object["instruction"] = RAFTInstruction.build(documents: documents, question: question ?? "")
        }
        return line(object)
    }

    /// A row of gorilla's completion export.
    static func completion(documents: [String], question: String, cot: String) -> String {
        line(["prompt": RAFTInstruction.build(documents: documents, question: question), "completion": cot + "<STOP>"])
    }

    /// A row of gorilla's chat export, with a system prompt.
    static func chat(documents: [String], question: String, cot: String) -> String {
        line(["messages": [["role": "system", "content": "Answer from the documents."],
                           ["role": "user", "content": RAFTInstruction.build(documents: documents, question: question)],
                           ["role": "assistant", "content": cot]]])
    }

    static func line(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A CoT answer quoting `quotes` and ending in `<ANSWER>: answer` (no tag when `answer` is nil).
    static func cot(quoting quotes: [String], answer: String?) -> String {
        var text = "##Reason: The documents say "
        text += quotes.map { "##begin_quote## \($0) ##end_quote##" }.joined(separator: " and ")
        text += ", so the answer follows."
        if let answer { text += " <ANSWER>: \(answer)" }
        return text
    }

    /// Writes rows to a JSONL file and opens it as RAFT data.
    static func file(_ rows: [String], in folder: TestFolder, name: String = "raft.jsonl",
                     schema: RAFTSchema? = nil) throws -> RAFTFile {
        let url = try folder.write(name, rows.joined(separator: "\n") + "\n")
        let file = try RAFTFile(path: url.path, schema: schema)
        file.dataset.waitUntilIndexed(timeout: 30)
        return file
    }

    /// The shared early-schema data, or nil (the tests then skip with a message).
    static func sharedFile(_ name: String) -> String? {
        let candidates = ["/work/shared/data/raft/" + name,
                          FileManager.default.currentDirectoryPath + "/../shared/data/raft/" + name,
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
                              + "/../../../shared/data/raft/" + name]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}

extension RAFTFile {
    /// Every row as a record; fails the test on an error row.
    func allRecords() throws -> [RAFTRecord] {
        try (0..<rowCount).map { try record(at: $0).get() }
    }
}
