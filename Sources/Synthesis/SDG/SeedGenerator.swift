import Datasets
import Engine
import Foundation
import Tokenizers

/// Generates training data from taxonomy seeds with a teacher, as InstructLab's SDG does, and shows its work:
/// knowledge files get question/answer pairs per document chunk; freeform skills get questions, then answers;
/// grounded skills get a context, questions about it, then answers. Every pair then meets the judges (faithfulness to
/// the context, relevancy, question quality, or a 1–3 rating for skills) and the duplicate check, and is kept in
/// `DIR/generated.jsonl` as `messages` a run config trains on, or set aside in `DIR/rejected.jsonl` with the reason.
/// Output a small teacher could not be read as asked is counted and set aside with its text.
///
/// The run is a list of tasks (one prompt each); task i shows the teacher examples drawn with a generator seeded by
/// the seed and i, so the same seed and teacher replies give the same files. Tasks are appended as they finish, and
/// the notes beside the output let a stopped run resume where it was.
public final class SeedGenerator {
    public let seeds: SeedSet
    public let chunks: [String]
    public let options: SeedGenerationOptions
    public let teacher: any Teacher

    /// `chunks` are the knowledge documents cut to size (unused for skills).
    public init(seeds: SeedSet, chunks: [String] = [], options: SeedGenerationOptions, teacher: any Teacher) {
        self.seeds = seeds
        self.chunks = chunks
        self.options = options
        self.teacher = teacher
    }

    public static func acceptedURL(in folder: URL) -> URL { folder.appendingPathComponent("generated.jsonl") }
    public static func rejectedURL(in folder: URL) -> URL { folder.appendingPathComponent("rejected.jsonl") }

    struct TaskResult {
        var accepted: [String] = []
        var rejected: [String] = []
        var unparsed = 0
    }

    var header: String {
        JSONFormatter.compact(.object([
            JSONMember("loom_sdg_generate", .number("1")),
            JSONMember("kind", .string(seeds.kind.rawValue)),
            JSONMember("seed", .number(String(options.seed))),
            JSONMember("count", .number(String(options.count))),
            JSONMember("examples", .number(String(options.examplesPerPrompt))),
            JSONMember("questions", .number(String(options.questionsPerPrompt))),
            JSONMember("chunk_size", .number(String(options.chunkSize))),
            JSONMember("chunks", .number(String(chunks.count))),
            JSONMember("judges", .bool(options.judges)),
            JSONMember("teacher", .string(teacher.name)),
        ]))
    }

    /// Runs (or resumes) the generation into `folder`. `progress` is called after every task; `shouldStop` is asked
    /// between tasks.
    @discardableResult
    public func generate(into folder: URL, progress: (SeedGenerationProgress) -> Void = { _ in },
                         shouldStop: () -> Bool = { false }) throws(RAFTBuildError) -> SeedGenerationProgress {
        if seeds.kind == .knowledge && chunks.isEmpty {
            throw RAFTBuildError(path: folder.path, problem: "a knowledge file needs its documents (--document FILE…)")
        }
        guard !seeds.examples.isEmpty else { throw RAFTBuildError(path: folder.path, problem: "the file has no seed examples") }
        let output = Self.acceptedURL(in: folder)
        var notes = try RAFTBuildNotes(output: output, header: header)
        var duplicates = NearDuplicates(threshold: options.nearDuplicateThreshold)
        if let earlier = try? String(contentsOf: output, encoding: .utf8) {
            for line in earlier.split(separator: "\n") {
                if let question = (try? JSONParser.parse(String(line)))?.value(atPath: ["loom_sdg", "question"])?.stringValue {
                    _ = duplicates.check(question)
                }
            }
        }
        let total = options.plannedTasks(chunks: chunks.count)
        let start = Date()
        var state = SeedGenerationProgress(tasksDone: notes.doneChunks.count, tasksTotal: total,
                                           tasksSkipped: notes.doneChunks.count, accepted: notes.accepted,
                                           rejected: notes.rejected, unparsed: 0, target: options.count, elapsed: 0)
        state.acceptedAtStart = notes.accepted
        progress(state)
        for task in 0..<total where !notes.doneChunks.contains(task) {
            if state.accepted >= options.count || shouldStop() { break }
            var result = run(task: task, duplicates: &duplicates)
            let room = options.count - state.accepted
            if result.accepted.count > room {
                // Only what the target needs is kept; the rest is set aside so that a rerun does not grow the file.
                for line in result.accepted[room...] {
                    result.rejected.append(Self.reason(line, "over the target of \(options.count) rows"))
                }
                result.accepted.removeSubrange(room...)
            }
            try RAFTBuildNotes.append(result.accepted.map { $0 + "\n" }.joined(), to: output)
            if !result.rejected.isEmpty {
                try RAFTBuildNotes.append(result.rejected.map { $0 + "\n" }.joined(), to: Self.rejectedURL(in: folder))
            }
            try notes.markDone(chunk: task, accepted: result.accepted.count, rejected: result.rejected.count)
            state.tasksDone += 1
            state.accepted += result.accepted.count
            state.rejected += result.rejected.count
            state.unparsed += result.unparsed
            state.elapsed = Date().timeIntervalSince(start)
            progress(state)
        }
        return state
    }

