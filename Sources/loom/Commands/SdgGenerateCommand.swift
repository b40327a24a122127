import ArgumentParser
import Foundation
import Synthesis
import Taxonomy
import TerminalCore
import Workbench

/// `loom sdg generate QNA.yaml --teacher … --out DIR`: synthetic training data from a taxonomy file's seed examples.
struct SdgGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate training data from a qna.yaml's seed examples with a teacher.",
        discussion: """
            Knowledge files need their documents (--document): each is cut into chunks of about --chunk-size \
            characters, and the teacher writes question/answer pairs per chunk in the style of the seeds. Freeform \
            skills get questions, then answers; grounded skills (seeds with a context) get a new context, questions \
            about it, then answers. Each pair then meets the judges (faithfulness, relevancy and question quality for \
            knowledge; question quality, grounding and a 1–3 rating for skills; --no-judges skips them) and the \
            exact and near duplicate check. Kept rows go to DIR/generated.jsonl as `messages` that run configs \
            train on; the rest to DIR/rejected.jsonl with the reason, including teacher output that could not be \
            read. Stops at --num kept rows; run the same command again to resume.
            """
    )

    @Argument(help: "The taxonomy qna.yaml file.")
    var qna: String

    @Option(name: .customLong("document"), help: "A document of a knowledge file (text or Markdown; repeat).")
    var documents: [String] = []

    @Option(help: "The folder to write generated.jsonl and rejected.jsonl into (created if missing).")
    var out: String

    @Option(help: "Rows to keep.")
    var num = 20

    @Option(help: "Seed of the example draws.")
    var seed: UInt64 = 0

    @Option(name: .customLong("chunk-size"), help: "Characters per document chunk (knowledge).")
    var chunkSize = 1000

    @Option(name: .customLong("questions-per-prompt"), help: "Questions (or pairs) asked for per prompt.")
    var questionsPerPrompt = 3

    @Flag(name: .customLong("no-judges"), help: "Keep pairs without asking the judges.")
    var noJudges = false

    @OptionGroup var teacherOptions: TeacherOptions

    func validate() throws {
        if num < 1 || chunkSize < 64 || questionsPerPrompt < 1 {
            throw ValidationError("--num and --questions-per-prompt must be ≥ 1, --chunk-size ≥ 64")
        }
    }

    func run() throws {
        let report = QnAValidator.validate(path: qna)
        guard report.isValid, let file = report.file else {
            let first = report.problems.first { $0.severity == .error }.map { "\(qna):\($0)" } ?? qna
            throw ValidationError("\(first) (see loom sdg validate \(qna))")
        }
        let seeds = Self.seedSet(file)
        var chunks: [String] = []
        if seeds.kind == .knowledge {
            guard !documents.isEmpty else {
                let patterns = file.document?.patterns.joined(separator: ", ") ?? "?"
                throw ValidationError("a knowledge file needs its documents: --document FILE… (its document.patterns: \(patterns))")
            }
            do {
                chunks = try RAFTChunker.chunks(fromFiles: documents, chunkSize: chunkSize).map(\.text)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        let folder = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("\(out): cannot create the folder (\(error.localizedDescription))")
        }
        var options = SeedGenerationOptions()
        options.count = num
        options.seed = seed
        options.chunkSize = chunkSize
        options.questionsPerPrompt = questionsPerPrompt
        options.judges = !noJudges
        let generator = SeedGenerator(seeds: seeds, chunks: chunks, options: options, teacher: try teacherOptions.makeTeacher())
        let stop = StopRequest()
        let signals = SignalWatch(signals: [SIGINT, SIGTERM]) { name in
            FileHandle.standardError.write(Data("\n\(name): stopping after this task (again: at once)\n".utf8))
            stop.raise()
        }
        defer { signals.cancel() }
        let result: SeedGenerationProgress
        do {
            result = try generator.generate(into: folder, progress: { state in
                FileHandle.standardError.write(Data("\r\(state.line)   ".utf8))
            }, shouldStop: { stop.isRaised })
        } catch {
            throw ValidationError("\(error)")
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print(SafeText.printable("\(out): \(result.accepted) rows kept in generated.jsonl, \(result.rejected) set aside in rejected.jsonl"
              + (result.unparsed > 0 ? " (\(result.unparsed) teacher replies could not be read)" : "")
              + Self.ending(result, num: num)))
    }

    /// Why the run ended short of --num, if it did.
    static func ending(_ result: SeedGenerationProgress, num: Int) -> String {
        guard result.accepted < num else { return "" }
        if result.tasksDone < result.tasksTotal {
            return "; stopped after \(result.tasksDone) of \(result.tasksTotal) prompts (run again to go on)"
        }
        return "; all \(result.tasksTotal) planned prompts are done with fewer rows than --num \(num): the reasons are in rejected.jsonl"
    }

    /// The seeds as the generator takes them: knowledge pairs with their contexts, or skill examples.
    static func seedSet(_ file: QnAFile) -> SeedSet {
        let examples = file.seeds.flatMap { seed in
            seed.pairs.map { SeedSet.Example(context: seed.context, question: $0.question, answer: $0.answer) }
        }
        switch file.kind {
        case .knowledge:
            let description = [file.domain, file.documentOutline].compactMap { $0 }.joined(separator: ": ")
            return SeedSet(kind: .knowledge, description: description, examples: examples)
        case .compositionalSkill:
            return SeedSet(kind: file.isGrounded ? .grounded : .freeform, description: file.taskDescription ?? "",
                           examples: examples)
        }
    }
}
