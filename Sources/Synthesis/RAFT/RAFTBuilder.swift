import Datasets
import Engine
import Foundation

/// Builds RAFT data as gorilla's `raft.py` does: for each chunk, the teacher writes questions, then a chain-of-thought
/// answer to each quoting the chunk; each record gets D distractor chunks drawn from the others, keeps the oracle
/// with probability P (else one more distractor takes its place), is shuffled, and is written in gorilla's schema.
///
/// A weak teacher's output is still checked with the validator's own reading of the record: one without a final
/// answer, or quoting something that is not in its oracle, is written to `OUT.rejected.jsonl` with the reason
/// instead of the dataset. Records are appended chunk by chunk and the build's notes (`RAFTBuildNotes`) record each
/// chunk done, so a stopped build resumes where it was. Each chunk draws from its own generator seeded by the seed
/// and the chunk's index: the same seed and the same teacher replies give the same file, resumed or not.
public final class RAFTBuilder {
    public let chunks: [RAFTChunk]
    public let options: RAFTBuildOptions
    public let teacher: any Teacher

    public init(chunks: [RAFTChunk], options: RAFTBuildOptions, teacher: any Teacher) {
        self.chunks = chunks.enumerated().map { index, chunk in
            var chunk = chunk
            chunk.index = index
            return chunk
        }
        self.options = options
        self.teacher = teacher
    }

    /// Where records set aside go: `OUT.rejected.jsonl` beside `OUT`.
    public static func rejectedURL(for output: URL) -> URL {
        let name = output.deletingPathExtension().lastPathComponent
        return output.deletingLastPathComponent().appendingPathComponent(name + ".rejected.jsonl")
    }

    /// Builds into `output`, resuming an earlier run of the same build. `progress` is called after every chunk;
    /// `shouldStop` is asked between chunks. Returns where the build ended.
    @discardableResult
    public func build(output: URL, progress: (RAFTBuildProgress) -> Void = { _ in },
                      shouldStop: () -> Bool = { false }) throws(RAFTBuildError) -> RAFTBuildProgress {
        let header = RAFTBuildNotes.header(options: options, chunks: chunks.count, teacher: teacher.name)
        var notes = try RAFTBuildNotes(output: output, header: header)
        let rejectedURL = Self.rejectedURL(for: output)
        let start = Date()
        var state = RAFTBuildProgress(chunksDone: notes.doneChunks.count, chunksTotal: chunks.count,
                                      chunksSkipped: notes.doneChunks.count, accepted: notes.accepted,
                                      rejected: notes.rejected, elapsed: 0)
        progress(state)
        for chunk in chunks where !notes.doneChunks.contains(chunk.index) {
            if shouldStop() { break }
            let made = makeRecords(for: chunk)
            if !made.accepted.isEmpty {
                try RAFTBuildNotes.append(made.accepted.map { $0 + "\n" }.joined(), to: output)
            } else if !FileManager.default.fileExists(atPath: output.path) {
                _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            }
            if !made.rejected.isEmpty {
                try RAFTBuildNotes.append(made.rejected.map { $0 + "\n" }.joined(), to: rejectedURL)
            }
            try notes.markDone(chunk: chunk.index, accepted: made.accepted.count, rejected: made.rejected.count)
            state.chunksDone += 1
            state.accepted += made.accepted.count
            state.rejected += made.rejected.count
            state.elapsed = Date().timeIntervalSince(start)
            progress(state)
        }
        return state
    }