    // MARK: One task

    func run(task: Int, duplicates: inout NearDuplicates) -> TaskResult {
        var generator = SeededGenerator(seed: options.seed &+ UInt64(task) &* 0x9E37_79B9_7F4A_7C15)
        let examples = pick(using: &generator)
        var result = TaskResult()
        var candidates: [(context: String?, question: String, answer: String)] = []
        do {
            switch seeds.kind {
            case .knowledge:
                let chunk = chunks[task % chunks.count]
                let reply = try teacher.reply(to: SeedGenerationPrompts.knowledgePairs(
                    domain: seeds.description, chunk: chunk, examples: examples, count: options.questionsPerPrompt),
                    maxTokens: options.maxTokens * options.questionsPerPrompt)
                let parsed = SeedGenerationPrompts.parsePairs(reply)
                for text in parsed.unparsed { result.rejected.append(failure(task, reason: "could not be read as [Question] … [Answer] …", raw: text)) }
                result.unparsed += parsed.unparsed.count
                for pair in parsed.pairs.prefix(options.questionsPerPrompt) {
                    candidates.append((context: chunk, question: pair.question, answer: pair.answer))
                }
            case .freeform, .grounded:
                var context: String?
                if seeds.kind == .grounded {
                    let reply = try teacher.reply(to: SeedGenerationPrompts.context(task: seeds.description, examples: examples),
                                                  maxTokens: options.maxTokens)
                    let text = SeedGenerationPrompts.tagged(reply, tag: "Context")
                    guard !text.isEmpty else {
                        result.unparsed += 1
                        result.rejected.append(failure(task, reason: "the teacher wrote no context", raw: reply))
                        return result
                    }
                    context = text
                }
                let reply = try teacher.reply(to: SeedGenerationPrompts.questions(
                    task: seeds.description, examples: examples, count: options.questionsPerPrompt, context: context),
                    maxTokens: options.maxTokens)
                let questions = SeedGenerationPrompts.parseQuestions(reply, limit: options.questionsPerPrompt)
                if questions.isEmpty {
                    result.unparsed += 1
                    result.rejected.append(failure(task, reason: "the teacher wrote no questions", raw: reply))
                }
                for question in questions {
                    let reply = try teacher.reply(to: SeedGenerationPrompts.answer(
                        task: seeds.description, examples: examples, question: question, context: context),
                        maxTokens: options.maxTokens)
                    candidates.append((context: context, question: question,
                                       answer: SeedGenerationPrompts.tagged(reply, tag: "Answer")))
                }
            }
        } catch {
            result.rejected.append(failure(task, reason: "\(error)", raw: nil))
            return result
        }
        for candidate in candidates {
            let row = Self.row(task: task, kind: seeds.kind, context: candidate.context, question: candidate.question,
                               answer: candidate.answer)
            if candidate.answer.isEmpty {
                result.rejected.append(Self.reason(row, "the teacher wrote no answer"))
                continue
            }
            let verdict: String?
            do {
                verdict = try judge(candidate.context, candidate.question, candidate.answer)
            } catch {
                result.rejected.append(Self.reason(row, "\(error)"))
                continue
            }
            if let verdict {
                result.rejected.append(Self.reason(row, verdict))
            } else if let duplicate = duplicates.check(candidate.question) {
                result.rejected.append(Self.reason(row, duplicate))
            } else {
                result.accepted.append(row)
            }
        }
        return result
    }