    /// The JSON lines made from one chunk: records kept, and lines set aside with a `reason`.
    public func makeRecords(for chunk: RAFTChunk) -> (accepted: [String], rejected: [String]) {
        var generator = SeededGenerator(seed: options.seed &+ UInt64(chunk.index) &* 0x9E37_79B9_7F4A_7C15)
        var accepted: [String] = []
        var rejected: [String] = []
        let questions: [String]
        do {
            let reply = try teacher.reply(to: RAFTTeacherPrompts.questions(about: chunk, count: options.questionsPerChunk),
                                          maxTokens: options.maxQuestionTokens)
            questions = RAFTTeacherPrompts.parseQuestions(reply, limit: options.questionsPerChunk)
        } catch {
            return ([], [Self.failure(chunk: chunk, question: nil, reason: "\(error)")])
        }
        if questions.isEmpty {
            return ([], [Self.failure(chunk: chunk, question: nil, reason: "the teacher wrote no questions")])
        }
        for (number, question) in questions.enumerated() {
            // Documents are drawn before the teacher answers, so a failed answer does not shift later draws.
            let documents = drawDocuments(for: chunk, using: &generator)
            let cot: String
            do {
                cot = try teacher.reply(to: RAFTTeacherPrompts.answer(question, from: chunk),
                                        maxTokens: options.maxAnswerTokens)
            } catch {
                rejected.append(Self.failure(chunk: chunk, question: question, reason: "\(error)"))
                continue
            }
            let value = Self.record(id: "raft_\(chunk.index)_\(number)", chunk: chunk, question: question,
                                    documents: documents, cot: cot, chunks: chunks)
            if let reason = Self.rejectionReason(value) {
                guard case .object(let members) = value else { continue }
                rejected.append(JSONFormatter.compact(.object(members + [JSONMember("reason", .string(reason))])))
            } else {
                accepted.append(JSONFormatter.compact(value))
            }
        }
        return (accepted, rejected)
    }

    /// Indices of the record's documents in shown order: the oracle (kept with probability P) and D others.
    func drawDocuments(for chunk: RAFTChunk, using generator: inout SeededGenerator) -> [Int] {
        var others = chunks.indices.filter { $0 != chunk.index }
        var documents = [chunk.index]
        for _ in 0..<min(options.distractors, others.count) {
            documents.append(others.remove(at: Int(generator.next() % UInt64(others.count))))
        }
        let draw = Double(generator.next() >> 11) / Double(UInt64(1) << 53)
        if draw >= options.p {
            if others.isEmpty {
                documents.removeFirst()
            } else {
                documents[0] = others.remove(at: Int(generator.next() % UInt64(others.count)))
            }
        }
        // Fisher–Yates with the chunk's generator: the same seed gives the same order on every platform.
        var i = documents.count - 1
        while i > 0 {
            let j = Int(generator.next() % UInt64(i + 1))
            documents.swapAt(i, j)
            i -= 1
        }
        return documents
    }

    /// A record in gorilla's schema, keys in gorilla's order.
    static func record(id: String, chunk: RAFTChunk, question: String, documents: [Int], cot: String,
                       chunks: [RAFTChunk]) -> JSONValue {
        let texts = documents.map { chunks[$0].text }
        return .object([
            JSONMember("id", .string(id)),
            JSONMember("type", .string(chunk.kind == .api ? "api call" : "general")),
            JSONMember("question", .string(question)),
            JSONMember("context", .object([
                JSONMember("title", .array([.array(texts.map { _ in .string("placeholder_title") })])),
                JSONMember("sentences", .array([.array(texts.map(JSONValue.string))])),
            ])),
            JSONMember("oracle_context", .string(chunk.text)),
            JSONMember("cot_answer", .string(cot)),
            JSONMember("instruction", .string(RAFTInstruction.build(documents: texts, question: question))),
        ])
    }

    /// Why a made record is not kept (read back as the validator reads it), or nil.
    static func rejectionReason(_ value: JSONValue) -> String? {
        guard let record = try? RAFTRecordParser.parse(value, schema: .gorilla, row: 0, line: 0) else {
            return "the record cannot be read back"
        }
        if record.finalAnswer == nil { return "no <ANSWER>: in the teacher's answer" }
        if let stray = record.quotes.first(where: { $0.placement != .oracle && $0.placement != .oracleLeftOut }) {
            return "a quote that is not in the oracle: \"\(stray.text.prefix(80))\""
        }
        return nil
    }

    static func failure(chunk: RAFTChunk, question: String?, reason: String) -> String {
        JSONFormatter.compact(.object([
            JSONMember("chunk", .number(String(chunk.index))),
            JSONMember("source", .string(chunk.source)),
            JSONMember("question", question.map(JSONValue.string) ?? .null),
            JSONMember("reason", .string(reason)),
        ]))
    }
}