    /// Why the judges turn a pair down, or nil when it passes (or judges are off).
    func judge(_ context: String?, _ question: String, _ answer: String) throws -> String? {
        guard options.judges else { return nil }
        func ask(_ messages: [ChatMessage], _ what: String) throws -> String? {
            let reply = try teacher.reply(to: messages, maxTokens: 16)
            switch SeedGenerationPrompts.verdict(reply) {
            case true?: return nil
            case false?: return "judge (\(what)): no"
            case nil: return "judge (\(what)): the reply could not be read: \(reply.prefix(80))"
            }
        }
        switch seeds.kind {
        case .knowledge:
            if let context, let no = try ask(SeedGenerationPrompts.faithfulness(context: context, question: question, answer: answer), "faithfulness") { return no }
            if let no = try ask(SeedGenerationPrompts.relevancy(question: question, answer: answer), "relevancy") { return no }
            return try ask(SeedGenerationPrompts.questionQuality(task: seeds.description, question: question, context: context), "question quality")
        case .freeform, .grounded:
            if let no = try ask(SeedGenerationPrompts.questionQuality(task: seeds.description, question: question, context: context), "question quality") { return no }
            if let context, let no = try ask(SeedGenerationPrompts.faithfulness(context: context, question: question, answer: answer), "grounding") { return no }
            let reply = try teacher.reply(to: SeedGenerationPrompts.pairRating(task: seeds.description, question: question,
                                                                                answer: answer, context: context), maxTokens: 16)
            guard let rating = SeedGenerationPrompts.rating(reply) else {
                return "judge (pair rating): the reply could not be read: \(reply.prefix(80))"
            }
            return rating >= 2 ? nil : "judge (pair rating): \(rating) of 3"
        }
    }

    /// `examplesPerPrompt` seed examples, drawn without repeats.
    func pick(using generator: inout SeededGenerator) -> [SeedSet.Example] {
        var pool = seeds.examples
        var picked: [SeedSet.Example] = []
        while picked.count < options.examplesPerPrompt && !pool.isEmpty {
            picked.append(pool.remove(at: Int(generator.next() % UInt64(pool.count))))
        }
        return picked
    }

    /// A kept row: the conversation a run config trains on, and where it came from.
    static func row(task: Int, kind: SeedSet.Kind, context: String?, question: String, answer: String) -> String {
        let prompt = kind == .grounded ? (context.map { $0 + "\n\n" } ?? "") + question : question
        var source = [JSONMember("task", .number(String(task))), JSONMember("kind", .string(kind.rawValue)),
                      JSONMember("question", .string(question))]
        if let context { source.append(JSONMember("context", .string(context))) }
        return JSONFormatter.compact(.object([
            JSONMember("messages", .array([
                .object([JSONMember("role", .string("user")), JSONMember("content", .string(prompt))]),
                .object([JSONMember("role", .string("assistant")), JSONMember("content", .string(answer))]),
            ])),
            JSONMember("loom_sdg", .object(source)),
        ]))
    }

    static func reason(_ row: String, _ reason: String) -> String {
        guard case .object(let members)? = try? JSONParser.parse(row) else { return row }
        return JSONFormatter.compact(.object(members + [JSONMember("reason", .string(reason))]))
    }

    func failure(_ task: Int, reason: String, raw: String?) -> String {
        JSONFormatter.compact(.object([
            JSONMember("loom_sdg", .object([JSONMember("task", .number(String(task))), JSONMember("kind", .string(seeds.kind.rawValue))])),
            JSONMember("raw", raw.map(JSONValue.string) ?? .null),
            JSONMember("reason", .string(reason)),
        ]))
    }
}
